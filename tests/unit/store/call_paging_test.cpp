// The calls list on every backend: keyset paging gives each call once, in order,
// and stays exact while calls arrive between pages.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "unit/store/call_search_fixture.hpp"

namespace sb::store {
namespace {

using testing::CallSearchTest;
using Ids = std::vector<std::string>;

class CallPagingTest : public CallSearchTest {
protected:
  // "p000" .. "p249", a second apart (p249 newest).
  static std::string name(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "p%03d", i);
    return buf;
  }
  void SetUp() override {
    CallSearchTest::SetUp();
    if (HasFatalFailure()) return;
    std::vector<CallRecord> calls;
    for (int i = 0; i < 250; ++i)
      calls.push_back(call(name(i), 10'000'000 + i * 1'000));
    record(calls);
  }
};

SB_STORE_BACKENDS(CallPagingTest);

TEST_P(CallPagingTest, PagesOf100GiveEveryCallOnceInOrder) {
  CallQuery q;
  q.limit = 100;
  auto p1 = store_->searchCalls(q);
  ASSERT_TRUE(p1) << p1.error().message;
  EXPECT_EQ(p1->calls.size(), 100U);
  EXPECT_EQ(p1->calls.front().id, "p249");
  q.cursor = p1->nextCursor;
  auto p2 = store_->searchCalls(q);
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->calls.size(), 100U);
  q.cursor = p2->nextCursor;
  auto p3 = store_->searchCalls(q);
  ASSERT_TRUE(p3);
  EXPECT_EQ(p3->calls.size(), 50U);
  EXPECT_TRUE(p3->nextCursor.empty());
  Ids all;
  for (const auto* page : {&*p1, &*p2, &*p3})
    for (const CallRecord& c : page->calls)
      all.push_back(c.id);
  Ids expected;
  for (int i = 249; i >= 0; --i)
    expected.push_back(name(i));
  EXPECT_EQ(all, expected);
}

TEST_P(CallPagingTest, CallsArrivingBetweenPagesNeitherRepeatNorHideOthers) {
  CallQuery q;
  q.limit = 100;
  auto p1 = store_->searchCalls(q);
  ASSERT_TRUE(p1) << p1.error().message;
  // Newer calls land before the first page (not shown again); older ones land in the part
  // not yet read, so they come at the end, in order.
  std::vector<CallRecord> arriving;
  for (int i = 0; i < 10; ++i)
    arriving.push_back(call("q-new-" + std::to_string(i), 20'000'000 + i));
  for (int i = 0; i < 5; ++i)
    arriving.push_back(call("q-old-" + std::to_string(i), 1'000 + i));
  record(arriving);
  Ids rest;
  q.cursor = p1->nextCursor;
  for (int pages = 0; pages < 10 && !q.cursor.empty(); ++pages) {
    auto page = store_->searchCalls(q);
    ASSERT_TRUE(page) << page.error().message;
    for (const CallRecord& c : page->calls)
      rest.push_back(c.id);
    q.cursor = page->nextCursor;
  }
  Ids expected;
  for (int i = 149; i >= 0; --i)
    expected.push_back(name(i));
  for (int i = 4; i >= 0; --i)
    expected.push_back("q-old-" + std::to_string(i));
  EXPECT_EQ(rest, expected);
}

} // namespace
} // namespace sb::store

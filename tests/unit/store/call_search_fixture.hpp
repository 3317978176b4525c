#pragma once
// A store with two users and helpers to record finished calls directly (every column of
// the record as given), for the tests of the calls list and of call logging.
#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "unit/store/store_fixture.hpp"

namespace sb::store::testing {

class CallSearchTest : public StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = addUser("alice");
    bob_ = addUser("bob");
  }

  // A completed inbound call from `caller` to +15550100001, started at `startedAt`.
  CallRecord call(const std::string& id, EpochMs startedAt,
                  const std::string& caller = "+15550199001") {
    CallRecord c = newCall(startedAt, id);
    c.callerE164 = caller;
    c.status = CallStatus::Completed;
    c.endedAt = startedAt + 60'000;
    return c;
  }

  // Queues every call (and each offer) and waits once for all of them.
  void record(const std::vector<CallRecord>& calls, const std::vector<OfferRecord>& offers = {}) {
    std::atomic<int> failed{0};
    auto count = [&failed](WriteOutcome o) {
      if (!o) ++failed;
    };
    for (const CallRecord& c : calls)
      ASSERT_TRUE(store_->callStarted(c, count));
    for (const OfferRecord& o : offers)
      ASSERT_TRUE(store_->offerCreated(o, count));
    store_->flush();
    ASSERT_EQ(failed.load(), 0);
  }

  OfferRecord offer(const std::string& callId, const User& user) {
    OfferRecord o;
    o.id = "o-" + callId + "-" + user.name;
    o.callId = callId;
    o.userId = user.id;
    o.status = OfferStatus::NoAnswer;
    o.createdAt = 1;
    return o;
  }

  // The ids of a search, in order; a failed search is a test failure and no ids.
  std::vector<std::string> ids(const CallQuery& q) {
    auto page = store_->searchCalls(q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<std::string> out;
    if (!page) return out;
    for (const CallRecord& c : page->calls)
      out.push_back(c.id);
    return out;
  }

  // Every page of a query, followed through its cursors.
  std::vector<std::string> allPages(CallQuery q) {
    std::vector<std::string> out;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = store_->searchCalls(q);
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      for (const CallRecord& c : page->calls)
        out.push_back(c.id);
      if (page->nextCursor.empty()) break;
      q.cursor = page->nextCursor;
    }
    return out;
  }

  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  User alice_;
  User bob_;
};

} // namespace sb::store::testing

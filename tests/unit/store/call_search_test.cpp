// The calls list on every backend: each filter alone and together, partial phone
// match, the sort orders, bad queries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/call_search_fixture.hpp"

namespace sb::store {
namespace {

using testing::CallSearchTest;
using Ids = std::vector<std::string>;

class CallFiltersTest : public CallSearchTest {
protected:
  // c1..c6, started 1000 s .. 6000 s, each with something of its own.
  void SetUp() override {
    CallSearchTest::SetUp();
    if (HasFatalFailure()) return;
    CallRecord c1 = call("c1", 1'000'000, "+15557770001");
    c1.talkSeconds = 30;
    c1.answeredByUserId = alice_.id;
    c1.disposition = "sale";
    CallRecord c2 = call("c2", 2'000'000, "+442071234567");
    c2.status = CallStatus::NoAnswer;
    CallRecord c3 = call("c3", 3'000'000, "+15557770001");
    c3.talkSeconds = 300;
    c3.answeredByUserId = bob_.id;
    c3.disposition = "callback";
    CallRecord c4 = call("c4", 4'000'000);
    c4.direction = CallDirection::Outbound;
    c4.numberE164 = "+16175550123";
    c4.talkSeconds = 5;
    CallRecord c5 = call("c5", 5'000'000);
    c5.status = CallStatus::Voicemail;
    CallRecord c6 = call("c6", 6'000'000, "+15557770002");
    c6.talkSeconds = 120;
    c6.answeredByUserId = alice_.id;
    c6.disposition = "sale";
    // bob was rung for c2 (missed it) and c6 (alice took it).
    record({c1, c2, c3, c4, c5, c6}, {offer("c2", bob_), offer("c6", bob_), offer("c6", alice_)});
  }
};

SB_STORE_BACKENDS(CallFiltersTest);

TEST_P(CallFiltersTest, NoFilterListsEveryCallNewestFirst) {
  EXPECT_EQ(ids({}), (Ids{"c6", "c5", "c4", "c3", "c2", "c1"}));
}

TEST_P(CallFiltersTest, TalkTimeBoundsAreInclusiveAndAnUnansweredCallTalkedZero) {
  CallQuery q;
  q.talkTimeMin = 30;
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c1"}));
  q = {};
  q.talkTimeMax = 30;
  EXPECT_EQ(ids(q), (Ids{"c5", "c4", "c2", "c1"}));
  q.talkTimeMin = 5;
  EXPECT_EQ(ids(q), (Ids{"c4", "c1"}));
}

TEST_P(CallFiltersTest, FromIsInclusiveAndToExclusive) {
  CallQuery q;
  q.from = 2'000'000;
  q.to = 5'000'000;
  EXPECT_EQ(ids(q), (Ids{"c4", "c3", "c2"}));
}

TEST_P(CallFiltersTest, PhoneMatchesPartOfEitherNumberWhateverItsFormatting) {
  CallQuery q;
  q.phones = {"555-777"}; // the callers of c1, c3, c6
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c1"}));
  q.phones = {"(617) 555"}; // the dialled number of c4
  EXPECT_EQ(ids(q), (Ids{"c4"}));
  q.phones = {"+1 (555) 010"}; // the dialled number of every inbound call
  EXPECT_EQ(ids(q), (Ids{"c6", "c5", "c3", "c2", "c1"}));
  q.phones = {"0002", "44 20"}; // several: any of them
  EXPECT_EQ(ids(q), (Ids{"c6", "c2"}));
  q.phones = {"12"}; // shorter than a trigram: matched without the index, same answer
  EXPECT_EQ(ids(q), (Ids{"c4", "c2"}));
  q.phones = {"1555777", "44"};
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c2", "c1"}));
  q.phones = {"999999"};
  EXPECT_EQ(ids(q), Ids{});
}

TEST_P(CallFiltersTest, UserMatchesCallsTheyAnsweredOrWereOffered) {
  CallQuery q;
  q.userIds = {bob_.id};
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c2"})); // c6, c2 offered; c3 answered
  q.userIds = {alice_.id};
  EXPECT_EQ(ids(q), (Ids{"c6", "c1"}));
  q.userIds = {alice_.id, bob_.id};
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c2", "c1"}));
  q.userIds = {"nobody"};
  EXPECT_EQ(ids(q), Ids{});
}

TEST_P(CallFiltersTest, DispositionDirectionAndOutcomeMatchExactly) {
  CallQuery q;
  q.disposition = "sale";
  EXPECT_EQ(ids(q), (Ids{"c6", "c1"}));
  q = {};
  q.direction = CallDirection::Outbound;
  EXPECT_EQ(ids(q), (Ids{"c4"}));
  q = {};
  q.outcome = CallStatus::NoAnswer;
  EXPECT_EQ(ids(q), (Ids{"c2"}));
  q.outcome = CallStatus::Voicemail;
  EXPECT_EQ(ids(q), (Ids{"c5"}));
}

// the lead page lists that lead's calls the same way.
TEST_P(CallFiltersTest, LeadMatchesThatLeadsCallsOnly) {
  Lead dana;
  dana.name = "Dana";
  auto lead = store_->createLead(dana);
  ASSERT_TRUE(lead) << lead.error().message;
  CallRecord first = call("c7", 7'000'000);
  first.leadId = lead->id;
  CallRecord second = call("c8", 8'000'000);
  second.leadId = lead->id;
  record({first, second});
  CallQuery q;
  q.leadId = lead->id;
  EXPECT_EQ(ids(q), (Ids{"c8", "c7"}));
  q.leadId = "no-such-lead";
  EXPECT_EQ(ids(q), Ids{});
  q.leadId = "";
  auto bad = store_->searchCalls(q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "lead_id");
}

TEST_P(CallFiltersTest, FiltersTogetherMustAllHold) {
  CallQuery q;
  q.userIds = {alice_.id, bob_.id};
  q.phones = {"5557770"};
  EXPECT_EQ(ids(q), (Ids{"c6", "c3", "c1"}));
  q.disposition = "sale";
  EXPECT_EQ(ids(q), (Ids{"c6", "c1"}));
  q.talkTimeMin = 60;
  EXPECT_EQ(ids(q), (Ids{"c6"}));
  q.to = 6'000'000;
  EXPECT_EQ(ids(q), Ids{});
  q = {};
  q.direction = CallDirection::Inbound;
  q.outcome = CallStatus::Completed;
  q.from = 3'000'000;
  EXPECT_EQ(ids(q), (Ids{"c6", "c3"}));
}

TEST_P(CallFiltersTest, SortsOldestFirstAndByLongestTalk) {
  CallQuery q;
  q.sort = CallSort::StartedOldestFirst;
  EXPECT_EQ(ids(q), (Ids{"c1", "c2", "c3", "c4", "c5", "c6"}));
  q.sort = CallSort::LongestTalkFirst; // ties (0 s: c2, c5) by id, descending
  EXPECT_EQ(ids(q), (Ids{"c3", "c6", "c1", "c4", "c5", "c2"}));
  q.limit = 2; // paging in talk order too
  EXPECT_EQ(allPages(q), (Ids{"c3", "c6", "c1", "c4", "c5", "c2"}));
  q.sort = CallSort::StartedOldestFirst;
  EXPECT_EQ(allPages(q), (Ids{"c1", "c2", "c3", "c4", "c5", "c6"}));
}

TEST_P(CallFiltersTest, ABadQueryOrCursorIsA400) {
  auto code = [&](const CallQuery& q) {
    auto page = store_->searchCalls(q);
    return page ? 0 : page.error().code;
  };
  CallQuery q;
  q.cursor = "not-a-cursor";
  EXPECT_EQ(code(q), 400);
  q.cursor = "6331"; // hex, but not a cursor
  EXPECT_EQ(code(q), 400);
  // A cursor from one sort order does not page another.
  CallQuery newest;
  newest.limit = 2;
  auto first = store_->searchCalls(newest);
  ASSERT_TRUE(first);
  ASSERT_FALSE(first->nextCursor.empty());
  q = {};
  q.sort = CallSort::LongestTalkFirst;
  q.cursor = first->nextCursor;
  EXPECT_EQ(code(q), 400);
  q = {};
  q.limit = 0;
  EXPECT_EQ(code(q), 400);
  q.limit = kMaxCallPage + 1;
  EXPECT_EQ(code(q), 400);
  q = {};
  q.talkTimeMin = -1;
  EXPECT_EQ(code(q), 400);
  q = {};
  q.phones = {"(--)"};
  EXPECT_EQ(code(q), 400);
  q = {};
  q.from = 5;
  q.to = 4;
  EXPECT_EQ(code(q), 400);
}

TEST_P(CallFiltersTest, NothingMatchingIsAnEmptyLastPage) {
  CallQuery q;
  q.disposition = "no such disposition";
  auto page = store_->searchCalls(q);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->calls.empty());
  EXPECT_TRUE(page->nextCursor.empty());
}

} // namespace
} // namespace sb::store

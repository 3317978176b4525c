// The call path: asynchronous, group-committed writes that are durable before their
// completion runs, and recovery of calls a crash left open.
#include <gtest/gtest.h>

#include <atomic>

#include "store/sqlite/connection.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store::sqlite {
namespace {

using testing::StoreTest;

class CallRecordsTest : public StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice_ = addUser("alice");
    bob_ = addUser("bob");
  }

  OfferRecord offer(const std::string& id, const std::string& callId, const User& user,
                    EpochMs at) {
    OfferRecord o;
    o.id = id;
    o.callId = callId;
    o.userId = user.id;
    o.createdAt = at;
    return o;
  }

  CallDetail read(const std::string& callId) {
    auto found = store_->findCall(callId);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : CallDetail{};
  }

  User alice_;
  User bob_;
};

TEST_F(CallRecordsTest, AnAnsweredCallKeepsItsOffersTraceAndTimes) {
  auto& s = *store_;
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(10'000, "c1"), d); }));
  TraceEntry skip{"c1", 0, 10'001, bob_.id, "skip", "cool-down 12 s left"};
  TraceEntry ring{"c1", 0, 10'002, alice_.id, "offer", "assigned number"};
  ASSERT_TRUE(await([&](Completion d) { return s.traceAppend(skip, d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.traceAppend(ring, d); }));
  ASSERT_TRUE(
      await([&](Completion d) { return s.offerCreated(offer("o1", "c1", alice_, 10'002), d); }));
  ASSERT_TRUE(
      await([&](Completion d) { return s.offerCreated(offer("o2", "c1", bob_, 10'003), d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.callAnswered("c1", alice_.id, 14'000, d); }));
  OfferUpdate accepted{"o1", OfferStatus::Accepted, 14'000, ""};
  ASSERT_TRUE(await([&](Completion d) { return s.offerUpdated(accepted, d); }));
  CallEnd end{"c1", CallStatus::Completed, "caller hung up", 75'500};
  ASSERT_TRUE(await([&](Completion d) { return s.callEnded(end, d); }));

  CallDetail detail = read("c1");
  EXPECT_EQ(detail.call.status, CallStatus::Completed);
  EXPECT_EQ(detail.call.answeredByUserId, alice_.id);
  EXPECT_EQ(detail.call.answeredAt, 14'000);
  EXPECT_EQ(detail.call.endedAt, 75'500);
  EXPECT_EQ(detail.call.talkSeconds, 61);
  EXPECT_EQ(detail.call.endReason, "caller hung up");
  ASSERT_EQ(detail.offers.size(), 2U);
  EXPECT_EQ(detail.offers[0].status, OfferStatus::Accepted);
  EXPECT_EQ(detail.offers[0].endedAt, 14'000);
  // The offer nobody closed was still ringing when the call ended.
  EXPECT_EQ(detail.offers[1].status, OfferStatus::Cancelled);
  EXPECT_EQ(detail.offers[1].endedAt, 75'500);
  ASSERT_EQ(detail.trace.size(), 2U);
  EXPECT_EQ(detail.trace[0].seq, 1);
  EXPECT_EQ(detail.trace[0].reason, "cool-down 12 s left");
  EXPECT_EQ(detail.trace[1].seq, 2);
  EXPECT_EQ(detail.trace[1].action, "offer");
  EXPECT_FALSE(store_->findCall("nope")->has_value());
}

TEST_F(CallRecordsTest, WritesThatCannotApplyFailAloneWithAReason) {
  auto& s = *store_;
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(1, "c1"), d); }));
  EXPECT_FALSE(await([&](Completion d) { return s.callStarted(newCall(1, "c1"), d); }));
  EXPECT_FALSE(await([&](Completion d) { return s.callAnswered("ghost", alice_.id, 2, d); }));
  EXPECT_FALSE(
      await([&](Completion d) { return s.offerCreated(offer("o", "ghost", bob_, 2), d); }));
  EXPECT_FALSE(await([&](Completion d) {
    return s.offerUpdated(OfferUpdate{"ghost", OfferStatus::Declined, 3, "declined"}, d);
  }));
  WriteOutcome noId = await([&](Completion d) { return s.callStarted(newCall(1, " "), d); });
  EXPECT_TRUE(noId); // any non-empty id is the caller's choice
  CallRecord anonymous = newCall(1);
  anonymous.id.clear();
  WriteOutcome missingId = await([&](Completion d) { return s.callStarted(anonymous, d); });
  ASSERT_FALSE(missingId);
  EXPECT_EQ(missingId.error().code, 400);
  CallEnd end{"c1", CallStatus::NoAnswer, "nobody answered", 30'000};
  ASSERT_TRUE(await([&](Completion d) { return s.callEnded(end, d); }));
  WriteOutcome twice = await([&](Completion d) { return s.callEnded(end, d); });
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("c1"), std::string::npos);
  EXPECT_FALSE(read("c1").call.talkSeconds.has_value());
}

TEST_F(CallRecordsTest, ACompletionRunsOnlyOnceTheCallIsCommitted) {
  // A second connection sees only committed data, so finding the call from inside the
  // completion proves the commit happened first.
  auto observer = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(observer);
  std::atomic<int> seen{-1};
  ASSERT_TRUE(store_->callStarted(newCall(5, "c-durable"), [&](WriteOutcome outcome) {
    if (!outcome) return;
    auto stmt = (*observer)->prepare("SELECT COUNT(*) FROM calls WHERE id = 'c-durable'");
    if (!stmt || !stmt->step()) return;
    seen = static_cast<int>(stmt->integer(0));
  }));
  store_->flush();
  EXPECT_EQ(seen.load(), 1);
}

TEST_F(CallRecordsTest, WritesQueuedWhileTheDatabaseIsBusyShareOneCommit) {
  // Another connection holds the write lock, so the writer's first batch waits in BEGIN
  // while the rest queue up behind it.
  auto blocker = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(blocker);
  ASSERT_TRUE((*blocker)->exec("BEGIN IMMEDIATE"));
  const std::uint64_t before = store_->commitCount();
  std::atomic<int> ok{0};
  constexpr int kCalls = 200;
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(
        store_->callStarted(newCall(100 + i), [&](WriteOutcome o) { ok += o.ok() ? 1 : 0; }));
  }
  ASSERT_TRUE((*blocker)->exec("COMMIT"));
  store_->flush();
  EXPECT_EQ(ok.load(), kCalls);
  EXPECT_LE(store_->commitCount() - before, 2U);
  EXPECT_GE(store_->commitCount() - before, 1U);
}

TEST_F(CallRecordsTest, CommittedCallsSurviveReopening) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(7, "c-kept"), d); }));
  // Queued but not flushed: closing the store drains it.
  ASSERT_TRUE(store_->offerCreated(offer("o-kept", "c-kept", alice_, 8), nullptr));
  reopen();
  CallDetail detail = read("c-kept");
  EXPECT_EQ(detail.call.status, CallStatus::Ringing);
  EXPECT_EQ(detail.call.callerE164, "+15550199001");
  ASSERT_EQ(detail.offers.size(), 1U);
  EXPECT_EQ(detail.offers[0].id, "o-kept");
}

TEST_F(CallRecordsTest, RestartClosesCallsLeftOpenAsInterrupted) {
  auto& s = *store_;
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(1'000, "ringing"), d); }));
  ASSERT_TRUE(await(
      [&](Completion d) { return s.offerCreated(offer("o1", "ringing", alice_, 1'001), d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(2'000, "talking"), d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.callAnswered("talking", bob_.id, 3'000, d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(4'000, "done"), d); }));
  ASSERT_TRUE(await([&](Completion d) {
    return s.callEnded(CallEnd{"done", CallStatus::Voicemail, "voicemail left", 9'000}, d);
  }));
  reopen(); // as after a crash

  auto closed = store_->closeInterruptedCalls(63'000);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 2);
  CallDetail ringing = read("ringing");
  EXPECT_EQ(ringing.call.status, CallStatus::Interrupted);
  EXPECT_EQ(ringing.call.endedAt, 63'000);
  EXPECT_EQ(ringing.call.endReason, "server restarted");
  ASSERT_EQ(ringing.offers.size(), 1U);
  EXPECT_EQ(ringing.offers[0].status, OfferStatus::Cancelled);
  EXPECT_EQ(read("talking").call.talkSeconds, 60);
  CallDetail done = read("done");
  EXPECT_EQ(done.call.status, CallStatus::Voicemail);
  EXPECT_EQ(done.call.endedAt, 9'000);
  EXPECT_EQ(*store_->closeInterruptedCalls(70'000), 0);
}

TEST_F(CallRecordsTest, CallsPageNewestFirstWithoutGapsOrRepeats) {
  int n = 0;
  for (EpochMs t : {500, 100, 300, 300, 200}) {
    std::string id = "c" + std::to_string(n++);
    ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(t, id), d); }));
  }
  std::vector<std::string> seen;
  CallPage page;
  page.limit = 2;
  for (int guard = 0; guard < 10; ++guard) {
    auto rows = store_->listCalls(page);
    ASSERT_TRUE(rows) << rows.error().message;
    if (rows->empty()) break;
    for (const auto& c : *rows)
      seen.push_back(std::to_string(c.startedAt) + "/" + c.id);
    page.beforeStartedAt = rows->back().startedAt;
    page.beforeId = rows->back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"500/c0", "300/c3", "300/c2", "200/c4", "100/c1"}));
  page.limit = 0;
  EXPECT_EQ(store_->listCalls(page).error().code, 400);
}

} // namespace
} // namespace sb::store::sqlite

// The call path: asynchronous, group-committed writes that are durable before their
// completion runs, and recovery of calls a crash left open.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

using testing::StoreTest;

class CallRecordsTest : public StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
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

  // A call ringing alice (offer o-alice) and bob (offer o-bob).
  void ringBoth(const std::string& callId) {
    ASSERT_TRUE(
        await([&](Completion d) { return store_->callStarted(newCall(1'000, callId), d); }));
    ASSERT_TRUE(await([&](Completion d) {
      return store_->offerCreated(offer("o-alice", callId, alice_, 1'001), d);
    }));
    ASSERT_TRUE(await([&](Completion d) {
      return store_->offerCreated(offer("o-bob", callId, bob_, 1'002), d);
    }));
  }

  OfferStatus offerStatus(const std::string& callId, const std::string& offerId) {
    for (const OfferRecord& o : read(callId).offers) {
      if (o.id == offerId) return o.status;
    }
    ADD_FAILURE() << "no offer " << offerId;
    return OfferStatus::Failed;
  }

  User alice_;
  User bob_;
};

SB_STORE_BACKENDS(CallRecordsTest);

TEST_P(CallRecordsTest, AnAnsweredCallKeepsItsOffersTraceAndTimes) {
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

// a transfer's offers are the call's, marked with who transferred it; the
// calls list's user filter finds the call for the target too.
TEST_P(CallRecordsTest, TransferOffersNameWhoTransferredAndTheTargetFindsTheCall) {
  auto& s = *store_;
  ASSERT_TRUE(await([&](Completion d) { return s.callStarted(newCall(10'000, "c1"), d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.offerCreated(offer("o1", "c1", alice_, 10'001), d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.callAnswered("c1", alice_.id, 12'000, d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.offerUpdated({"o1", OfferStatus::Accepted, 12'000, ""}, d); }));
  OfferRecord transfer = offer("o2", "c1", bob_, 30'000);
  transfer.transferredByUserId = alice_.id;
  ASSERT_TRUE(await([&](Completion d) { return s.offerCreated(transfer, d); }));
  ASSERT_TRUE(await([&](Completion d) { return s.offerUpdated({"o2", OfferStatus::Accepted, 34'000, ""}, d); }));

  CallDetail detail = read("c1");
  ASSERT_EQ(detail.offers.size(), 2U);
  EXPECT_EQ(detail.offers[0].transferredByUserId, std::nullopt);
  EXPECT_EQ(detail.offers[1].transferredByUserId, alice_.id);
  EXPECT_EQ(detail.offers[1].status, OfferStatus::Accepted);
  EXPECT_EQ(detail.call.answeredByUserId, alice_.id) << "the first answerer stays the call's";
  CallQuery bobs;
  bobs.userIds = {bob_.id};
  auto found = s.searchCalls(bobs);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->calls.size(), 1U);
  EXPECT_EQ(found->calls[0].id, "c1");
}

TEST_P(CallRecordsTest, WritesThatCannotApplyFailAloneWithAReason) {
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

TEST_P(CallRecordsTest, CommittedCallsSurviveReopening) {
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

TEST_P(CallRecordsTest, RestartClosesCallsLeftOpenAsInterrupted) {
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

TEST_P(CallRecordsTest, CallsPageNewestFirstWithoutGapsOrRepeats) {
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

// both accept at the same moment; the writer applies both in one batch and only
// the first finds the call still unanswered.
TEST_P(CallRecordsTest, R7TwoClaimsOnOneCallExactlyOneWins) {
  ringBoth("c1");
  std::mutex mutex;
  std::vector<std::pair<std::string, bool>> results;
  auto record = [&](const std::string& who) {
    return [&, who](common::Result<bool> won) {
      ASSERT_TRUE(won) << won.error().message;
      std::lock_guard lock(mutex);
      results.emplace_back(who, *won);
    };
  };
  ASSERT_TRUE(store_->claimCall("c1", "o-alice", alice_.id, 5'000, record("alice")));
  ASSERT_TRUE(store_->claimCall("c1", "o-bob", bob_.id, 5'001, record("bob")));
  store_->flush();
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0], std::make_pair(std::string("alice"), true));
  EXPECT_EQ(results[1], std::make_pair(std::string("bob"), false));

  CallDetail detail = read("c1");
  EXPECT_EQ(detail.call.status, CallStatus::Connected);
  EXPECT_EQ(detail.call.answeredByUserId, alice_.id);
  EXPECT_EQ(detail.call.answeredAt, 5'000);
  // Only the winner's offer is accepted; the loser's is the call path's to withdraw.
  EXPECT_EQ(offerStatus("c1", "o-alice"), OfferStatus::Accepted);
  EXPECT_EQ(offerStatus("c1", "o-bob"), OfferStatus::Ringing);
  EXPECT_EQ(read("c1").offers[0].endedAt, 5'000);
}

// R-7 across nodes: two stores on one database, each with its own writer.
TEST_P(CallRecordsTest, R7ClaimsFromTwoNodesSharingTheDatabaseHaveOneWinner) {
  ringBoth("c1");
  auto other = db_->open(clock_, nullptr);
  ASSERT_TRUE(other) << other.error().message;
  std::atomic<int> won{0};
  std::atomic<int> lost{0};
  auto count = [&](common::Result<bool> r) {
    if (r && *r) ++won;
    if (r && !*r) ++lost;
  };
  ASSERT_TRUE(store_->claimCall("c1", "o-alice", alice_.id, 5'000, count));
  ASSERT_TRUE((*other)->claimCall("c1", "o-bob", bob_.id, 5'000, count));
  store_->flush();
  (*other)->flush();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 1);
  other->reset();
  CallDetail detail = read("c1");
  ASSERT_TRUE(detail.call.answeredByUserId.has_value());
  const bool aliceWon = *detail.call.answeredByUserId == alice_.id;
  EXPECT_EQ(offerStatus("c1", "o-alice"), aliceWon ? OfferStatus::Accepted : OfferStatus::Ringing);
  EXPECT_EQ(offerStatus("c1", "o-bob"), aliceWon ? OfferStatus::Ringing : OfferStatus::Accepted);
}

TEST_P(CallRecordsTest, R7AClaimAfterTheCallEndedLoses) {
  ringBoth("c1");
  CallEnd end{"c1", CallStatus::NoAnswer, "caller hung up", 4'000};
  ASSERT_TRUE(await([&](Completion d) { return store_->callEnded(end, d); }));
  auto claim = awaitClaim(
      [&](ClaimCompletion d) { return store_->claimCall("c1", "o-alice", alice_.id, 4'001, d); });
  ASSERT_TRUE(claim) << claim.error().message;
  EXPECT_FALSE(*claim);
  CallDetail detail = read("c1");
  EXPECT_EQ(detail.call.status, CallStatus::NoAnswer);
  EXPECT_FALSE(detail.call.answeredByUserId.has_value());
  EXPECT_EQ(offerStatus("c1", "o-alice"), OfferStatus::Cancelled);
}

// a forwarding number or the company phone answers through the trunk: the call is
// claimed with no user and no offer row, and a user's claim after it loses.
TEST_P(CallRecordsTest, R7ANumberOutsideClaimsWithNoUserAndLaterClaimsLose) {
  ringBoth("c1");
  auto outside = awaitClaim([&](ClaimCompletion d) { return store_->claimCall("c1", "", "", 5'000, d); });
  ASSERT_TRUE(outside) << outside.error().message;
  EXPECT_TRUE(*outside);
  auto late = awaitClaim(
      [&](ClaimCompletion d) { return store_->claimCall("c1", "o-alice", alice_.id, 5'001, d); });
  ASSERT_TRUE(late) << late.error().message;
  EXPECT_FALSE(*late);
  CallDetail detail = read("c1");
  EXPECT_EQ(detail.call.status, CallStatus::Connected);
  EXPECT_FALSE(detail.call.answeredByUserId.has_value());
  EXPECT_EQ(detail.call.answeredAt, 5'000);
  EXPECT_EQ(offerStatus("c1", "o-alice"), OfferStatus::Ringing);
}

// The claim and its offer are one write: a claim naming an offer the call does not have
// fails whole and leaves the call unanswered for a real claim.
TEST_P(CallRecordsTest, R7AClaimWithAnUnknownOfferFailsAndClaimsNothing) {
  ringBoth("c1");
  auto bad = awaitClaim(
      [&](ClaimCompletion d) { return store_->claimCall("c1", "o-ghost", alice_.id, 5'000, d); });
  EXPECT_FALSE(bad);
  EXPECT_FALSE(read("c1").call.answeredByUserId.has_value());
  auto good = awaitClaim(
      [&](ClaimCompletion d) { return store_->claimCall("c1", "o-bob", bob_.id, 5'001, d); });
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_TRUE(*good);
  auto unknown = awaitClaim(
      [&](ClaimCompletion d) { return store_->claimCall("ghost", "o-bob", bob_.id, 5'002, d); });
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
}

TEST_P(CallRecordsTest, R1ACallIsLinkedToItsLeadOnceKnown) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1, "c1"), d); }));
  Lead lead;
  lead.name = "Dana";
  auto created = store_->createLead(lead);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_TRUE(await([&](Completion d) { return store_->callLeadSet("c1", created->id, d); }));
  EXPECT_EQ(read("c1").call.leadId, created->id);
  EXPECT_FALSE(await([&](Completion d) { return store_->callLeadSet("ghost", created->id, d); }));
  EXPECT_FALSE(await([&](Completion d) { return store_->callLeadSet("c1", "no-such-lead", d); }));
  EXPECT_EQ(read("c1").call.leadId, created->id);
}

} // namespace
} // namespace sb::store

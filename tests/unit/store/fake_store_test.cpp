// The fake must behave like the real store where other modules' tests rely on it.
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::store::testing {
namespace {

TEST(FakeStore, HoldsCallWritesUntilTheTestCompletesThem) {
  FakeStore store;
  bool durable = false;
  CallRecord call;
  call.id = "c1";
  ASSERT_TRUE(store.callStarted(call, [&](WriteOutcome o) { durable = o.ok(); }));
  EXPECT_FALSE(durable);
  EXPECT_FALSE(store.findCall("c1")->has_value());
  EXPECT_EQ(store.pendingNames(), std::vector<std::string>{"callStarted c1"});
  store.completeNext();
  EXPECT_TRUE(durable);
  EXPECT_TRUE(store.findCall("c1")->has_value());
}

TEST(FakeStore, CanFailOrRefuseWrites) {
  FakeStore store;
  std::optional<bool> ok;
  ASSERT_TRUE(store.traceAppend(TraceEntry{"c1", 0, 1, {}, "skip", "unavailable"},
                                [&](WriteOutcome o) { ok = o.ok(); }));
  store.failNext("disk full");
  EXPECT_EQ(ok, false);
  store.refuseWrites = true;
  EXPECT_FALSE(store.callEnded(CallEnd{"c1", CallStatus::Completed, "", 2}, nullptr));
}

TEST(FakeStore, ReportsDuplicateSipUsernamesLikeTheRealStore) {
  FakeStore store;
  ASSERT_TRUE(store.createDevice(Device{"", "u1", DeviceKind::Sip, "alice", "pw", 0}));
  auto duplicate = store.createDevice(Device{"", "u2", DeviceKind::Sip, "alice", "pw", 0});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, 409);
}

// as in the real store, the claim's answer is decided when the write applies.
TEST(FakeStore, R7TheFirstClaimAppliedWinsAndAcceptsItsOffer) {
  FakeStore store;
  CallRecord call;
  call.id = "c1";
  ASSERT_TRUE(store.callStarted(call, nullptr));
  ASSERT_TRUE(store.offerCreated(OfferRecord{"o1", "c1", "u1", {}, OfferStatus::Ringing, 1, {}, "", {}},
                                 nullptr));
  ASSERT_TRUE(store.offerCreated(OfferRecord{"o2", "c1", "u2", {}, OfferStatus::Ringing, 1, {}, "", {}},
                                 nullptr));
  store.completeAll();
  std::vector<bool> won;
  auto record = [&](common::Result<bool> r) { won.push_back(r && *r); };
  ASSERT_TRUE(store.claimCall("c1", "o2", "u2", 5, record));
  ASSERT_TRUE(store.claimCall("c1", "o1", "u1", 6, record));
  EXPECT_TRUE(won.empty()); // nothing decided before the writes complete
  EXPECT_EQ(store.pendingNames(), (std::vector<std::string>{"claimCall c1 o2", "claimCall c1 o1"}));
  store.completeAll();
  EXPECT_EQ(won, (std::vector<bool>{true, false}));
  const CallDetail& detail = store.calls["c1"];
  EXPECT_EQ(detail.call.answeredByUserId, "u2");
  EXPECT_EQ(detail.offers[0].status, OfferStatus::Ringing);
  EXPECT_EQ(detail.offers[1].status, OfferStatus::Accepted);

  ASSERT_TRUE(store.callEnded(CallEnd{"c1", CallStatus::Completed, "", 9}, nullptr));
  ASSERT_TRUE(store.claimCall("c1", "o1", "u1", 10, record));
  store.completeAll();
  EXPECT_EQ(won.back(), false);
}

// one open follow-up per caller, merged into, closed by a connected call.
TEST(FakeStore, R15MissedCallsMergeUntilAConnectedCallClosesThem) {
  FakeStore store;
  std::vector<bool> ok;
  auto record = [&](WriteOutcome o) { ok.push_back(o.ok()); };
  ASSERT_TRUE(store.missedCall(MissedCall{"c1", "+15550199001", {}, {}, "missed", 1}, record));
  ASSERT_TRUE(
      store.missedCall(MissedCall{"c2", "+15550199001", "l1", "u1", "voicemail", 2}, record));
  ASSERT_TRUE(store.missedCall(MissedCall{"c3", "", {}, {}, "missed", 3}, record));
  store.completeAll();
  EXPECT_EQ(ok, (std::vector<bool>{true, true, false}));
  ASSERT_EQ(store.followUps.size(), 1U);
  EXPECT_EQ(store.followUps[0].missedCalls, 2);
  EXPECT_EQ(store.followUps[0].assignedUserId, "u1");

  ASSERT_TRUE(store.followUpsClosed("+15550100999", std::string("l1"), "c4", 4, nullptr));
  ASSERT_TRUE(store.missedCall(MissedCall{"c5", "+15550199001", {}, {}, "missed", 5}, nullptr));
  store.completeAll();
  EXPECT_EQ(store.followUps[0].status, FollowUpStatus::Closed);
  EXPECT_EQ(store.followUps[0].closedByCallId, "c4");
  FollowUpQuery open;
  open.status = FollowUpStatus::Open;
  auto rows = store.listFollowUps(open);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ(rows->front().lastCallId, "c5");
}

TEST(FakeStore, WritesOnUnknownRecordsFailLikeTheRealStore) {
  FakeStore store;
  std::vector<bool> ok;
  auto record = [&](WriteOutcome o) { ok.push_back(o.ok()); };
  ASSERT_TRUE(store.callLeadSet("ghost", "l1", record));
  ASSERT_TRUE(store.leadAssigned("ghost", "u1", true, record));
  ASSERT_TRUE(store.availabilityChanged("ghost", Availability::Unavailable, "", record));
  store.completeAll();
  EXPECT_EQ(ok, (std::vector<bool>{false, false, false}));
  PhoneNumber n;
  n.id = "ghost";
  n.e164 = "+15550100001";
  EXPECT_EQ(store.updateNumber(n).error().code, 404);
}

} // namespace
} // namespace sb::store::testing

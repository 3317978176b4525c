// The server's routing service over a fake store: admitting calls, R-1 leads, R-11
// availability, R-12 cool-down, R-15 follow-ups and R-18 assignment, with the writes it
// makes checked in the store. The decisions themselves are routing's (tests/unit/routing).
#include "server/call_routing.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

namespace sb::server {
namespace {

using calls::CallDirection;
using calls::CallStatus;
using calls::OfferStatus;
using calls::Route;

constexpr const char* kCaller = "+15557654321";
constexpr const char* kLine = "+15550100001";

class CallRoutingTest : public ::testing::Test {
protected:
  CallRoutingTest() {
    db.org = store::Organization{"Acme", "", "US", {{"cool_down_seconds", 30}, {"missed_offers_before_unavailable", 2}}};
    db.users = {agentUser("u-alice", "Alice"), agentUser("u-bob", "Bob")};
    db.users[0].assignedNumberId = "n-1";
    store::PhoneNumber line;
    line.id = "n-1";
    line.e164 = kLine;
    line.assignedUserId = "u-alice";
    db.numbers = {line};
  }

  static store::User agentUser(const std::string& id, const std::string& name) {
    store::User u;
    u.id = id;
    u.name = name;
    u.email = id + "@example.test";
    return u;
  }

  CallRoutingService& load() {
    auto loaded = service.load();
    EXPECT_TRUE(loaded) << loaded.error().message;
    service.setReachableDevices("u-alice", 1);
    service.setReachableDevices("u-bob", 1);
    return service;
  }

  store::Lead lead(const std::string& id, std::optional<std::string> owner) {
    store::Lead l;
    l.id = id;
    l.name = "Pat";
    l.ownerUserId = std::move(owner);
    l.phones = {kCaller};
    return l;
  }

  std::vector<std::string> pending() const { return db.pendingNames(); }

  common::ManualClock clock;
  store::testing::FakeStore db;
  CallRoutingService service{db, clock, 20};
};

TEST_F(CallRoutingTest, ANumberThatIsNotOursIsNotAdmitted) {
  load();
  EXPECT_FALSE(service.admit("c1", "+15550199999", kCaller));
  EXPECT_TRUE(service.admit("c1", kLine, kCaller));
}

TEST_F(CallRoutingTest, R2TheAssignedUserRingsFirstAndEverySkipIsTraced) {
  load();
  service.admit("c1", kLine, kCaller);
  Route first = service.next("c1");
  ASSERT_EQ(first.kind, Route::Kind::Offer);
  EXPECT_EQ(first.users, std::vector<std::string>{"u-alice"});
  EXPECT_EQ(first.ringTimeout, common::Duration{20'000}) << "the server's default where the settings name none";
  EXPECT_FALSE(pending().empty()) << "the decision's trace lines are written";
}

TEST_F(CallRoutingTest, R1OneMatchingLeadIsTheCallersAndSeveralAreLeftToTheAgent) {
  db.leads = {lead("l-1", std::nullopt)};
  load();
  EXPECT_EQ(service.admit("c1", kLine, kCaller)->leadId, std::optional<std::string>("l-1"));
  db.leads.push_back(lead("l-2", std::nullopt));
  CallRoutingService again(db, clock, 20);
  ASSERT_TRUE(again.load());
  EXPECT_EQ(again.admit("c2", kLine, kCaller)->leadId, std::nullopt);
}

TEST_F(CallRoutingTest, R1R18AnUnknownCallerGetsALeadOnAnswerAssignedToWhoAnswered) {
  load();
  service.admit("c1", kLine, kCaller);
  service.next("c1");
  db.completeAll();
  service.connected("c1", "u-alice", CallDirection::Inbound);
  db.completeAll();
  ASSERT_EQ(db.leads.size(), 1U);
  EXPECT_EQ(db.leads[0].phones, std::vector<std::string>{kCaller});
  EXPECT_EQ(db.leads[0].ownerUserId, std::optional<std::string>("u-alice"));
  EXPECT_EQ(db.leads[0].attributes.value("source", ""), "inbound call");
}

TEST_F(CallRoutingTest, R18IfUnownedLeavesAnOwnedLeadWithItsOwner) {
  db.org->settings["lead_assignment"] = "if_unowned";
  db.leads = {lead("l-1", std::string("u-bob"))};
  load();
  service.admit("c1", kLine, kCaller);
  service.connected("c1", "u-alice", CallDirection::Inbound);
  for (const auto& name : pending()) EXPECT_EQ(name.find("leadAssigned"), std::string::npos) << name;
}

TEST_F(CallRoutingTest, R11MissedOffersInARowMakeAUserUnavailableAndStoreIt) {
  load();
  for (const char* call : {"c1", "c2"}) {
    service.admit(call, kLine, kCaller);
    service.next(call);
    service.offered(call, "u-alice");
    service.offerEnded(call, "u-alice", OfferStatus::NoAnswer);
  }
  const auto* alice = service.board().find("u-alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_FALSE(alice->available);
  auto names = pending();
  EXPECT_NE(std::find(names.begin(), names.end(), "availabilityChanged u-alice"), names.end());
}

TEST_F(CallRoutingTest, R12CoolDownFollowsAnInboundCallButNotAnOutboundOne) {
  load();
  service.admit("c1", kLine, kCaller);
  service.connected("c1", "u-alice", CallDirection::Inbound);
  EXPECT_TRUE(service.board().find("u-alice")->onCall);
  service.ended("c1", CallStatus::Completed, true);
  EXPECT_FALSE(service.board().find("u-alice")->onCall);
  EXPECT_EQ(service.board().find("u-alice")->coolDownUntil, common::toEpochMs(clock.wallNow()) + 30'000);

  service.connected("c2", "u-bob", CallDirection::Outbound);
  service.ended("c2", CallStatus::Completed, true);
  EXPECT_EQ(service.board().find("u-bob")->coolDownUntil, 0);
}

TEST_F(CallRoutingTest, R15AMissedCallOpensAFollowUpForTheLeadOwnerAndAnAnswerClosesIt) {
  db.leads = {lead("l-1", std::string("u-bob"))};
  load();
  service.admit("c1", kLine, kCaller);
  service.ended("c1", CallStatus::NoAnswer, false);
  db.completeAll();
  ASSERT_EQ(db.followUps.size(), 1U);
  EXPECT_EQ(db.followUps[0].assignedUserId, std::optional<std::string>("u-bob"));
  EXPECT_EQ(db.followUps[0].status, store::FollowUpStatus::Open);

  service.admit("c2", kLine, kCaller);
  service.connected("c2", "u-alice", CallDirection::Inbound);
  db.completeAll();
  EXPECT_EQ(db.followUps[0].status, store::FollowUpStatus::Closed);
  EXPECT_EQ(db.followUps[0].closedByCallId, std::optional<std::string>("c2"));
}

TEST_F(CallRoutingTest, ABadSettingIsRefusedAtLoadNamingTheKey) {
  db.org->settings["create_lead_for_unknown_caller"] = "sometimes";
  auto loaded = service.load();
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("create_lead_for_unknown_caller"), std::string::npos);
}

} // namespace
} // namespace sb::server

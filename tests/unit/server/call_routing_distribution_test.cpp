// R-20..R-23 in the server's routing: a distributed lead rings the group's users eligible
// now for it, in batches of the ring-all limit, longest idle first, every answer confirmed;
// the first to take it owns the lead and gets an application; a lead nobody took becomes a
// lead exception whose reason says why; the lead is called from the agent's caller ID.
#include "calls/b2bua.hpp"
#include "server/call_routing.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sb::server {
namespace {

using calls::CallDirection;
using calls::CallStatus;
using calls::OfferStatus;

constexpr const char* kCompanyPhone = "+15550100000";
constexpr const char* kAliceLine = "+15550100001";
constexpr const char* kLeadPhone = "+15557654321";

class DistributionRoutingTest : public ::testing::Test {
protected:
  DistributionRoutingTest() {
    db.org = store::Organization{"Acme", kCompanyPhone, "US", {{"ring_all_batch", 2}, {"cool_down_seconds", 30}}};
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"u-alice", "west"}, {"u-bob", "west"}, {"u-carol", "west"}, {"u-dave", "east"}}) {
      store::User u;
      u.id = id;
      u.name = id.substr(2);
      u.email = id + "@example.test";
      u.attributes = {{"team", team}};
      db.users.push_back(u);
    }
    db.users[1].callerId = "+15550109999"; // Bob's own caller ID
    store::PhoneNumber line;
    line.id = "n-1";
    line.e164 = kAliceLine;
    line.assignedUserId = "u-alice";
    db.numbers = {line};
    db.users[0].assignedNumberId = "n-1";
    store::GroupRecord west;
    west.id = "g-west";
    west.name = "West";
    west.filter = "user.team == lead.region";
    db.groups = {west};
    lead.id = "l-1";
    lead.name = "Dana";
    lead.phones = {kLeadPhone};
    lead.attributes = {{"region", "west"}};
    db.leads = {lead};
  }

  void SetUp() override {
    auto loaded = service.load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    for (const auto& u : db.users) service.setReachableDevices(u.id, 1);
  }

  calls::DistributionStart start(const std::string& callId = "d1") {
    std::string refusal;
    auto started = service.startDistribution(callId, lead, "g-west", refusal);
    EXPECT_TRUE(started) << refusal;
    return started.value_or(calls::DistributionStart{});
  }

  // Every user of the route's offers ends with `status`.
  void endOffers(const calls::Route& route, OfferStatus status) {
    for (const auto& user : route.users) {
      service.offered("d1", user);
      service.offerEnded("d1", user, status);
    }
  }

  std::vector<std::string> traceReasons(const std::string& callId) {
    std::vector<std::string> reasons;
    for (const auto& entry : db.calls[callId].trace) reasons.push_back(entry.action + ": " + entry.reason);
    return reasons;
  }

  common::ManualClock clock;
  store::testing::FakeStore db;
  store::Lead lead;
  CallRoutingService service{db, clock, 20};
};

TEST_F(DistributionRoutingTest, StartsACallFromTheCompanyToTheLeadsNumber) {
  const auto started = start();
  EXPECT_EQ(started.record.callId, "d1");
  EXPECT_EQ(started.record.direction, CallDirection::Distribution);
  EXPECT_EQ(started.record.numberE164, kLeadPhone);
  EXPECT_EQ(started.record.callerE164, kCompanyPhone);
  EXPECT_EQ(started.record.leadId, "l-1");
  EXPECT_EQ(started.leadName, "Dana");
}

TEST_F(DistributionRoutingTest, RefusesAnUnknownGroupAndALeadWithoutAPhone) {
  std::string refusal;
  EXPECT_FALSE(service.startDistribution("d1", lead, "g-none", refusal));
  EXPECT_NE(refusal.find("no group"), std::string::npos) << refusal;
  store::Lead silent = lead;
  silent.phones.clear();
  EXPECT_FALSE(service.startDistribution("d2", silent, "g-west", refusal));
  EXPECT_NE(refusal.find("phone"), std::string::npos) << refusal;
}

TEST_F(DistributionRoutingTest, RingsTheMatchingUsersInBatchesThenRaisesNoAnswer) {
  start();
  clock.advance(std::chrono::seconds(1));
  auto first = service.next("d1");
  ASSERT_EQ(first.kind, calls::Route::Kind::Offer);
  EXPECT_TRUE(first.confirm) << "R-21: every answer hears the lead and presses 1";
  EXPECT_EQ(first.users.size(), 2u) << "the ring-all limit is 2 here";
  endOffers(first, OfferStatus::NoAnswer);
  auto second = service.next("d1");
  ASSERT_EQ(second.kind, calls::Route::Kind::Offer);
  ASSERT_EQ(second.users.size(), 1u) << "Dave (east) does not match the lead's region";
  std::vector<std::string> rung = first.users;
  rung.push_back(second.users[0]);
  std::sort(rung.begin(), rung.end());
  EXPECT_EQ(rung, (std::vector<std::string>{"u-alice", "u-bob", "u-carol"}));
  endOffers(second, OfferStatus::Declined);
  EXPECT_EQ(service.next("d1").kind, calls::Route::Kind::Hangup);

  service.ended("d1", CallStatus::NoAnswer, false);
  db.completeAll();
  ASSERT_EQ(db.leadExceptions.size(), 1u);
  const auto& exception = db.leadExceptions[0];
  EXPECT_EQ(exception.leadId, "l-1");
  EXPECT_EQ(exception.groupId, "g-west");
  EXPECT_EQ(exception.callId, "d1");
  EXPECT_EQ(exception.reason, "no_answer");
  EXPECT_EQ(exception.detail, "3 rung, 1 declined, 2 did not take it");
  EXPECT_TRUE(db.applications.empty());
}

TEST_F(DistributionRoutingTest, ALeadEveryoneDeclinedSaysSo) {
  start();
  for (auto route = service.next("d1"); route.kind == calls::Route::Kind::Offer; route = service.next("d1"))
    endOffers(route, OfferStatus::Declined);
  service.ended("d1", CallStatus::NoAnswer, false);
  db.completeAll();
  ASSERT_EQ(db.leadExceptions.size(), 1u);
  EXPECT_EQ(db.leadExceptions[0].reason, "all_declined");
}

TEST_F(DistributionRoutingTest, NobodyEligibleIsAnExceptionAtOnceWithTheSkipsTraced) {
  ASSERT_TRUE(service.setAvailability("u-alice", false, "training"));
  ASSERT_TRUE(service.setAvailability("u-bob", false, "lunch"));
  service.setReachableDevices("u-carol", 0);
  start();
  EXPECT_EQ(service.next("d1").kind, calls::Route::Kind::Hangup);
  service.ended("d1", CallStatus::NoAnswer, false);
  db.completeAll();
  ASSERT_EQ(db.leadExceptions.size(), 1u);
  EXPECT_EQ(db.leadExceptions[0].reason, "nobody_eligible");
  const auto trace = traceReasons("d1");
  auto mentions = [&](const std::string& words) {
    return std::any_of(trace.begin(), trace.end(), [&](const auto& line) { return line.find(words) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("training")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(mentions("unreachable")) << ::testing::PrintToString(trace);
  EXPECT_TRUE(mentions("nobody in group West")) << ::testing::PrintToString(trace);
}

TEST_F(DistributionRoutingTest, TheFirstToTakeItOwnsTheLeadWithAnApplication) {
  store::Lead owned = lead;
  owned.ownerUserId = "u-dave";
  db.leads = {owned};
  start();
  auto route = service.next("d1");
  ASSERT_EQ(route.kind, calls::Route::Kind::Offer);
  for (const auto& user : route.users) service.offered("d1", user);
  const std::string taker = route.users.front();
  service.connected("d1", taker, CallDirection::Distribution);
  service.ended("d1", CallStatus::Completed, true);
  db.completeAll();
  EXPECT_EQ(db.leads[0].ownerUserId, taker) << "R-21: the primary agent, whoever owned it before";
  ASSERT_EQ(db.applications.size(), 1u);
  EXPECT_EQ(db.applications[0].leadId, "l-1");
  EXPECT_EQ(db.applications[0].userId, taker);
  EXPECT_EQ(db.applications[0].callId, "d1");
  EXPECT_TRUE(db.leadExceptions.empty());
  EXPECT_NE(service.agentState(taker)["cool_down_until"], nullptr) << "R-12: cool-down after the call";
}

TEST_F(DistributionRoutingTest, TheLeadSeesTheAgentsOwnCallerId) {
  EXPECT_EQ(service.callerIdFor("u-bob"), "+15550109999") << "the user's own caller ID first";
  EXPECT_EQ(service.callerIdFor("u-alice"), kAliceLine) << "then a number assigned to them";
  EXPECT_EQ(service.callerIdFor("u-carol"), kCompanyPhone) << "else the organization's";
}

TEST_F(DistributionRoutingTest, ALeadThatCouldNotStartIsStillAnException) {
  start();
  service.distributionNotStarted("d1", lead, "g-west", "the server is not taking new calls");
  db.completeAll();
  ASSERT_EQ(db.leadExceptions.size(), 1u);
  EXPECT_EQ(db.leadExceptions[0].reason, "not_started");
  EXPECT_FALSE(db.leadExceptions[0].callId);
  EXPECT_EQ(service.next("d1").kind, calls::Route::Kind::Hangup) << "the call is forgotten";
}

} // namespace
} // namespace sb::server

// R-17 in the server's routing: who a transfer rings (R-4 eligibility now, the group's
// filter over this call's lead, the longest idle first), who leaves the call, and
// the follow-up of a caller sent to voicemail after a failed transfer.
#include "server/call_routing.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

namespace sb::server {
namespace {

using calls::CallDirection;
using calls::CallStatus;
using calls::TransferTarget;

constexpr const char* kCaller = "+15557654321";
constexpr const char* kLine = "+15550100001";

class TransferRoutingTest : public ::testing::Test {
protected:
  TransferRoutingTest() {
    db.org = store::Organization{"Acme", "", "US", {{"cool_down_seconds", 30}}};
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"u-alice", "west"}, {"u-bob", "west"}, {"u-carol", "west"}, {"u-dave", "west"}, {"u-erin", "east"}}) {
      store::User u;
      u.id = id;
      u.name = id.substr(2);
      u.email = id + "@example.test";
      u.attributes = {{"team", team}};
      db.users.push_back(u);
    }
    store::PhoneNumber line;
    line.id = "n-1";
    line.e164 = kLine;
    line.assignedUserId = "u-alice";
    db.numbers = {line};
    db.users[0].assignedNumberId = "n-1";
    store::GroupRecord sales;
    sales.id = "g-sales";
    sales.name = "Sales";
    sales.filter = "user.team == 'west'";
    db.groups = {sales};
    store::Lead pat;
    pat.id = "l-1";
    pat.name = "Pat";
    pat.phones = {kCaller};
    db.leads = {pat};
  }

  void SetUp() override {
    auto loaded = service.load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    for (const auto& u : db.users) service.setReachableDevices(u.id, 1);
    ASSERT_TRUE(service.admit("c1", kLine, kCaller));
    service.connected("c1", "u-alice", CallDirection::Inbound);
  }

  std::optional<calls::Route> route(TransferTarget::Kind kind, const std::string& id, std::string& refusal) {
    return service.transferRoute("c1", TransferTarget{kind, id, "", ""}, refusal);
  }

  common::ManualClock clock;
  store::testing::FakeStore db;
  CallRoutingService service{db, clock, 20};
};

TEST_F(TransferRoutingTest, AUserRingsOnlyWhenTheyCanTakeACallNow) {
  std::string refusal;
  auto bob = route(TransferTarget::Kind::User, "u-bob", refusal);
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->kind, calls::Route::Kind::Offer);
  EXPECT_EQ(bob->users, std::vector<std::string>{"u-bob"});

  EXPECT_FALSE(route(TransferTarget::Kind::User, "u-alice", refusal)) << "alice is on this very call";
  EXPECT_NE(refusal.find("on a call"), std::string::npos) << refusal;
  ASSERT_TRUE(service.setAvailability("u-bob", false, "lunch"));
  EXPECT_FALSE(route(TransferTarget::Kind::User, "u-bob", refusal));
  EXPECT_NE(refusal.find("unavailable"), std::string::npos) << refusal;
  service.setReachableDevices("u-carol", 0);
  EXPECT_FALSE(route(TransferTarget::Kind::User, "u-carol", refusal));
  EXPECT_NE(refusal.find("unreachable"), std::string::npos) << refusal;
}

TEST_F(TransferRoutingTest, AGroupRingsItsMembersEligibleNowLongestIdleFirst) {
  ASSERT_TRUE(service.setAvailability("u-bob", false, "lunch"));
  clock.advance(std::chrono::seconds(5));
  // Dave's last call ended just now: he is in cool-down.
  service.connected("c0", "u-dave", CallDirection::Inbound);
  service.ended("c0", CallStatus::Completed, true);
  std::string refusal;
  auto sales = route(TransferTarget::Kind::Group, "g-sales", refusal);
  ASSERT_TRUE(sales) << refusal;
  EXPECT_EQ(sales->users, std::vector<std::string>{"u-carol"})
      << "alice is on the call, bob unavailable, dave cooling down, erin not in the filter";

  ASSERT_TRUE(service.setAvailability("u-carol", false, "meeting"));
  EXPECT_FALSE(route(TransferTarget::Kind::Group, "g-sales", refusal));
  EXPECT_NE(refusal.find("Sales"), std::string::npos) << refusal;
  EXPECT_FALSE(route(TransferTarget::Kind::Group, "g-none", refusal));
}

TEST_F(TransferRoutingTest, TheAgentWhoLeftCoolsDownWhileTheCallGoesOn) {
  service.connected("c1", "u-bob", CallDirection::Inbound);
  service.left("c1", "u-alice");
  EXPECT_FALSE(service.board().find("u-alice")->onCall);
  EXPECT_EQ(service.board().find("u-alice")->coolDownUntil, common::toEpochMs(clock.wallNow()) + 30'000);
  EXPECT_TRUE(service.board().find("u-bob")->onCall);
  clock.advance(std::chrono::seconds(40));
  service.ended("c1", CallStatus::Completed, true);
  EXPECT_EQ(service.board().find("u-bob")->coolDownUntil, common::toEpochMs(clock.wallNow()) + 30'000);
  EXPECT_LT(service.board().find("u-alice")->coolDownUntil, common::toEpochMs(clock.wallNow()))
      << "alice's cool-down is not started again by a call she had left";
}

TEST_F(TransferRoutingTest, VoicemailAfterAFailedTransferOpensAFollowUp) {
  service.left("c1", "u-alice");
  service.ended("c1", CallStatus::Voicemail, true);
  db.completeAll();
  ASSERT_EQ(db.followUps.size(), 1U);
  EXPECT_EQ(db.followUps[0].status, store::FollowUpStatus::Open);
}

} // namespace
} // namespace sb::server

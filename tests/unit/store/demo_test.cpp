#include "store/demo.hpp"
#include "store/id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

class DemoTest : public testing::StoreTest {};
SB_STORE_BACKENDS(DemoTest);

TEST_P(DemoTest, DemoSeedsAnEmptyStoreWithLoginsPhonesAndLeads) {
  auto seed = seedDemo(*store_);
  ASSERT_TRUE(seed) << seed.error().message;
  EXPECT_TRUE(seed->created);
  EXPECT_EQ(seed->adminEmail, "admin@demo.switchboard.local");
  EXPECT_EQ(seed->companyPhone, "+15550100000");
  ASSERT_EQ(seed->agents.size(), 3U);
  EXPECT_EQ(seed->leadIds.size(), 5U);

  auto admin = store_->getUser(seed->adminUserId);
  ASSERT_TRUE(admin && *admin);
  EXPECT_EQ((*admin)->role, Role::Admin);
  EXPECT_FALSE((*admin)->passwordHash.has_value()); // until the API hashes with argon2

  auto alice = store_->findDeviceBySipUsername("alice");
  ASSERT_TRUE(alice && *alice);
  EXPECT_EQ((*alice)->sipPassword, "alice-demo-sip");
  EXPECT_EQ((*alice)->userId, seed->agents[0].userId);
  auto number = store_->findNumberByE164("+15550100001");
  ASSERT_TRUE(number && *number);
  EXPECT_EQ((*number)->assignedUserId, seed->agents[0].userId);
  EXPECT_TRUE(store_->findDeviceBySipUsername("carol")->has_value());

  auto leads = store_->findLeadsByPhone("+15550199001");
  ASSERT_TRUE(leads);
  ASSERT_EQ(leads->size(), 1U);
  EXPECT_EQ(leads->front().ownerUserId, seed->agents[0].userId);
  EXPECT_EQ(store_->listUsers()->size(), 4U);
}

// the sales line rings the whole team, then the company phone, then voicemail.
TEST_P(DemoTest, DemoSalesLineUsesACallFlowOverTheSalesTeam) {
  auto seed = seedDemo(*store_);
  ASSERT_TRUE(seed) << seed.error().message;
  auto groups = store_->listGroups();
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->size(), 2U);
  // Both were made in the same millisecond, so their listing order is not fixed.
  const bool teamFirst = (*groups)[0].id == seed->salesTeamGroupId;
  const GroupRecord& team = (*groups)[teamFirst ? 0 : 1];
  const GroupRecord& licensed = (*groups)[teamFirst ? 1 : 0];
  EXPECT_EQ(team.id, seed->salesTeamGroupId);
  EXPECT_EQ(team.name, "Sales team");
  EXPECT_EQ(team.memberIds,
            (std::vector<std::string>{seed->agents[0].userId, seed->agents[1].userId,
                                      seed->agents[2].userId}));
  EXPECT_EQ(licensed.id, seed->licensedGroupId);
  EXPECT_TRUE(licensed.memberIds.empty());
  EXPECT_EQ(licensed.filter, "user.licensed_states contains lead.state");

  auto flows = store_->listCallFlows();
  ASSERT_TRUE(flows);
  ASSERT_EQ(flows->size(), 1U);
  const nlohmann::json& steps = flows->front().steps;
  ASSERT_EQ(steps.size(), 3U);
  EXPECT_EQ(steps[0]["type"], "group");
  EXPECT_EQ(steps[0]["group_id"], seed->salesTeamGroupId);
  EXPECT_EQ(steps[0]["strategy"], "ring_all");
  EXPECT_EQ(steps[0]["ring_timeout"], 20);
  EXPECT_EQ(steps[1]["type"], "company");
  EXPECT_EQ(steps[2]["type"], "voicemail");

  auto line = store_->findNumberByE164("+15550100009");
  ASSERT_TRUE(line && *line);
  EXPECT_EQ(seed->salesLineNumber, "+15550100009");
  EXPECT_EQ((*line)->label, "Sales line");
  EXPECT_EQ((*line)->callFlowId, seed->salesFlowId);
  EXPECT_FALSE((*line)->assignedUserId.has_value());
}

TEST_P(DemoTest, DemoLeadsCarryAStateAndSomeHaveOwners) {
  auto seed = seedDemo(*store_);
  ASSERT_TRUE(seed) << seed.error().message;
  std::vector<Lead> leads;
  ASSERT_TRUE(store_->forEachLead([&](const Lead& l) { leads.push_back(l); }));
  ASSERT_EQ(leads.size(), 5U);
  int owned = 0;
  for (const Lead& l : leads) {
    EXPECT_TRUE(l.attributes.contains("state")) << l.name;
    EXPECT_EQ(l.phones.size(), 1U) << l.name;
    owned += l.ownerUserId ? 1 : 0;
  }
  EXPECT_EQ(owned, 3);
  auto fiona = store_->findLeadsByPhone("+15550199003");
  ASSERT_TRUE(fiona);
  ASSERT_EQ(fiona->size(), 1U);
  EXPECT_EQ(fiona->front().attributes["state"], "TX");
  EXPECT_FALSE(fiona->front().ownerUserId.has_value());
}

TEST_P(DemoTest, DemoLeavesAStoreWithDataAlone) {
  ASSERT_TRUE(seedDemo(*store_));
  auto again = seedDemo(*store_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(store_->listUsers()->size(), 4U);
}

TEST_P(DemoTest, DemoDoesNotSeedBesideARealUser) {
  addUser("owner");
  auto seed = seedDemo(*store_);
  ASSERT_TRUE(seed);
  EXPECT_FALSE(seed->created);
  EXPECT_FALSE(store_->organization()->has_value());
  EXPECT_EQ(store_->listUsers()->size(), 1U);
}

TEST(StoreId, IdsSortByTimeAndDoNotRepeat) {
  std::string earlier = newId(1'700'000'000'000);
  std::string later = newId(1'700'000'000'001);
  EXPECT_EQ(earlier.size(), 26U);
  EXPECT_LT(earlier, later);
  EXPECT_NE(newId(5), newId(5));
}

TEST(StoreRecords, NamesRoundTrip) {
  EXPECT_EQ(toString(OfferStatus::TakenByOther), "taken_by_other");
  EXPECT_EQ(parseCallStatus("no_answer"), CallStatus::NoAnswer);
  EXPECT_EQ(parseDeviceKind("ring_through"), DeviceKind::RingThrough);
  EXPECT_FALSE(parseRole("root").has_value());
  EXPECT_EQ(toString(FollowUpStatus::Closed), "closed");
  EXPECT_EQ(parseFollowUpStatus("open"), FollowUpStatus::Open);
  EXPECT_FALSE(parseFollowUpStatus("pending").has_value());
}

} // namespace
} // namespace sb::store

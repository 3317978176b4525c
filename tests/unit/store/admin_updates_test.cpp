// Admin updates (the API's PUT), on every backend and the fake: what an update replaces
// and keeps, 404 for an unknown id, 409 naming a unique field taken; and the deletes of
// call flows and groups, which go with their updates (admin_deletes_test.cpp has the rest).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/api_store_fixture.hpp"

namespace sb::store {
namespace {

using Strings = std::vector<std::string>;

class AdminUpdatesTest : public testing::ApiStoreTest {
protected:
  User readUser(const std::string& id) {
    auto found = store_->getUser(id);
    EXPECT_TRUE(found && *found) << "no user " << id;
    return found && *found ? **found : User{};
  }
};
SB_API_STORE_BACKENDS(AdminUpdatesTest);

TEST_P(AdminUpdatesTest, UpdateUserReplacesColumnsButKeepsCreatedAtAndAnUnsetPassword) {
  User u;
  u.email = "dana@example.test";
  u.name = "Dana";
  u.passwordHash = "hash-1";
  u.createdAt = 1'000;
  auto created = store_->createUser(u);
  ASSERT_TRUE(created) << created.error().message;

  User changed = *created;
  changed.name = "Dana Admin";
  changed.email = "dana.admin@example.test";
  changed.role = Role::Admin;
  changed.availability = Availability::Unavailable;
  changed.availabilityReason = "training";
  changed.coolDownSeconds = 45;
  changed.callerId = "+15550100000";
  changed.answerMethods = {DeviceKind::Sip};
  changed.attributes = {{"languages", {"en"}}};
  changed.passwordHash.reset(); // kept as stored
  changed.createdAt = 0;        // not the caller's to change
  auto updated = store_->updateUser(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, 1'000);
  EXPECT_EQ(updated->passwordHash, "hash-1");

  const User read = readUser(created->id);
  EXPECT_EQ(read.name, "Dana Admin");
  EXPECT_EQ(read.email, "dana.admin@example.test");
  EXPECT_EQ(read.role, Role::Admin);
  EXPECT_EQ(read.availability, Availability::Unavailable);
  EXPECT_EQ(read.availabilityReason, "training");
  EXPECT_EQ(read.coolDownSeconds, 45);
  EXPECT_EQ(read.callerId, "+15550100000");
  EXPECT_EQ(read.answerMethods, std::vector<DeviceKind>{DeviceKind::Sip});
  EXPECT_EQ(read.attributes["languages"][0], "en");
  EXPECT_EQ(read.passwordHash, "hash-1");
  EXPECT_EQ(read.createdAt, 1'000);

  changed.passwordHash = "hash-2";
  ASSERT_TRUE(store_->updateUser(changed));
  EXPECT_EQ(readUser(created->id).passwordHash, "hash-2");
  EXPECT_FALSE(store_->setPassword(created->id, "hash-3").has_value());
  EXPECT_EQ(readUser(created->id).passwordHash, "hash-3");

  EXPECT_EQ(refused(store_->setPassword("nobody", "hash")).code, 404);
  const common::Error empty = refused(store_->setPassword(created->id, ""));
  EXPECT_EQ(empty.code, 400);
  EXPECT_EQ(empty.field, "password");
  changed.email.clear();
  EXPECT_EQ(refused(store_->updateUser(changed)).field, "email");
}

TEST_P(AdminUpdatesTest, AnUnknownIdIsA404) {
  User u = addUser("ghost");
  u.id = "no-such-user";
  EXPECT_EQ(refused(store_->updateUser(u)).code, 404);
  Lead l;
  l.id = "no-such-lead";
  EXPECT_EQ(refused(store_->updateLead(l)).code, 404);
  const CallFlowRecord flow{"no-such-flow", "x", nlohmann::json::array(), 0};
  EXPECT_EQ(refused(store_->updateCallFlow(flow)).code, 404);
  EXPECT_EQ(refused(store_->updateGroup(GroupRecord{"no-such-group", "x", {}, "", 0})).code, 404);
  for (auto remove : {&Store::deleteUser, &Store::deleteDevice, &Store::deleteNumber,
                      &Store::deleteLead, &Store::deleteCallFlow, &Store::deleteGroup}) {
    EXPECT_EQ(refused((store_.get()->*remove)("no-such-id")).code, 404);
  }
}

TEST_P(AdminUpdatesTest, ATakenUniqueValueIsA409NamingItsField) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  bob.email = "ALICE@example.test"; // emails compare without case
  const common::Error email = refused(store_->updateUser(bob));
  EXPECT_EQ(email.code, 409);
  EXPECT_EQ(email.field, "email");
  User again;
  again.email = "Alice@Example.test";
  EXPECT_EQ(refused(store_->createUser(again)).field, "email");

  ASSERT_TRUE(store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice", "pw", 0}));
  const common::Error sip =
      refused(store_->createDevice(Device{"", bob.id, DeviceKind::Sip, "alice", "pw", 0}));
  EXPECT_EQ(sip.code, 409);
  EXPECT_EQ(sip.field, "sip_username");

  PhoneNumber n;
  n.e164 = "+15550100001";
  ASSERT_TRUE(store_->createNumber(n));
  EXPECT_EQ(refused(store_->createNumber(n)).field, "e164");
  n.e164 = "+15550100002";
  auto second = store_->createNumber(n);
  ASSERT_TRUE(second);
  PhoneNumber moved = *second;
  moved.e164 = "+15550100001";
  const common::Error e164 = refused(store_->updateNumber(moved));
  EXPECT_EQ(e164.code, 409);
  EXPECT_EQ(e164.field, "e164");
}

TEST_P(AdminUpdatesTest, UpdateLeadReplacesItsPhonesAndKeepsCreatedAt) {
  User owner = addUser("owner");
  const Lead lead = addLead("Dana", 1'000, {"+15550199001", "+15550199002"});
  Lead changed = lead;
  changed.name = "Dana Prospect";
  changed.company = "Acme";
  changed.status = "qualified";
  changed.ownerUserId = owner.id;
  changed.attributes = {{"state", "CA"}};
  changed.phones = {"+15550199003", "+15550199001", "+15550199003"};
  changed.createdAt = 0;
  auto updated = store_->updateLead(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, 1'000);
  EXPECT_EQ(updated->phones, (Strings{"+15550199003", "+15550199001"}));

  auto read = store_->getLead(lead.id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->name, "Dana Prospect");
  EXPECT_EQ((*read)->company, "Acme");
  EXPECT_EQ((*read)->status, "qualified");
  EXPECT_EQ((*read)->ownerUserId, owner.id);
  EXPECT_EQ((*read)->attributes["state"], "CA");
  EXPECT_EQ((*read)->phones, (Strings{"+15550199003", "+15550199001"}));
  EXPECT_EQ((*read)->createdAt, 1'000);
  EXPECT_TRUE(store_->findLeadsByPhone("+15550199002")->empty());
  EXPECT_EQ(store_->findLeadsByPhone("+15550199003")->size(), 1U);

  changed.ownerUserId = "no-such-user";
  EXPECT_EQ(refused(store_->updateLead(changed)).code, 409);
  EXPECT_EQ((*store_->getLead(lead.id))->ownerUserId, owner.id); // nothing half-written
  changed.attributes = nlohmann::json::array();
  EXPECT_EQ(refused(store_->updateLead(changed)).code, 400);
}

TEST_P(AdminUpdatesTest, ACallFlowANumberUsesIsNotDeleted) {
  auto flow = store_->createCallFlow(CallFlowRecord{"", "Sales", nlohmann::json::array(), 1'000});
  ASSERT_TRUE(flow);
  CallFlowRecord changed = *flow;
  changed.name = "Sales line";
  changed.steps = nlohmann::json::parse(R"([{"type": "voicemail"}])");
  changed.createdAt = 0;
  auto updated = store_->updateCallFlow(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, 1'000);
  auto flows = store_->listCallFlows();
  ASSERT_TRUE(flows && flows->size() == 1U);
  EXPECT_EQ(flows->at(0).name, "Sales line");
  EXPECT_EQ(flows->at(0).steps, changed.steps);
  changed.steps = nlohmann::json::object();
  EXPECT_EQ(refused(store_->updateCallFlow(changed)).field, "steps");

  PhoneNumber n;
  n.e164 = "+15550100009";
  n.callFlowId = flow->id;
  auto number = store_->createNumber(n);
  ASSERT_TRUE(number);
  const common::Error refusal = refused(store_->deleteCallFlow(flow->id));
  EXPECT_EQ(refusal.code, 409);
  EXPECT_NE(refusal.message.find("+15550100009"), std::string::npos) << refusal.message;
  PhoneNumber unhooked = *number;
  unhooked.callFlowId.reset();
  ASSERT_TRUE(store_->updateNumber(unhooked));
  EXPECT_FALSE(store_->deleteCallFlow(flow->id).has_value());
  EXPECT_TRUE(store_->listCallFlows()->empty());
}

// Steps name groups inside JSON that no key checks: a group a flow names is deleted anyway.
TEST_P(AdminUpdatesTest, UpdateGroupReplacesItsMembersInOrderAndAGroupIsAlwaysDeletable) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  User carol = addUser("carol");
  auto group = store_->createGroup(GroupRecord{"", "Team", {alice.id, bob.id}, "", 1'000});
  ASSERT_TRUE(group);
  GroupRecord changed = *group;
  changed.name = "Sales team";
  changed.memberIds = {carol.id, alice.id};
  changed.filter = "user.licensed_states contains lead.state";
  changed.createdAt = 0;
  auto updated = store_->updateGroup(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, 1'000);
  auto groups = store_->listGroups();
  ASSERT_TRUE(groups && groups->size() == 1U);
  EXPECT_EQ(groups->at(0).name, "Sales team");
  EXPECT_EQ(groups->at(0).memberIds, (Strings{carol.id, alice.id}));
  EXPECT_EQ(groups->at(0).filter, "user.licensed_states contains lead.state");

  changed.memberIds = {bob.id, bob.id};
  EXPECT_EQ(refused(store_->updateGroup(changed)).code, 409);
  EXPECT_EQ(store_->listGroups()->at(0).memberIds, (Strings{carol.id, alice.id}));

  nlohmann::json steps = nlohmann::json::array();
  steps.push_back({{"type", "group"}, {"group_id", group->id}, {"strategy", "ring_all"}});
  ASSERT_TRUE(store_->createCallFlow(CallFlowRecord{"", "Uses the group", steps, 1}));
  EXPECT_FALSE(store_->deleteGroup(group->id).has_value());
  EXPECT_TRUE(store_->listGroups()->empty());
}

} // namespace
} // namespace sb::store

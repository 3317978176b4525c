// Admin writes and the reads behind them, on every backend: the organization, users,
// devices, numbers, leads, call flows and groups.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

class AdminRecordsTest : public testing::StoreTest {};
SB_STORE_BACKENDS(AdminRecordsTest);

TEST_P(AdminRecordsTest, OrganizationIsOneRowThatUpdatesInPlace) {
  auto empty = store_->isEmpty();
  ASSERT_TRUE(empty);
  EXPECT_TRUE(*empty);
  Organization org{"Acme", "+15550100000", "US", {{"cool_down_seconds", 30}}};
  ASSERT_TRUE(store_->updateOrganization(org));
  org.name = "Acme Sales";
  ASSERT_TRUE(store_->updateOrganization(org));
  auto read = store_->organization();
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->name, "Acme Sales");
  EXPECT_EQ((*read)->companyPhone, "+15550100000");
  EXPECT_EQ((*read)->settings["cool_down_seconds"], 30);
  EXPECT_FALSE(*store_->isEmpty());
  EXPECT_EQ(store_->updateOrganization(Organization{}).error().code, 400);
}

TEST_P(AdminRecordsTest, UsersRoundTripAndEmailsAreUnique) {
  User u;
  u.email = "dana@example.test";
  u.name = "Dana";
  u.role = Role::Admin;
  u.availability = Availability::Unavailable;
  u.availabilityReason = "lunch";
  u.coolDownSeconds = 15;
  u.ringThroughNumber = "+15550123456";
  u.attributes = {{"languages", {"en", "fr"}}};
  auto created = store_->createUser(u);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id.size(), 26U);
  EXPECT_EQ(created->createdAt, common::toEpochMs(clock_.wallNow()));
  auto read = store_->getUser(created->id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->role, Role::Admin);
  EXPECT_EQ((*read)->availability, Availability::Unavailable);
  EXPECT_EQ((*read)->availabilityReason, "lunch");
  EXPECT_EQ((*read)->coolDownSeconds, 15);
  EXPECT_FALSE((*read)->passwordHash.has_value());
  EXPECT_EQ((*read)->attributes["languages"][1], "fr");
  EXPECT_FALSE((*read)->assignedNumberId.has_value());

  u.email = "DANA@example.test"; // emails compare without case
  auto duplicate = store_->createUser(u);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, 409);
  EXPECT_EQ(store_->listUsers()->size(), 1U);
  auto missing = store_->getUser("nobody");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(AdminRecordsTest, DevicesAreFoundBySipUsernameWhichIsUnique) {
  User alice = addUser("alice");
  auto device = store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice", "s3cret", 0});
  ASSERT_TRUE(device) << device.error().message;
  auto found = store_->findDeviceBySipUsername("alice");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->userId, alice.id);
  EXPECT_EQ((*found)->sipPassword, "s3cret");
  EXPECT_FALSE(store_->findDeviceBySipUsername("bob")->has_value());

  auto duplicate = store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice", "x", 0});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, 409);
  EXPECT_NE(duplicate.error().message.find("sip_username"), std::string::npos);

  auto orphan = store_->createDevice(Device{"", "no-such-user", DeviceKind::Sip, "ghost", "x", 0});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, 409); // foreign key

  auto noPassword = store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice2", "", 0});
  ASSERT_FALSE(noPassword);
  EXPECT_EQ(noPassword.error().code, 400);

  // Ring-through devices have no SIP account; several may coexist.
  EXPECT_TRUE(store_->createDevice(Device{"", alice.id, DeviceKind::RingThrough, "", "", 0}));
  EXPECT_TRUE(store_->createDevice(Device{"", alice.id, DeviceKind::RingThrough, "", "", 0}));
  EXPECT_EQ(store_->listDevices()->size(), 3U);
}

TEST_P(AdminRecordsTest, NumbersAreFoundByE164AndGiveTheUserItsAssignedNumber) {
  User bob = addUser("bob");
  PhoneNumber n;
  n.e164 = "+15550100002";
  n.label = "Bob direct";
  n.assignedUserId = bob.id;
  n.forwardingNumber = "+15550177777";
  auto created = store_->createNumber(n);
  ASSERT_TRUE(created) << created.error().message;
  auto found = store_->findNumberByE164("+15550100002");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->assignedUserId, bob.id);
  EXPECT_EQ((*found)->forwardingNumber, "+15550177777");
  EXPECT_FALSE((*found)->callFlowId.has_value());
  EXPECT_EQ((*store_->getUser(bob.id))->assignedNumberId, created->id);

  EXPECT_EQ(store_->createNumber(n).error().code, 409);
  n.e164 = "5550100003";
  EXPECT_EQ(store_->createNumber(n).error().code, 400);
  EXPECT_EQ(store_->listNumbers()->size(), 1U);
}

TEST_P(AdminRecordsTest, LeadsAreFoundByAnyOfTheirPhones) {
  User owner = addUser("owner");
  Lead first;
  first.name = "Dana Prospect";
  first.company = "Acme";
  first.ownerUserId = owner.id;
  first.phones = {"+15550199001", "+15550199009"};
  first.attributes = {{"state", "CA"}};
  first.createdAt = 1000;
  auto a = store_->createLead(first);
  ASSERT_TRUE(a) << a.error().message;
  Lead second;
  second.name = "Dana's colleague";
  second.phones = {"+15550199009"};
  second.createdAt = 2000;
  auto b = store_->createLead(second);
  ASSERT_TRUE(b);

  auto one = store_->findLeadsByPhone("+15550199001");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1U);
  EXPECT_EQ(one->front().name, "Dana Prospect");
  EXPECT_EQ(one->front().phones, (std::vector<std::string>{"+15550199001", "+15550199009"}));
  EXPECT_EQ(one->front().attributes["state"], "CA");
  EXPECT_EQ(one->front().ownerUserId, owner.id);

  auto shared = store_->findLeadsByPhone("+15550199009");
  ASSERT_TRUE(shared);
  ASSERT_EQ(shared->size(), 2U);
  EXPECT_EQ((*shared)[0].id, a->id); // oldest first
  EXPECT_TRUE(store_->findLeadsByPhone("+15550100000")->empty());
  auto byId = store_->getLead(b->id);
  ASSERT_TRUE(byId && *byId);
  EXPECT_EQ((*byId)->name, "Dana's colleague");
}

// R-6: which devices ring for an offer is kept per user; all of them unless chosen.
TEST_P(AdminRecordsTest, R6AnswerMethodsRoundTrip) {
  User everywhere = addUser("everywhere");
  EXPECT_EQ(
      (*store_->getUser(everywhere.id))->answerMethods,
      (std::vector<DeviceKind>{DeviceKind::Browser, DeviceKind::Sip, DeviceKind::RingThrough}));
  User u;
  u.email = "desk@example.test";
  u.name = "Desk only";
  u.answerMethods = {DeviceKind::Sip};
  auto desk = store_->createUser(u);
  ASSERT_TRUE(desk) << desk.error().message;
  EXPECT_EQ((*store_->getUser(desk->id))->answerMethods, std::vector<DeviceKind>{DeviceKind::Sip});
  u.email = "mobile@example.test";
  u.answerMethods = {DeviceKind::RingThrough, DeviceKind::Browser};
  auto mobile = store_->createUser(u);
  ASSERT_TRUE(mobile);
  auto all = store_->listUsers();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3U);
  for (const User& listed : *all) {
    if (listed.id != mobile->id) continue;
    EXPECT_EQ(listed.answerMethods,
              (std::vector<DeviceKind>{DeviceKind::RingThrough, DeviceKind::Browser}));
  }
}

// R-3: a flow's steps come back as stored, flows in creation order.
TEST_P(AdminRecordsTest, R3CallFlowsKeepTheirSteps) {
  CallFlowRecord sales;
  sales.name = "Sales line";
  sales.steps = nlohmann::json::parse(R"([{"type": "group", "group_id": "g1",
      "strategy": "ring_all", "ring_timeout": 20, "confirm": false},
      {"type": "company", "ring_timeout": 20}, {"type": "voicemail"}])");
  auto created = store_->createCallFlow(sales);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id.size(), 26U);
  EXPECT_EQ(created->createdAt, common::toEpochMs(clock_.wallNow()));
  clock_.advance(std::chrono::milliseconds(5));
  CallFlowRecord night;
  night.name = "Night";
  night.steps = nlohmann::json::parse(R"([{"type": "hangup"}])");
  ASSERT_TRUE(store_->createCallFlow(night));

  auto flows = store_->listCallFlows();
  ASSERT_TRUE(flows) << flows.error().message;
  ASSERT_EQ(flows->size(), 2U);
  EXPECT_EQ((*flows)[0].id, created->id);
  EXPECT_EQ((*flows)[0].name, "Sales line");
  EXPECT_EQ((*flows)[0].steps, sales.steps);
  EXPECT_EQ((*flows)[0].steps[0]["strategy"], "ring_all");
  EXPECT_EQ((*flows)[1].name, "Night");

  night.steps = nlohmann::json::object();
  EXPECT_EQ(store_->createCallFlow(night).error().code, 400);
  night.steps = nlohmann::json::array();
  night.name.clear();
  EXPECT_EQ(store_->createCallFlow(night).error().code, 400);
}

// R-3, R-5: the sequential strategy rings members in the order the group lists them.
TEST_P(AdminRecordsTest, R3GroupsKeepTheirMembersInOrder) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  User carol = addUser("carol");
  GroupRecord team;
  team.name = "Sales team";
  team.memberIds = {carol.id, alice.id, bob.id};
  auto created = store_->createGroup(team);
  ASSERT_TRUE(created) << created.error().message;
  clock_.advance(std::chrono::milliseconds(5));
  GroupRecord licensed;
  licensed.name = "Licensed for the lead's state";
  licensed.filter = "user.licensed_states contains lead.state";
  ASSERT_TRUE(store_->createGroup(licensed));

  auto groups = store_->listGroups();
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->size(), 2U);
  EXPECT_EQ((*groups)[0].id, created->id);
  EXPECT_EQ((*groups)[0].memberIds, (std::vector<std::string>{carol.id, alice.id, bob.id}));
  EXPECT_EQ((*groups)[0].filter, "");
  EXPECT_EQ((*groups)[1].name, "Licensed for the lead's state");
  EXPECT_TRUE((*groups)[1].memberIds.empty());
  EXPECT_EQ((*groups)[1].filter, "user.licensed_states contains lead.state");

  GroupRecord broken;
  broken.name = "Broken";
  broken.memberIds = {alice.id, "no-such-user"};
  EXPECT_EQ(store_->createGroup(broken).error().code, 409);
  broken.memberIds = {alice.id, alice.id};
  EXPECT_EQ(store_->createGroup(broken).error().code, 409);
  broken.memberIds.clear();
  broken.name.clear();
  EXPECT_EQ(store_->createGroup(broken).error().code, 400);
  EXPECT_EQ(store_->listGroups()->size(), 2U); // nothing half-written
}

// R-2, R-3: the admin moves a number to another user, clears its forwarding and gives it
// a call flow; the number's row is the one source of its assignment.
TEST_P(AdminRecordsTest, R3UpdateNumberReplacesAssignmentForwardingAndFlow) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  PhoneNumber n;
  n.e164 = "+15550100002";
  n.label = "Alice direct";
  n.assignedUserId = alice.id;
  n.forwardingNumber = "+15550177777";
  auto created = store_->createNumber(n);
  ASSERT_TRUE(created) << created.error().message;
  auto flow = store_->createCallFlow(CallFlowRecord{"", "Sales line", nlohmann::json::array(), 0});
  ASSERT_TRUE(flow);
  clock_.advance(std::chrono::seconds(60));

  PhoneNumber changed = *created;
  changed.label = "Sales line";
  changed.assignedUserId = bob.id;
  changed.forwardingNumber.clear();
  changed.callFlowId = flow->id;
  changed.createdAt = 0; // not the caller's to change
  auto updated = store_->updateNumber(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, created->createdAt);
  auto read = store_->findNumberByE164("+15550100002");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->label, "Sales line");
  EXPECT_EQ((*read)->assignedUserId, bob.id);
  EXPECT_EQ((*read)->forwardingNumber, "");
  EXPECT_EQ((*read)->callFlowId, flow->id);
  EXPECT_FALSE((*store_->getUser(alice.id))->assignedNumberId.has_value());
  EXPECT_EQ((*store_->getUser(bob.id))->assignedNumberId, created->id);

  PhoneNumber other;
  other.e164 = "+15550100003";
  auto second = store_->createNumber(other);
  ASSERT_TRUE(second);
  other = *second;
  other.e164 = "+15550100002";
  EXPECT_EQ(store_->updateNumber(other).error().code, 409); // e164 is unique
  changed.id = "no-such-number";
  EXPECT_EQ(store_->updateNumber(changed).error().code, 404);
  changed.id = created->id;
  changed.e164 = "5550100002";
  EXPECT_EQ(store_->updateNumber(changed).error().code, 400);
  changed.e164 = "+15550100002";
  changed.callFlowId = "no-such-flow";
  EXPECT_EQ(store_->updateNumber(changed).error().code, 409);
}

// R-1: the routing lead index is loaded from forEachLead at start.
TEST_P(AdminRecordsTest, R1ForEachLeadVisitsEveryLeadWithItsPhones) {
  std::vector<Lead> seen;
  auto none = store_->forEachLead([&](const Lead& l) { seen.push_back(l); });
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, 0);

  Lead two;
  two.name = "Two phones";
  two.phones = {"+15550199001", "+15550199009"};
  two.attributes = {{"state", "CA"}};
  two.createdAt = 1'000;
  Lead noPhone;
  noPhone.name = "No phone";
  noPhone.createdAt = 2'000;
  Lead one;
  one.name = "One phone";
  one.phones = {"+15550199002"};
  one.createdAt = 3'000;
  for (const Lead& l : {one, noPhone, two})
    ASSERT_TRUE(store_->createLead(l));

  auto visited = store_->forEachLead([&](const Lead& l) { seen.push_back(l); });
  ASSERT_TRUE(visited) << visited.error().message;
  EXPECT_EQ(*visited, 3);
  ASSERT_EQ(seen.size(), 3U);
  EXPECT_EQ(seen[0].name, "Two phones"); // creation order
  EXPECT_EQ(seen[0].phones, (std::vector<std::string>{"+15550199001", "+15550199009"}));
  EXPECT_EQ(seen[0].attributes["state"], "CA");
  EXPECT_EQ(seen[1].name, "No phone");
  EXPECT_TRUE(seen[1].phones.empty());
  EXPECT_EQ(seen[2].phones, std::vector<std::string>{"+15550199002"});
}

} // namespace
} // namespace sb::store

#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include "store/migrations/migrations.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrate.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store::sqlite {
namespace {

using testing::StoreTest;

std::int64_t countRows(Connection& conn, const std::string& sql) {
  auto stmt = conn.prepare(sql);
  EXPECT_TRUE(stmt);
  if (!stmt) return -1;
  auto row = stmt->step();
  EXPECT_TRUE(row && *row);
  return stmt->integer(0);
}

TEST_F(StoreTest, MigrationsApplyOnceAndReapplyingChangesNothing) {
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  EXPECT_EQ(countRows(**conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::sqlite().size()));
  auto again = migrate(**conn, migrations::sqlite(), 0);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
  reopen(); // opening an up-to-date database migrates nothing either
  EXPECT_EQ(countRows(**conn, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations::sqlite().size()));
}

TEST_F(StoreTest, ADatabaseFromANewerBuildIsRefused) {
  auto conn = Connection::open(dbPath(), 1000);
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  auto applied = migrate(**conn, migrations::sqlite(), 0);
  EXPECT_FALSE(applied);
}

TEST_F(StoreTest, OrganizationIsOneRowThatUpdatesInPlace) {
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

TEST_F(StoreTest, UsersRoundTripAndEmailsAreUnique) {
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

TEST_F(StoreTest, DevicesAreFoundBySipUsernameWhichIsUnique) {
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

TEST_F(StoreTest, NumbersAreFoundByE164AndGiveTheUserItsAssignedNumber) {
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

TEST_F(StoreTest, LeadsAreFoundByAnyOfTheirPhones) {
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

} // namespace
} // namespace sb::store::sqlite

#include "store/demo.hpp"
#include "store/id.hpp"

#include <gtest/gtest.h>

#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

using testing::StoreTest;

TEST_F(StoreTest, DemoSeedsAnEmptyStoreWithLoginsPhonesAndLeads) {
  auto seed = seedDemo(*store_);
  ASSERT_TRUE(seed) << seed.error().message;
  EXPECT_TRUE(seed->created);
  EXPECT_EQ(seed->adminEmail, "admin@demo.switchboard.local");
  EXPECT_EQ(seed->companyPhone, "+15550100000");
  ASSERT_EQ(seed->agents.size(), 3U);
  EXPECT_EQ(seed->leadIds.size(), 2U);

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

TEST_F(StoreTest, DemoLeavesAStoreWithDataAlone) {
  ASSERT_TRUE(seedDemo(*store_));
  auto again = seedDemo(*store_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(store_->listUsers()->size(), 4U);
}

TEST_F(StoreTest, DemoDoesNotSeedBesideARealUser) {
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
}

} // namespace
} // namespace sb::store

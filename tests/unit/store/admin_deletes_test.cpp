// Admin deletes (the API's DELETE), on every backend and the fake: a record others still
// refer to stays (409 saying what refers to it), and what a delete takes with it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/api_store_fixture.hpp"

namespace sb::store {
namespace {

using Strings = std::vector<std::string>;

class AdminDeletesTest : public testing::ApiStoreTest {};
SB_API_STORE_BACKENDS(AdminDeletesTest);

TEST_P(AdminDeletesTest, DeletingAUserTakesTheirDevicesTokensAndMembershipsAndFreesTheRest) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  auto device = store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice", "pw", 0});
  ASSERT_TRUE(device);
  ASSERT_TRUE(
      store_->createToken(ApiToken{"", alice.id, TokenKind::Session, "", "hash-a", 1, {}, {}, {}}));
  ASSERT_TRUE(store_->createGroup(GroupRecord{"", "Team", {bob.id, alice.id}, "", 1}));
  PhoneNumber n;
  n.e164 = "+15550100001";
  n.assignedUserId = alice.id;
  ASSERT_TRUE(store_->createNumber(n));
  const Lead owned = addLead("Dana", 1'000, {"+15550199001"}, alice.id);

  EXPECT_FALSE(store_->deleteUser(alice.id).has_value());
  EXPECT_FALSE(store_->getUser(alice.id)->has_value());
  EXPECT_FALSE(store_->findDeviceBySipUsername("alice")->has_value());
  EXPECT_FALSE(store_->findTokenByHash("hash-a")->has_value());
  EXPECT_EQ(store_->listGroups()->at(0).memberIds, Strings{bob.id});
  auto number = store_->findNumberByE164("+15550100001");
  ASSERT_TRUE(number && *number);
  EXPECT_FALSE((*number)->assignedUserId.has_value());
  EXPECT_FALSE((*store_->getLead(owned.id))->ownerUserId.has_value());
  EXPECT_EQ(refused(store_->deleteUser(alice.id)).code, 404);
}

TEST_P(AdminDeletesTest, AUserWithCallHistoryIsNotDeleted) {
  User answerer = addUser("answerer");
  User offered = addUser("offered");
  User traced = addUser("traced");
  User logger = addUser("logger");
  CallRecord answered = newCall(1'000, "c-answered");
  answered.answeredByUserId = answerer.id;
  record(answered,
         {OfferRecord{"o-1", "c-answered", offered.id, {}, OfferStatus::NoAnswer, 1, {}, "", {}}},
         {TraceEntry{"c-answered", 0, 1, traced.id, "skip", "unavailable"}});
  ASSERT_TRUE(store_->logCall(CallLog{"c-answered", "called back", {}, {}, logger.id}));

  const common::Error a = refused(store_->deleteUser(answerer.id));
  EXPECT_EQ(a.code, 409);
  EXPECT_NE(a.message.find("answered call c-answered"), std::string::npos) << a.message;
  const common::Error o = refused(store_->deleteUser(offered.id));
  EXPECT_EQ(o.code, 409);
  EXPECT_NE(o.message.find("offered call c-answered"), std::string::npos) << o.message;
  const common::Error t = refused(store_->deleteUser(traced.id));
  EXPECT_EQ(t.code, 409);
  EXPECT_NE(t.message.find("routing trace of call c-answered"), std::string::npos) << t.message;
  const common::Error l = refused(store_->deleteUser(logger.id));
  EXPECT_EQ(l.code, 409);
  EXPECT_NE(l.message.find("logged call c-answered"), std::string::npos) << l.message;
  EXPECT_EQ(store_->listUsers()->size(), 4U);
}

TEST_P(AdminDeletesTest, DevicesAndNumbersAreDeletedAndOffersKeepTheirHistory) {
  User alice = addUser("alice");
  auto device = store_->createDevice(Device{"", alice.id, DeviceKind::Sip, "alice", "pw", 0});
  ASSERT_TRUE(device);
  record(newCall(1'000, "c1"),
         {OfferRecord{"o-1", "c1", alice.id, device->id, OfferStatus::NoAnswer, 1, {}, "", {}}});
  EXPECT_FALSE(store_->deleteDevice(device->id).has_value());
  EXPECT_TRUE(store_->listDevices()->empty());
  auto call = store_->findCall("c1");
  ASSERT_TRUE(call && *call);
  ASSERT_EQ((*call)->offers.size(), 1U);
  EXPECT_FALSE((*call)->offers[0].deviceId.has_value());
  EXPECT_EQ((*call)->offers[0].userId, alice.id);

  PhoneNumber n;
  n.e164 = "+15550100001";
  auto number = store_->createNumber(n);
  ASSERT_TRUE(number);
  EXPECT_FALSE(store_->deleteNumber(number->id).has_value());
  EXPECT_FALSE(store_->findNumberByE164("+15550100001")->has_value());
  EXPECT_EQ(refused(store_->deleteNumber(number->id)).code, 404);
}

TEST_P(AdminDeletesTest, ALeadWithCallsIsNotDeletedAndOneWithoutGoesWithItsPhones) {
  const Lead called = addLead("Called", 1'000, {"+15550199001"});
  const Lead quiet = addLead("Quiet", 2'000, {"+15550199002"});
  CallRecord c = newCall(5'000, "c-lead");
  c.leadId = called.id;
  record(c);
  const common::Error refusal = refused(store_->deleteLead(called.id));
  EXPECT_EQ(refusal.code, 409);
  EXPECT_NE(refusal.message.find("lead of call c-lead"), std::string::npos) << refusal.message;
  EXPECT_TRUE(store_->getLead(called.id)->has_value());

  EXPECT_FALSE(store_->deleteLead(quiet.id).has_value());
  EXPECT_FALSE(store_->getLead(quiet.id)->has_value());
  EXPECT_TRUE(store_->findLeadsByPhone("+15550199002")->empty());
  EXPECT_EQ(refused(store_->deleteLead(quiet.id)).code, 404);
}

} // namespace
} // namespace sb::store

// Call-path writes to leads and users, on every backend: a lead created for an unknown
// caller, the lead assigned on acceptance, availability.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/id.hpp"
#include "unit/store/store_fixture.hpp"

namespace sb::store {
namespace {

class LeadAndAgentWritesTest : public testing::StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = addUser("alice");
    bob_ = addUser("bob");
  }

  Lead readLead(const std::string& id) {
    auto found = store_->getLead(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : Lead{};
  }

  User readUser(const std::string& id) {
    auto found = store_->getUser(id);
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : User{};
  }

  std::string unownedLead() {
    Lead lead;
    lead.name = "Dana";
    auto created = store_->createLead(lead);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->id : "";
  }

  User alice_;
  User bob_;
};

SB_STORE_BACKENDS(LeadAndAgentWritesTest);

TEST_P(LeadAndAgentWritesTest, R1ALeadCreatedOnTheCallPathKeepsItsIdAndPhones) {
  Lead lead;
  lead.id = newId(5'000);
  lead.name = "Incoming call: +15550199001";
  lead.status = "new";
  lead.attributes = {{"source", "inbound call"}};
  lead.phones = {"+15550199001", "+15550199001", "+15550199002"};
  lead.createdAt = 5'000;
  ASSERT_TRUE(await([&](Completion d) { return store_->leadCreated(lead, d); }));

  Lead stored = readLead(lead.id);
  EXPECT_EQ(stored.name, "Incoming call: +15550199001");
  EXPECT_EQ(stored.attributes["source"], "inbound call");
  EXPECT_EQ(stored.phones, (std::vector<std::string>{"+15550199001", "+15550199002"}));
  EXPECT_EQ(stored.createdAt, 5'000);
  EXPECT_FALSE(stored.ownerUserId.has_value());
  auto byPhone = store_->findLeadsByPhone("+15550199002");
  ASSERT_TRUE(byPhone);
  ASSERT_EQ(byPhone->size(), 1U);
  EXPECT_EQ(byPhone->front().id, lead.id);

  EXPECT_FALSE(await([&](Completion d) { return store_->leadCreated(lead, d); })); // same id
  Lead anonymous = lead;
  anonymous.id.clear();
  WriteOutcome noId = await([&](Completion d) { return store_->leadCreated(anonymous, d); });
  ASSERT_FALSE(noId);
  EXPECT_EQ(noId.error().code, 400);
}

TEST_P(LeadAndAgentWritesTest, R18OnlyIfUnownedLeavesAnOwnedLeadAlone) {
  const std::string lead = unownedLead();
  ASSERT_TRUE(await([&](Completion d) { return store_->leadAssigned(lead, alice_.id, true, d); }));
  EXPECT_EQ(readLead(lead).ownerUserId, alice_.id);
  // Bob answers a later call: with "only when it has no owner" alice keeps it.
  ASSERT_TRUE(await([&](Completion d) { return store_->leadAssigned(lead, bob_.id, true, d); }));
  EXPECT_EQ(readLead(lead).ownerUserId, alice_.id);
  // With "always" (the default setting) whoever answered gets it.
  ASSERT_TRUE(await([&](Completion d) { return store_->leadAssigned(lead, bob_.id, false, d); }));
  EXPECT_EQ(readLead(lead).ownerUserId, bob_.id);
}

TEST_P(LeadAndAgentWritesTest, R18AssigningAnUnknownLeadOrToAnUnknownUserFails) {
  const std::string lead = unownedLead();
  EXPECT_FALSE(
      await([&](Completion d) { return store_->leadAssigned("ghost", alice_.id, false, d); }));
  EXPECT_FALSE(
      await([&](Completion d) { return store_->leadAssigned("ghost", alice_.id, true, d); }));
  EXPECT_FALSE(await([&](Completion d) { return store_->leadAssigned(lead, "nobody", false, d); }));
  EXPECT_FALSE(readLead(lead).ownerUserId.has_value());
}

TEST_P(LeadAndAgentWritesTest, R13AvailabilityChangesAreStoredWithTheirReason) {
  ASSERT_TRUE(await([&](Completion d) {
    return store_->availabilityChanged(alice_.id, Availability::Unavailable, "missed 3 offers", d);
  }));
  User away = readUser(alice_.id);
  EXPECT_EQ(away.availability, Availability::Unavailable);
  EXPECT_EQ(away.availabilityReason, "missed 3 offers");
  EXPECT_EQ(readUser(bob_.id).availability, Availability::Available);

  ASSERT_TRUE(await([&](Completion d) {
    return store_->availabilityChanged(alice_.id, Availability::Available, "", d);
  }));
  User back = readUser(alice_.id);
  EXPECT_EQ(back.availability, Availability::Available);
  EXPECT_EQ(back.availabilityReason, "");
  EXPECT_FALSE(await([&](Completion d) {
    return store_->availabilityChanged("nobody", Availability::Available, "", d);
  }));
}

} // namespace
} // namespace sb::store

// R-1 caller identification: the in-memory lead index.
#include <gtest/gtest.h>

#include "routing/lead_index.hpp"

namespace sb::routing {
namespace {

using nlohmann::json;

LeadInfo lead(std::string id, EpochMs createdAt, std::optional<std::string> owner = std::nullopt,
              json attributes = json::object()) {
  return LeadInfo{std::move(id), std::move(owner), std::move(attributes), "Name", createdAt};
}

std::vector<std::string> ids(const std::vector<LeadInfo>& leads) {
  std::vector<std::string> out;
  for (const auto& l : leads)
    out.push_back(l.id);
  return out;
}

TEST(LeadIndex, R1_FindsTheLeadByAnyOfItsPhones) {
  LeadIndex index;
  index.upsert(lead("l1", 10, "u1", {{"state", "CA"}, {"score", 72}}),
               {"+15550100001", "+15550100002"});
  for (const char* phone : {"+15550100001", "+15550100002"}) {
    auto found = index.findByPhone(phone);
    ASSERT_EQ(found.size(), 1U) << phone;
    EXPECT_EQ(found[0].id, "l1");
    EXPECT_EQ(found[0].ownerUserId, "u1");
    EXPECT_EQ(found[0].name, "Name");
    EXPECT_EQ(found[0].createdAt, 10);
    EXPECT_EQ(found[0].attributes, json({{"state", "CA"}, {"score", 72}}));
  }
  EXPECT_TRUE(index.findByPhone("+15550100003").empty());
  EXPECT_TRUE(index.findByPhone("not a phone").empty());
  EXPECT_EQ(index.size(), 1U);
}

TEST(LeadIndex, R1_SeveralLeadsPerPhoneOldestFirst) {
  LeadIndex index;
  index.upsert(lead("new", 300), {"+15550100001"});
  index.upsert(lead("old", 100), {"+15550100001", "+15550100009"});
  index.upsert(lead("mid-a", 200), {"+15550100001"});
  index.upsert(lead("mid-b", 200), {"+15550100001"}); // same age: the order added decides
  EXPECT_EQ(ids(index.findByPhone("+15550100001")),
            (std::vector<std::string>{"old", "mid-a", "mid-b", "new"}));
}

TEST(LeadIndex, R1_OwnerChange) {
  LeadIndex index;
  index.upsert(lead("l1", 1, "u1"), {"+15550100001"});
  index.setOwner("l1", "u2");
  EXPECT_EQ(index.findByPhone("+15550100001")[0].ownerUserId, "u2");
  index.setOwner("l1", std::nullopt);
  EXPECT_EQ(index.find("l1")->ownerUserId, std::nullopt);
  index.setOwner("nobody", "u1"); // no such lead: nothing happens
  EXPECT_EQ(index.size(), 1U);
}

TEST(LeadIndex, R1_RemoveForgetsTheLeadAndItsPhones) {
  LeadIndex index;
  index.upsert(lead("l1", 1), {"+15550100001"});
  index.upsert(lead("l2", 2), {"+15550100001", "+15550100002"});
  index.remove("l2");
  EXPECT_EQ(ids(index.findByPhone("+15550100001")), std::vector<std::string>{"l1"});
  EXPECT_TRUE(index.findByPhone("+15550100002").empty());
  EXPECT_EQ(index.find("l2"), std::nullopt);
  EXPECT_EQ(index.size(), 1U);
  index.remove("l2");                            // twice is harmless
  index.upsert(lead("l3", 3), {"+15550100003"}); // reuses the freed slot
  EXPECT_EQ(index.find("l3")->id, "l3");
  EXPECT_EQ(ids(index.findByPhone("+15550100001")), std::vector<std::string>{"l1"});
}

TEST(LeadIndex, R1_UpsertReplacesPhonesAndFields) {
  LeadIndex index;
  index.upsert(lead("l1", 1, "u1", {{"state", "CA"}}), {"+15550100001", "+15550100002"});
  auto changed = lead("l1", 1, "u2", {{"state", "NV"}});
  changed.name = "Renamed";
  index.upsert(changed, {"+15550100002", "+15550100003"});
  EXPECT_TRUE(index.findByPhone("+15550100001").empty());
  auto found = index.findByPhone("+15550100003");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].name, "Renamed");
  EXPECT_EQ(found[0].ownerUserId, "u2");
  EXPECT_EQ(found[0].attributes["state"], "NV");
  EXPECT_EQ(index.phonesOf("l1"), (std::vector<std::string>{"+15550100002", "+15550100003"}));
  EXPECT_EQ(index.size(), 1U);
}

TEST(LeadIndex, R1_OnlyE164PhonesAreIndexedAndDuplicatesOnce) {
  LeadIndex index;
  index.upsert(lead("l1", 1), {"555-0100", "+0123456789", "+15550100001", "+15550100001", "",
                               "+1234567890123456"});
  EXPECT_EQ(index.phonesOf("l1"), std::vector<std::string>{"+15550100001"});
  EXPECT_EQ(index.findByPhone("+15550100001").size(), 1U);
}

TEST(LeadIndex, R1_AttributesOfEveryShapeSurvive) {
  LeadIndex index;
  json attrs = {{"nested", {{"a", {1, 2.5, "x", true, nullptr}}}}, {"long", std::string(300, 'z')}};
  auto l = lead(std::string(40, 'i'), 1, std::string(30, 'o'), attrs);
  l.name = std::string(200, 'n');
  index.upsert(l, {"+15550100001"});
  auto found = index.find(l.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->attributes, attrs);
  EXPECT_EQ(found->name, l.name);
  EXPECT_EQ(found->ownerUserId, l.ownerUserId);
  index.upsert(lead("empty", 2, std::nullopt, json(nullptr)), {});
  EXPECT_EQ(index.find("empty")->attributes, json::object());
}

TEST(LeadIndex, R1_ManyLeadsStayFindable) {
  LeadIndex index;
  index.reserve(2000);
  for (int i = 0; i < 2000; ++i) {
    index.upsert(lead("lead-" + std::to_string(i), i), {"+1555" + std::to_string(1000000 + i)});
  }
  for (int i = 0; i < 2000; i += 2)
    index.remove("lead-" + std::to_string(i));
  EXPECT_EQ(index.size(), 1000U);
  EXPECT_TRUE(index.findByPhone("+15551000000").empty());
  auto found = index.findByPhone("+15551001999");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].id, "lead-1999");
  EXPECT_EQ(index.find("lead-1001")->createdAt, 1001);
}

} // namespace
} // namespace sb::routing

// `switchboard provision`: names resolved to ids, and bad documents refused with the
// place of the error.
#include "server/provision.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

namespace sb::server {
namespace {

using Json = nlohmann::json;

class ProvisionTest : public ::testing::Test {
protected:
  store::testing::FakeStore db;
};

TEST_F(ProvisionTest, UsersGroupsFlowsNumbersAndLeadsReferToEachOtherByName) {
  Json doc = Json::parse(R"({
    "organization": {"company_phone": "(555) 010-0000", "settings": {"cool_down_seconds": 15}},
    "users": [{"email": "alice@example.test", "sip": {"username": "alice", "password": "pw"},
               "number": "+15550100001", "attributes": {"states": ["CA"]}}],
    "groups": [{"name": "Floor", "members": ["alice@example.test"], "filter": "user.states contains lead.state"}],
    "call_flows": [{"name": "Sales", "steps": [{"type": "group", "group": "Floor"}, {"type": "voicemail"}]}],
    "numbers": [{"e164": "+15550100009", "call_flow": "Sales", "forwarding": "555-010-9001"}],
    "leads": [{"name": "Pat", "phones": ["+1 555 765 4321"], "owner": "alice@example.test"}]
  })");
  auto report = provision(db, doc);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->users, 1);
  EXPECT_EQ(report->numbers, 2);
  EXPECT_EQ(db.org->companyPhone, "+15550100000") << "numbers are normalized to E.164";
  EXPECT_EQ(db.org->settings["cool_down_seconds"], 15);
  const std::string alice = db.users.at(0).id;
  EXPECT_EQ(db.groups.at(0).memberIds, std::vector<std::string>{alice});
  EXPECT_EQ(db.callFlows.at(0).steps[0]["group_id"], db.groups.at(0).id);
  EXPECT_EQ(db.numbers.at(1).callFlowId, std::optional<std::string>(db.callFlows.at(0).id));
  EXPECT_EQ(db.numbers.at(1).forwardingNumber, "+15550109001");
  EXPECT_EQ(db.leads.at(0).phones, std::vector<std::string>{"+15557654321"});
  EXPECT_EQ(db.leads.at(0).ownerUserId, std::optional<std::string>(alice));
  EXPECT_EQ(db.devices.at(0).sipUsername, "alice");
}

struct BadCase {
  const char* document;
  const char* error; // a part of the message
};

class ProvisionErrorTest : public ProvisionTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(ProvisionErrorTest, IsRefusedWithThePlaceOfTheError) {
  auto report = provision(db, Json::parse(GetParam().document));
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find(GetParam().error), std::string::npos) << report.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, ProvisionErrorTest,
    ::testing::Values(BadCase{R"([])", "top level"},
                      BadCase{R"({"users": [{"name": "x"}]})", "users[0].email: required"},
                      BadCase{R"({"users": [{"email": "a@x", "number": "call me"}]})", "users[0].number"},
                      BadCase{R"({"users": [{"email": "a@x", "role": "boss"}]})", "users[0].role"},
                      BadCase{R"({"groups": [{"name": "g", "members": ["nobody@x"]}]})", "groups[0].members"},
                      BadCase{R"({"groups": [{"name": "g", "filter": "user.x contains"}]})", "groups[0].filter"},
                      BadCase{R"({"call_flows": [{"name": "f", "steps": [{"type": "group", "group": "none"}]}]})",
                              "call_flows[0].steps[0].group"},
                      BadCase{R"({"call_flows": [{"name": "f", "steps": [{"type": "teleport"}]}]})", "call_flows[0]"},
                      BadCase{R"({"numbers": [{"e164": "+15550100009", "call_flow": "none"}]})",
                              "numbers[0].call_flow"},
                      BadCase{R"({"leads": [{"name": "p", "phones": [42]}]})", "leads[0].phones"}));

} // namespace
} // namespace sb::server

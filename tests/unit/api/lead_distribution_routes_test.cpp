// R-20..R-23 through the API: a lead posted with a distribution (each wrong field a 422
// naming it; a 202 with the prospect id and no application id; what the live system was
// asked), a lead's application, and the admins' Lead Exceptions list and resolve.
#include "unit/api/api_fixture.hpp"

#include <gtest/gtest.h>

namespace sb::api::testing {
namespace {

using http::Verb;
using nlohmann::json;

class LeadDistributionRoutes : public ::testing::Test {
protected:
  void SetUp() override {
    agent = api.userWithSession("alice@example.test", store::Role::Agent);
    admin = api.userWithSession("root@example.test", store::Role::Admin);
    store::GroupRecord group;
    group.name = "Sales";
    auto created = api.db.createGroup(group);
    ASSERT_TRUE(created.ok());
    groupId = created->id;
  }

  std::string userId(const std::string& email) {
    auto user = api.db.findUserByEmail(email);
    return user.ok() && *user ? (*user)->id : std::string();
  }

  json distributed(const json& distribution) {
    return {{"name", "Dana"}, {"phones", {"+15550100777"}}, {"distribution", distribution}};
  }

  http::ApiResponse postLead(const json& body, const std::string& token = kAdminToken) {
    return api.call(Verb::post, "/api/v1/leads", body.dump(), token);
  }

  std::string raise(const std::string& leadId, store::EpochMs at, const std::string& reason) {
    store::LeadException e;
    e.leadId = leadId;
    e.groupId = groupId;
    e.reason = reason;
    e.detail = "nobody pressed 1";
    e.createdAt = at;
    EXPECT_TRUE(api.db.leadExceptionRaised(e, {}));
    api.db.completeAll();
    return api.db.leadExceptions.empty() ? "" : api.db.leadExceptions.back().id;
  }

  std::string storedLead(const std::string& name) {
    store::Lead lead;
    lead.name = name;
    lead.phones = {"+15550100888"};
    auto created = api.db.createLead(lead);
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->id : "";
  }

  ApiFixture api;
  std::string agent, admin, groupId;
};

TEST_F(LeadDistributionRoutes, R20EachWrongFieldOfADistributionIsA422NamingIt) {
  const std::vector<std::pair<json, std::string>> cases{
      {distributed("ring_all"), "distribution"},
      {distributed({{"strategy", "ring_all"}, {"group_id", groupId}, {"timeout", 5}}),
       "distribution.timeout"},
      {distributed({{"group_id", groupId}}), "distribution.strategy"},
      {distributed({{"strategy", "round_robin"}, {"group_id", groupId}}), "distribution.strategy"},
      {distributed({{"strategy", 1}, {"group_id", groupId}}), "distribution.strategy"},
      {distributed({{"strategy", "ring_all"}}), "distribution.group_id"},
      {distributed({{"strategy", "ring_all"}, {"group_id", "no-such-group"}}),
       "distribution.group_id"},
      {{{"name", "Dana"}, {"distribution", {{"strategy", "ring_all"}, {"group_id", groupId}}}},
       "phones"},
      {{{"name", "Dana"},
        {"phones", {"+15550100777"}},
        {"owner_user_id", userId("alice@example.test")},
        {"distribution", {{"strategy", "ring_all"}, {"group_id", groupId}}}},
       "owner_user_id"},
  };
  for (const auto& [body, field] : cases) {
    auto response = postLead(body);
    EXPECT_EQ(response.status, 422) << body.dump() << " " << response.body;
    auto error = api.json(response)["error"];
    EXPECT_EQ(error.value("field", ""), field) << body.dump();
    EXPECT_EQ(error.value("code", ""), "invalid");
  }
  EXPECT_TRUE(api.db.leads.empty());
  EXPECT_TRUE(api.control.distributions.empty());
}

TEST_F(LeadDistributionRoutes, R20APostedLeadIsStoredUnownedAndDistributedAt202) {
  auto response = postLead(distributed({{"strategy", "ring_all"}, {"group_id", groupId}}));
  ASSERT_EQ(response.status, 202) << response.body;
  auto body = api.json(response);
  ASSERT_EQ(api.db.leads.size(), 1U);
  const std::string leadId = api.db.leads.front().id;
  EXPECT_EQ(body["prospect_id"], leadId);
  EXPECT_TRUE(body["application_id"].is_null());
  EXPECT_EQ(body["lead"]["id"], leadId);
  EXPECT_EQ(body["lead"]["name"], "Dana");
  EXPECT_TRUE(body["lead"]["owner_user_id"].is_null());
  EXPECT_EQ(body["distribution"],
            (json{{"strategy", "ring_all"}, {"group_id", groupId}, {"status", "started"}}));
  ASSERT_EQ(api.control.distributions.size(), 1U);
  EXPECT_EQ(api.control.distributions[0].leadId, leadId);
  EXPECT_EQ(api.control.distributions[0].groupId, groupId);
  EXPECT_EQ(api.control.distributions[0].byUserId, ""); // the admin token is nobody
  // Routing learnt of the lead before it was distributed.
  EXPECT_EQ(api.control.requests,
            (std::vector<std::string>{"lead " + leadId,
                                      "distribute " + leadId + " " + groupId + " by "}));

  // An agent's distributed lead is not theirs: it goes to whoever takes it.
  auto byAgent = postLead(distributed({{"strategy", "ring_all"}, {"group_id", groupId}}), agent);
  ASSERT_EQ(byAgent.status, 202) << byAgent.body;
  EXPECT_TRUE(api.json(byAgent)["lead"]["owner_user_id"].is_null());
  ASSERT_EQ(api.control.distributions.size(), 2U);
  EXPECT_EQ(api.control.distributions[1].byUserId, userId("alice@example.test"));
}

TEST_F(LeadDistributionRoutes, R20TheLiveSystemsRefusalIsTheAnswer) {
  api.control.distributionError = common::makeError("the server is shutting down", 503);
  auto response = postLead(distributed({{"strategy", "ring_all"}, {"group_id", groupId}}));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(api.json(response)["error"]["code"], "unavailable");
  EXPECT_EQ(api.db.leads.size(), 1U); // stored, unassigned: nothing is lost
}

TEST_F(LeadDistributionRoutes, R21ALeadShowsItsApplication) {
  const std::string leadId = storedLead("Dana");
  auto before = api.json(api.call(Verb::get, "/api/v1/leads/" + leadId));
  ASSERT_TRUE(before.contains("application"));
  EXPECT_TRUE(before["application"].is_null());

  store::Application taken{"ap-1", leadId, userId("alice@example.test"), "call-9",
                           1'700'000'000'000};
  ASSERT_TRUE(api.db.applicationCreated(taken, {}));
  api.db.completeAll();
  auto after = api.json(api.call(Verb::get, "/api/v1/leads/" + leadId));
  EXPECT_EQ(after["application"], (json{{"id", "ap-1"},
                                        {"user_id", taken.userId},
                                        {"call_id", "call-9"},
                                        {"created_at", "2023-11-14T22:13:20.000Z"}}));
}

TEST_F(LeadDistributionRoutes, R23AdminsListLeadExceptionsByStateAPageAtATime) {
  const std::string dana = storedLead("Dana");
  const std::string x1 = raise(dana, 1'700'000'000'000, "no_answer");
  const std::string x2 = raise(dana, 1'700'000'001'000, "all_declined");
  const std::string x3 = raise(dana, 1'700'000'002'000, "nobody_eligible");
  ASSERT_TRUE(api.db.resolveLeadException(x1, "", 1'700'000'003'000).ok());

  auto open = api.call(Verb::get, "/api/v1/lead-exceptions");
  ASSERT_EQ(open.status, 200) << open.body;
  auto page = api.json(open);
  ASSERT_EQ(page["items"].size(), 2U);
  EXPECT_TRUE(page["next_cursor"].is_null());
  const json& newest = page["items"][0];
  EXPECT_EQ(newest["id"], x3);
  EXPECT_EQ(newest["lead"], (json{{"id", dana},
                                  {"name", "Dana"},
                                  {"company", ""},
                                  {"phones", {"+15550100888"}},
                                  {"owner_user_id", nullptr}}));
  EXPECT_EQ(newest["group_id"], groupId);
  EXPECT_TRUE(newest["call_id"].is_null());
  EXPECT_EQ(newest["reason"], "nobody_eligible");
  EXPECT_EQ(newest["detail"], "nobody pressed 1");
  EXPECT_EQ(newest["created_at"], "2023-11-14T22:13:22.000Z");
  EXPECT_TRUE(newest["resolved_at"].is_null());
  EXPECT_TRUE(newest["resolved_by_user_id"].is_null());

  auto resolved = api.json(api.call(Verb::get, "/api/v1/lead-exceptions?state=resolved"));
  ASSERT_EQ(resolved["items"].size(), 1U);
  EXPECT_EQ(resolved["items"][0]["id"], x1);
  EXPECT_EQ(resolved["items"][0]["resolved_at"], "2023-11-14T22:13:23.000Z");

  auto first = api.json(api.call(Verb::get, "/api/v1/lead-exceptions?state=all&limit=2"));
  ASSERT_EQ(first["items"].size(), 2U);
  EXPECT_EQ(first["items"][1]["id"], x2);
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto rest = api.json(api.call(Verb::get, "/api/v1/lead-exceptions?state=all&limit=2&cursor=" +
                                               first["next_cursor"].get<std::string>()));
  ASSERT_EQ(rest["items"].size(), 1U);
  EXPECT_EQ(rest["items"][0]["id"], x1);

  for (auto [query, field] : {std::pair{"state=closed", "state"}, std::pair{"limit=0", "limit"},
                              std::pair{"cursor=abc", "cursor"}, std::pair{"owner=x", "owner"}}) {
    auto bad = api.call(Verb::get, std::string("/api/v1/lead-exceptions?") + query);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_EQ(api.json(bad)["error"].value("field", ""), field) << query;
  }
  EXPECT_EQ(api.call(Verb::get, "/api/v1/lead-exceptions", "", agent).status, 403);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/lead-exceptions/" + x2, "", agent).status, 403);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/lead-exceptions/" + x2).status, 200);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/lead-exceptions/nope").status, 404);
}

TEST_F(LeadDistributionRoutes, R23AnAdminResolvesAnExceptionOnce) {
  const std::string x1 = raise(storedLead("Dana"), 1'700'000'000'000, "no_answer");
  const std::string path = "/api/v1/lead-exceptions/" + x1 + "/resolve";
  EXPECT_EQ(api.call(Verb::post, path, "", agent).status, 403);
  EXPECT_EQ(api.call(Verb::post, path, R"({"note": 1})", admin).status, 400);

  auto resolved = api.call(Verb::post, path, "", admin);
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  auto body = api.json(resolved);
  EXPECT_EQ(body["id"], x1);
  EXPECT_EQ(body["resolved_by_user_id"], userId("root@example.test"));
  EXPECT_EQ(body["resolved_at"], "2023-11-14T22:13:20.000Z"); // the fixture clock's now

  auto again = api.call(Verb::post, path, "{}", admin);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(api.json(again)["error"]["code"], "already_resolved");
  EXPECT_EQ(api.call(Verb::post, "/api/v1/lead-exceptions/nope/resolve").status, 404);
}

} // namespace
} // namespace sb::api::testing

// The API's routing of requests in process: authentication and access (R-30), the
// caller's own calls (R-24, R-19), call control going to the live system, and metrics.
#include "unit/api/api_fixture.hpp"

#include "api/auth/metrics.hpp"

#include <gtest/gtest.h>

namespace sb::api::testing {
namespace {

using http::Verb;

// A call offered to `offeredTo` and answered by `answeredBy` ("" for none), durable.
std::string storedCall(ApiFixture& api, const std::string& offeredTo, const std::string& answeredBy) {
  store::CallRecord call;
  call.id = "call-" + offeredTo;
  call.numberE164 = "+15550100001";
  call.callerE164 = "+15559870000";
  call.startedAt = 1'700'000'000'000;
  EXPECT_TRUE(api.db.callStarted(call, {}));
  store::OfferRecord offer;
  offer.id = "offer-" + offeredTo;
  offer.callId = call.id;
  offer.userId = offeredTo;
  offer.createdAt = call.startedAt + 10;
  EXPECT_TRUE(api.db.offerCreated(offer, {}));
  if (!answeredBy.empty()) {
    EXPECT_TRUE(api.db.callAnswered(call.id, answeredBy, call.startedAt + 2000, {}));
  }
  api.db.completeAll();
  return call.id;
}

std::string idOf(ApiFixture& api, const std::string& email) {
  auto user = api.db.findUserByEmail(email);
  return user.ok() && *user ? (*user)->id : std::string();
}

TEST(ApiService, RefusesRequestsWithoutAValidToken) {
  ApiFixture api;
  auto missing = api.call(Verb::get, "/api/v1/users", "", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(api.json(missing)["error"]["code"], "unauthorized");
  bool challenges = false;
  for (const auto& [name, value] : missing.headers) challenges = challenges || name == "WWW-Authenticate";
  EXPECT_TRUE(challenges);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/users", "", "sbs_unknown").status, 401);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/users").status, 200) << "the admin environment token";
  EXPECT_EQ(api.call(Verb::get, "/healthz", "", "").status, 200) << "probes are public";
}

TEST(ApiService, AgentsCannotUseAdminRoutes) {
  ApiFixture api;
  auto agent = api.userWithSession("alice@example.test", store::Role::Agent);
  auto refused = api.call(Verb::post, "/api/v1/users", R"({"email":"eve@example.test","name":"Eve"})", agent);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/webhooks", "", agent).status, 403);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/users", "", agent).status, 200) << "agents see the team";
  auto created = api.call(Verb::post, "/api/v1/users", R"({"email":"eve@example.test","name":"Eve"})");
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(api.control.requests.back(), "reload") << "routing sees a new user at once";
}

TEST(ApiService, AnAgentSeesAndLogsOnlyTheirOwnCalls) {
  ApiFixture api;
  auto alice = api.userWithSession("alice@example.test", store::Role::Agent);
  auto bob = api.userWithSession("bob@example.test", store::Role::Agent);
  auto callId = storedCall(api, idOf(api, "alice@example.test"), idOf(api, "alice@example.test"));

  auto mine = api.json(api.call(Verb::get, "/api/v1/calls", "", alice));
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], callId);
  EXPECT_TRUE(api.json(api.call(Verb::get, "/api/v1/calls", "", bob))["items"].empty());
  EXPECT_EQ(api.call(Verb::get, "/api/v1/calls/" + callId, "", bob).status, 404);

  auto logged = api.call(Verb::patch, "/api/v1/calls/" + callId, R"({"disposition":"won","notes":"n"})", alice);
  ASSERT_EQ(logged.status, 200) << logged.body;
  auto again = api.call(Verb::patch, "/api/v1/calls/" + callId, R"({"disposition":"lost"})", alice);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(api.json(again)["error"]["field"], "disposition");
  auto badType = api.call(Verb::patch, "/api/v1/calls/" + callId, R"({"notes":42})", alice);
  EXPECT_EQ(badType.status, 400);
  EXPECT_EQ(api.json(badType)["error"]["field"], "notes");
  EXPECT_EQ(api.call(Verb::patch, "/api/v1/calls/" + callId, R"({"notes":"mine"})", bob).status, 404);
  EXPECT_EQ(api.hub.lastId() > 0, true) << "the log is published (call.logged)";
}

TEST(ApiService, CallControlGoesToTheLiveSystemForOneselfOnly) {
  ApiFixture api;
  auto alice = api.userWithSession("alice@example.test", store::Role::Agent);
  api.userWithSession("bob@example.test", store::Role::Agent);
  auto aliceId = idOf(api, "alice@example.test");
  auto bobId = idOf(api, "bob@example.test");
  auto set = api.call(Verb::put, "/api/v1/users/" + aliceId + "/availability",
                      R"({"available":false,"reason":"lunch"})", alice);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(api.control.requests.back(), "availability " + aliceId + " 0 lunch");
  auto read = api.json(api.call(Verb::get, "/api/v1/users/" + aliceId, "", alice));
  EXPECT_EQ(read["availability"], "unavailable") << "read from the live state, before the stored write commits";
  EXPECT_EQ(read["availability_reason"], "lunch");
  EXPECT_EQ(api.json(api.call(Verb::get, "/api/v1/me", "", alice))["user"]["availability"], "unavailable");
  EXPECT_EQ(api.call(Verb::put, "/api/v1/users/" + bobId + "/availability", R"({"available":false})", alice).status,
            403);
  EXPECT_EQ(api.call(Verb::post, "/api/v1/users/" + aliceId + "/cool-down/end", "", alice).status, 200);
  EXPECT_EQ(api.call(Verb::post, "/api/v1/calls/c9/accept", "", alice).status, 204);
  EXPECT_EQ(api.control.requests.back(), "accept c9 " + aliceId);
  EXPECT_EQ(api.call(Verb::post, "/api/v1/calls/c9/accept").status, 403) << "the environment token is not a user";
  auto decline = api.call(Verb::post, "/api/v1/calls/c9/decline", "", alice);
  EXPECT_EQ(decline.status, 404);
  EXPECT_EQ(api.control.requests.back(), "decline c9 " + aliceId);
}

// Who is on the call now is the live system's to say (the B2BUA tests cover its answer):
// the API asks it with who asks, and passes its refusal on.
TEST(ApiService, HoldAsksTheLiveSystemWithWhoAsksAndPassesItsRefusalOn) {
  ApiFixture api;
  auto alice = api.userWithSession("alice@example.test", store::Role::Agent);
  auto bob = api.userWithSession("bob@example.test", store::Role::Agent);
  auto aliceId = idOf(api, "alice@example.test");
  auto answered = storedCall(api, aliceId, aliceId);
  ASSERT_EQ(api.call(Verb::post, "/api/v1/calls/" + answered + "/hold", "", alice).status, 204);
  EXPECT_EQ(api.control.requests.back(), "hold " + answered + " by " + aliceId);
  ASSERT_EQ(api.call(Verb::post, "/api/v1/calls/" + answered + "/resume", "", alice).status, 204);
  EXPECT_EQ(api.control.requests.back(), "resume " + answered + " by " + aliceId);
  EXPECT_EQ(api.call(Verb::post, "/api/v1/calls/" + answered + "/hold", "", bob).status, 404)
      << "bob cannot see alice's call";
  EXPECT_EQ(api.control.requests.back(), "resume " + answered + " by " + aliceId) << "nothing reached the live system";
  EXPECT_EQ(api.call(Verb::post, "/api/v1/calls/" + answered + "/hold").status, 204) << "admins can";
  EXPECT_EQ(api.control.requests.back(), "hold " + answered + " by  (admin)");

  auto bobId = idOf(api, "bob@example.test");
  auto offeredOnly = storedCall(api, bobId, "");
  api.control.holdError = common::makeError("only the agent on call " + offeredOnly + " or an admin can hold it", 403);
  auto refused = api.call(Verb::post, "/api/v1/calls/" + offeredOnly + "/hold", "", bob);
  EXPECT_EQ(refused.status, 403) << "being offered a call is not being on it";
  EXPECT_EQ(api.control.requests.back(), "hold " + offeredOnly + " by " + bobId);
  EXPECT_EQ(api.json(refused)["error"]["code"], "forbidden");
}

TEST(ApiService, TheSoftphoneAccountIsCreatedOnceAndPointsAtTheSipWebSocket) {
  ApiFixture api;
  auto alice = api.userWithSession("alice@example.test", store::Role::Agent);
  auto first = api.call(Verb::get, "/api/v1/me/softphone", "", alice);
  ASSERT_EQ(first.status, 200) << first.body;
  auto account = api.json(first);
  EXPECT_EQ(account["websocket_url"], "ws://127.0.0.1:5066");
  std::string username = account["authorization_user"];
  EXPECT_EQ(username.rfind("web-", 0), 0u) << username;
  EXPECT_EQ(account["sip_uri"], "sip:" + username + "@127.0.0.1");
  EXPECT_EQ(account["password"].get<std::string>().size(), 24u);
  EXPECT_EQ(api.control.requests.back(), "reload") << "the registrar knows the new device at once";

  auto again = api.json(api.call(Verb::get, "/api/v1/me/softphone", "", alice));
  EXPECT_EQ(again["device_id"], account["device_id"]);
  EXPECT_EQ(again["password"], account["password"]);
  auto devices = api.db.listDevices();
  ASSERT_TRUE(devices.ok());
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ(devices->front().kind, store::DeviceKind::Browser);

  auto admin = api.call(Verb::get, "/api/v1/me/softphone");
  EXPECT_EQ(admin.status, 409) << "the environment token is not a user";
}

TEST(ApiService, CountsRequestsByRouteAndStatus) {
  ApiFixture api;
  api.call(Verb::get, "/api/v1/users");
  api.call(Verb::get, "/api/v1/users/nobody");
  auto text = api.call(Verb::get, "/metrics", "", "").body;
  EXPECT_NE(text.find(R"(switchboard_api_requests_total{method="GET",route="/api/v1/users",status="200"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="/api/v1/users/{id}",status="404"} 1)"), std::string::npos) << text;
}

TEST(ApiService, TheEventStreamNeedsAToken) {
  ApiFixture api;
  http::ApiRequest request;
  request.path = "/api/v1/events";
  auto refused = api.service->upgrade(request, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 401);
  request.path = "/api/v1/calls";
  auto wrongPath = api.service->upgrade(request, nullptr);
  ASSERT_FALSE(wrongPath.ok());
  EXPECT_EQ(wrongPath.error().code, 404);
}

} // namespace
} // namespace sb::api::testing

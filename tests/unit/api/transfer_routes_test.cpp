// R-17 through the API: who may transfer a call, the body's one target checked against the
// store (422 naming the field), the live system's answer passed on with its error code,
// cancelling, and what the call's history shows once a transfer was taken.
#include "unit/api/api_fixture.hpp"

#include <gtest/gtest.h>

namespace sb::api::testing {
namespace {

using http::Verb;

class TransferRoutes : public ::testing::Test {
protected:
  void SetUp() override {
    alice = api.userWithSession("alice@example.test", store::Role::Agent);
    bob = api.userWithSession("bob@example.test", store::Role::Agent);
    carol = api.userWithSession("carol@example.test", store::Role::Agent);
    aliceId = idOf("alice@example.test");
    bobId = idOf("bob@example.test");
    // A call alice answered; bob was offered it too (so he can see it).
    store::CallRecord call;
    call.id = "c1";
    call.numberE164 = "+15550100001";
    call.callerE164 = "+15559870000";
    call.startedAt = 1'700'000'000'000;
    ASSERT_TRUE(api.db.callStarted(call, {}));
    ASSERT_TRUE(api.db.offerCreated(offer("o-alice", aliceId, std::nullopt), {}));
    ASSERT_TRUE(api.db.offerCreated(offer("o-bob", bobId, std::nullopt), {}));
    ASSERT_TRUE(api.db.callAnswered("c1", aliceId, call.startedAt + 2000, {}));
    api.db.completeAll();
  }

  store::OfferRecord offer(const std::string& id, const std::string& userId, std::optional<std::string> by) {
    store::OfferRecord o;
    o.id = id;
    o.callId = "c1";
    o.userId = userId;
    o.createdAt = 1'700'000'000'010;
    o.transferredByUserId = std::move(by);
    return o;
  }

  std::string idOf(const std::string& email) {
    auto user = api.db.findUserByEmail(email);
    return user.ok() && *user ? (*user)->id : std::string();
  }

  http::ApiResponse transfer(const std::string& body, const std::string& token) {
    return api.call(Verb::post, "/api/v1/calls/c1/transfer", body, token);
  }

  // The error's code and field of a refusal with `status`.
  std::pair<std::string, std::string> refusal(const http::ApiResponse& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
    auto error = api.json(response)["error"];
    return {error.value("code", ""), error.value("field", "")};
  }

  ApiFixture api;
  std::string alice, bob, carol, aliceId, bobId;
};

TEST_F(TransferRoutes, TheAgentOnTheCallTransfersToAUserGroupOrNumber) {
  auto started = transfer(R"({"user_id": ")" + bobId + R"(", "ring_timeout_seconds": 30})", alice);
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(api.json(started)["transfer"]["status"], "ringing");
  EXPECT_EQ(api.control.requests.back(), "transfer c1 user " + bobId + " \"bob\" by " + aliceId + " 30");

  store::GroupRecord sales;
  sales.name = "Sales";
  auto group = api.db.createGroup(sales);
  ASSERT_TRUE(group.ok());
  ASSERT_EQ(transfer(R"({"group_id": ")" + group->id + R"("})", alice).status, 202);
  EXPECT_EQ(api.control.requests.back(), "transfer c1 group " + group->id + " \"Sales\" by " + aliceId + " 20")
      << "20 seconds unless said";

  ASSERT_EQ(transfer(R"({"number": "+15550109999"})", alice).status, 202);
  EXPECT_EQ(api.control.requests.back(), "transfer c1 number +15550109999 \"+15550109999\" by " + aliceId + " 20");
  ASSERT_EQ(transfer(R"({"number": "+15550109999"})", kAdminToken).status, 202) << "admins may";
  EXPECT_EQ(api.control.requests.back(), "transfer c1 number +15550109999 \"+15550109999\" by  (admin) 20");
}

TEST_F(TransferRoutes, ABodyThatIsNotOneTargetIs422NamingTheField) {
  auto requests = api.control.requests.size();
  const std::pair<std::string, std::string> cases[] = {
      {R"({})", "user_id"},
      {R"({"user_id": ")" + bobId + R"(", "number": "+15550109999"})", "number"},
      {R"({"user_id": ")" + bobId + R"(", "colour": "red"})", "colour"},
      {R"({"user_id": 5})", "user_id"},
      {R"({"user_id": "no-such-user"})", "user_id"},
      {R"({"group_id": "no-such-group"})", "group_id"},
      {R"({"number": "555-0199"})", "number"},
      {R"({"number": "+1 555 010 9999"})", "number"},
      {R"({"user_id": ")" + bobId + R"(", "ring_timeout_seconds": 4})", "ring_timeout_seconds"},
      {R"({"user_id": ")" + bobId + R"(", "ring_timeout_seconds": 121})", "ring_timeout_seconds"},
      {R"({"user_id": ")" + bobId + R"(", "ring_timeout_seconds": "20"})", "ring_timeout_seconds"},
  };
  for (const auto& [body, field] : cases) {
    auto [code, named] = refusal(transfer(body, alice), 422);
    EXPECT_EQ(named, field) << body;
    EXPECT_EQ(code, "invalid") << body;
  }
  EXPECT_EQ(api.control.requests.size(), requests) << "nothing reached the live system";
}

// Whether bob, offered the call, is on it is the live system's to say (its 403 is passed on:
// see below); a user who cannot see the call gets no further than its 404.
TEST_F(TransferRoutes, OnlyUsersWhoSeeTheCallReachTheLiveSystem) {
  const std::string body = R"({"number": "+15550109999"})";
  EXPECT_EQ(refusal(transfer(body, carol), 404).first, "not_found") << "carol cannot see the call";
  EXPECT_EQ(refusal(api.call(Verb::post, "/api/v1/calls/nope/transfer", body, alice), 404).first, "not_found");
  EXPECT_TRUE(api.control.requests.empty());
  ASSERT_EQ(transfer(body, bob).status, 202);
  EXPECT_EQ(api.control.requests.back(), "transfer c1 number +15550109999 \"+15550109999\" by " + bobId + " 20");
}

TEST_F(TransferRoutes, TheLiveSystemsRefusalsKeepTheirStatusAndCode) {
  const std::string body = R"({"user_id": ")" + bobId + R"("})";
  for (const auto& [status, code] : std::vector<std::pair<int, std::string>>{{404, "not_found"},
                                                                               {409, "not_connected"},
                                                                               {409, "transfer_ringing"},
                                                                               {409, "same_user"},
                                                                               {409, "target_unavailable"},
                                                                               {403, "forbidden"}}) {
    api.control.transferReply = TransferReply{status, code, "refused: " + code, nullptr};
    auto response = transfer(body, alice);
    EXPECT_EQ(refusal(response, status).first, code);
    EXPECT_EQ(api.json(response)["error"]["message"], "refused: " + code);
  }
}

TEST_F(TransferRoutes, CancellingGoesToTheLiveSystem) {
  ASSERT_EQ(api.call(Verb::delete_, "/api/v1/calls/c1/transfer", "", alice).status, 204);
  EXPECT_EQ(api.control.requests.back(), "cancel transfer c1 " + aliceId);
  ASSERT_EQ(api.call(Verb::delete_, "/api/v1/calls/c1/transfer").status, 204);
  EXPECT_EQ(api.control.requests.back(), "cancel transfer c1  (admin)");
  api.control.cancelError = common::makeError("no transfer of call c1 is ringing", 404);
  EXPECT_EQ(api.call(Verb::delete_, "/api/v1/calls/c1/transfer", "", alice).status, 404);
  EXPECT_EQ(api.call(Verb::delete_, "/api/v1/calls/c1/transfer", "", carol).status, 404) << "carol cannot see it";
}

// Once bob took alice's transfer, the call shows him on it.
TEST_F(TransferRoutes, AfterATransferTheTargetIsOnTheCallAndTheHistorySaysWhoTransferred) {
  ASSERT_TRUE(api.db.offerCreated(offer("o-transfer", bobId, aliceId), {}));
  ASSERT_TRUE(api.db.offerUpdated({"o-transfer", store::OfferStatus::Accepted, 1'700'000'030'000, ""}, {}));
  api.db.completeAll();
  auto detail = api.json(api.call(Verb::get, "/api/v1/calls/c1", "", bob));
  EXPECT_EQ(detail["answered_by_user_id"], aliceId) << "the first answerer stays";
  EXPECT_EQ(detail["connected_user_id"], bobId);
  ASSERT_EQ(detail["offers"].size(), 3u);
  EXPECT_EQ(detail["offers"][0]["transferred_by"], nullptr);
  EXPECT_EQ(detail["offers"][2]["transferred_by"], aliceId);
}

// A transfer to a number has no offer; its trace line hands the call on to nobody here.
TEST_F(TransferRoutes, AfterATransferToANumberNoUserIsOnTheCall) {
  store::TraceEntry accepted;
  accepted.callId = "c1";
  accepted.at = 1'700'000'030'000;
  accepted.action = "transfer_accepted";
  accepted.reason = "transfer accepted by +15550109999";
  ASSERT_TRUE(api.db.traceAppend(accepted, {}));
  api.db.completeAll();
  auto detail = api.json(api.call(Verb::get, "/api/v1/calls/c1", "", alice));
  EXPECT_EQ(detail["answered_by_user_id"], aliceId);
  EXPECT_EQ(detail["connected_user_id"], nullptr);
}

} // namespace
} // namespace sb::api::testing

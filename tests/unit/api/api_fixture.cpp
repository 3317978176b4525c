#include "unit/api/api_fixture.hpp"

#include "api/auth/passwords.hpp"
#include "api/openapi_document.hpp"

namespace sb::api::testing {

using nlohmann::json;

common::Result<json> RecordingControl::setAvailability(const std::string& userId, bool available,
                                                       const std::string& reason) {
  requests.push_back("availability " + userId + " " + (available ? "1" : "0") + " " + reason);
  // Like routing's board, this changes at once; the store is not written (as if its
  // queued write had not committed yet).
  live[userId] = json{{"user_id", userId}, {"available", available}, {"unavailable_reason", reason}};
  return live[userId];
}

common::Result<json> RecordingControl::endCoolDown(const std::string& userId) {
  requests.push_back("cool-down end " + userId);
  return json{{"user_id", userId}, {"cool_down_until", nullptr}};
}

std::optional<common::Error> RecordingControl::declineOffer(const std::string& callId, const std::string& userId) {
  requests.push_back("decline " + callId + " " + userId);
  return common::makeError("no offer of call " + callId + " ringing for you", 404);
}

std::optional<common::Error> RecordingControl::endCall(const std::string& callId, const std::string& reason) {
  requests.push_back("end " + callId + " " + reason);
  return std::nullopt;
}

std::optional<common::Error> RecordingControl::acceptOffer(const std::string& callId, const std::string& userId) {
  requests.push_back("accept " + callId + " " + userId);
  return std::nullopt;
}

std::optional<common::Error> RecordingControl::holdCall(const std::string& callId, bool hold,
                                                        const std::string& byUserId, bool byAdmin) {
  requests.push_back(std::string(hold ? "hold " : "resume ") + callId + " by " + byUserId + (byAdmin ? " (admin)" : ""));
  return holdError;
}

TransferReply RecordingControl::transferCall(const TransferRequest& request) {
  requests.push_back("transfer " + request.callId + " " + request.kind + " " + request.targetId + request.number +
                     " \"" + request.name + "\" by " + request.byUserId + (request.byAdmin ? " (admin)" : "") + " " +
                     std::to_string(request.ringTimeoutSeconds));
  if (transferReply) return *transferReply;
  TransferReply reply;
  reply.transfer = {{"call_id", request.callId},
                    {"status", "ringing"},
                    {"by_user_id", request.byUserId},
                    {"target", {{"kind", request.kind}, {"name", request.name}}},
                    {"ring_timeout_seconds", request.ringTimeoutSeconds}};
  return reply;
}

std::optional<common::Error> RecordingControl::cancelTransfer(const std::string& callId, const std::string& byUserId,
                                                              bool byAdmin) {
  requests.push_back("cancel transfer " + callId + " " + byUserId + (byAdmin ? " (admin)" : ""));
  return cancelError;
}

json RecordingControl::agentState(const std::string& userId) {
  auto it = live.find(userId);
  return it == live.end() ? json{{"user_id", userId}} : it->second;
}
json RecordingControl::board() { return {{"agents", json::array()}, {"calls", json::array()}}; }

std::optional<common::Error> RecordingControl::reloadRouting() {
  requests.push_back("reload");
  return std::nullopt;
}

void RecordingControl::leadChanged(const store::Lead& lead) { requests.push_back("lead " + lead.id); }
void RecordingControl::leadRemoved(const std::string& leadId) { requests.push_back("lead removed " + leadId); }

std::optional<common::Error> RecordingControl::distributeLead(const DistributionRequest& request) {
  requests.push_back("distribute " + request.leadId + " " + request.groupId + " by " + request.byUserId);
  distributions.push_back(request);
  return distributionError;
}

ApiFixture::ApiFixture(PromptStore* prompts) {
  store::Organization org;
  org.name = "Test Co";
  org.settings = {{"dispositions", {"won", "lost"}}, {"sentiments", {"positive", "negative"}}};
  (void)db.updateOrganization(org);
  ApiContext context{db, auth, control, hub, webhooks, metrics, clock, "/nonexistent", [] { return true; }, "US",
                     "127.0.0.1:5066", "", "/nonexistent-web-root", prompts};
  service = std::make_unique<ApiService>(std::move(context), openapiDocument());
}

ApiFixture::~ApiFixture() = default;

http::ApiResponse ApiFixture::call(http::Verb method, const std::string& target, const std::string& body,
                                   const std::string& token) {
  http::ApiRequest request;
  request.method = method;
  request.target = target;
  auto question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) {
    auto query = http::QueryParams::parse(target.substr(question + 1));
    if (!query.ok()) return http::errorResponse(query.error());
    request.query = std::move(query.value());
  }
  if (!token.empty()) request.headers.set(boost::beast::http::field::authorization, "Bearer " + token);
  request.body = body;
  request.remoteAddress = "127.0.0.1";
  return service->handle(request);
}

json ApiFixture::json(const http::ApiResponse& response) const { return json::parse(response.body); }

std::string ApiFixture::userWithSession(const std::string& email, store::Role role) {
  store::User user;
  user.email = email;
  user.name = email.substr(0, email.find('@'));
  user.role = role;
  user.passwordHash = auth::hashPassword("a long enough password");
  auto created = db.createUser(user);
  if (!created.ok()) return {};
  auto login = auth.login(email, "a long enough password", "127.0.0.1");
  return login.ok() ? login->secret : std::string();
}

} // namespace sb::api::testing

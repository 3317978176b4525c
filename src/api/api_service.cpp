#include "api/api_service.hpp"

#include "api/auth/authenticator.hpp"
#include "api/auth/metrics.hpp"
#include "api/auth/tokens.hpp"
#include "api/http/static_files.hpp"
#include "api/events/event_hub.hpp"
#include "api/events/event_stream.hpp"
#include "api/routes.hpp"

#include <chrono>
#include <mutex>
#include <unordered_map>

namespace sb::api {

using http::ApiRequest;
using http::ApiResponse;

// The open event streams, each with its subscription, until the socket closes.
struct ApiService::Streams {
  std::mutex mutex;
  std::unordered_map<const http::WebSocketConnection*, std::unique_ptr<events::EventHub::Subscription>> open;
};

ApiService::ApiService(ApiContext context, std::string openapi)
    : context_(std::move(context)), streams_(std::make_unique<Streams>()) {
  addOperationsRoutes(router_, context_, std::move(openapi));
  addSessionRoutes(router_, context_);
  addSoftphoneRoutes(router_, context_);
  addPeopleRoutes(router_, context_);
  addCallRoutes(router_, context_);
  addLeadRoutes(router_, context_);
  addLeadExceptionRoutes(router_, context_);
  addSetupRoutes(router_, context_);
  addFollowUpRoutes(router_, context_);
  addWebhookRoutes(router_, context_);
  addPromptRoutes(router_, context_);
  context_.metrics.gaugeFunction("switchboard_event_clients", "Event stream WebSockets open",
                                 [this] { return static_cast<double>(context_.hub.subscribers()); });
}

ApiService::~ApiService() = default;

std::optional<common::Error> ApiService::authenticate(ApiRequest& request, std::string_view secret) {
  auto who = context_.auth.authenticate(secret);
  if (!who.ok()) return who.error();
  request.principal = http::Principal{who->userId, who->role, who->tokenId};
  return std::nullopt;
}

namespace {

ApiResponse unauthorized(const common::Error& error) {
  auto response = http::errorResponse(error);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"switchboard\"");
  return response;
}

std::string bearerOf(const ApiRequest& request) {
  auto token = auth::bearerToken(request.header(boost::beast::http::field::authorization));
  return token.value_or("");
}

} // namespace

ApiResponse ApiService::handle(ApiRequest& request) {
  auto started = std::chrono::steady_clock::now();
  std::string pattern = "unmatched";
  ApiResponse response = [&]() -> ApiResponse {
    if (auto web = http::serveStaticApp(context_.webRoot, request)) {
      pattern = "web app";
      return std::move(*web);
    }
    auto match = router_.match(request.method, request.path);
    if (!match.ok()) {
      auto refused = http::errorResponse(match.error());
      if (match.error().code == 405) {
        std::string allow;
        for (const auto& method : router_.allowedMethods(request.path)) allow += (allow.empty() ? "" : ", ") + method;
        refused.headers.emplace_back("Allow", allow);
      }
      return refused;
    }
    const http::Route& route = *match->route;
    pattern = route.pattern;
    request.params = std::move(match->params);
    if (route.access != http::Access::Public) {
      auto secret = bearerOf(request);
      if (secret.empty()) return unauthorized(common::makeError("missing bearer token", 401));
      if (auto e = authenticate(request, secret)) return unauthorized(*e);
      if (route.access == http::Access::Admin && !request.principal->isAdmin())
        return http::errorResponse(common::makeError("only admins may do this", 403));
    }
    return route.handler(request);
  }();
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string method(boost::beast::http::to_string(request.method));
  context_.metrics
      .counter("switchboard_api_requests_total", "API requests by route and status",
               {{"method", method}, {"route", pattern}, {"status", std::to_string(response.status)}})
      .inc();
  context_.metrics
      .histogram("switchboard_api_request_seconds", "API request handling time",
                 {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5}, {{"route", pattern}})
      .observe(seconds);
  return response;
}

// GET /api/v1/events?access_token=...&last_event_id=N: browsers cannot set headers on a
// WebSocket, so the token may come as a query parameter (or the Authorization header).
common::Result<http::WebSocketHandlers> ApiService::upgrade(ApiRequest& request,
                                                            std::shared_ptr<http::WebSocketConnection> connection) {
  if (request.path != "/api/v1/events") return common::makeError("no event stream at " + request.path, 404);
  if (auto unknown = request.query.onlyKnown({"access_token", "last_event_id"})) return *unknown;
  auto lastId = request.query.integer("last_event_id", 0, std::numeric_limits<std::int64_t>::max());
  if (!lastId.ok()) return lastId.error();
  std::string secret = bearerOf(request);
  if (secret.empty()) {
    auto fromQuery = request.query.string("access_token", 200);
    if (!fromQuery.ok()) return fromQuery.error();
    secret = fromQuery->value_or("");
  }
  if (secret.empty()) return common::makeError("missing bearer token", 401);
  if (auto e = authenticate(request, secret)) return *e;
  auto handlers = events::streamHandlers(connection);
  auto subscription = context_.hub.subscribe(*request.principal, *lastId, connection);
  const auto* key = connection.get();
  {
    std::lock_guard lock(streams_->mutex);
    streams_->open[key] = std::move(subscription);
  }
  auto closed = handlers.onClose;
  handlers.onClose = [this, key, closed] {
    if (closed) closed();
    std::unique_ptr<events::EventHub::Subscription> ending;
    std::lock_guard lock(streams_->mutex);
    auto it = streams_->open.find(key);
    if (it == streams_->open.end()) return;
    ending = std::move(it->second);
    streams_->open.erase(it);
  };
  return handlers;
}

} // namespace sb::api

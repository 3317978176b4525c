// Operations: liveness, readiness, Prometheus metrics, and the API's own OpenAPI document.
#include "api/auth/metrics.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

ApiResponse text(int status, std::string contentType, std::string body) {
  ApiResponse response;
  response.status = status;
  response.contentType = std::move(contentType);
  response.body = std::move(body);
  return response;
}

} // namespace

void addOperationsRoutes(http::Router& router, ApiContext& context, std::string openapi) {
  router.add(
      Verb::get, "/healthz", Access::Public, [](ApiRequest&) { return ok({{"status", "ok"}}); },
      "The process is up");
  router.add(
      Verb::get, "/readyz", Access::Public,
      [&context](ApiRequest&) {
        bool ready = context.ready();
        return http::jsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "draining"}});
      },
      "Taking calls (503 while draining)");
  router.add(
      Verb::get, "/metrics", Access::Public,
      [&context](ApiRequest&) {
        return text(200, "text/plain; version=0.0.4; charset=utf-8", context.metrics.render());
      },
      "Prometheus metrics");
  router.add(
      Verb::get, "/api/v1/openapi.yaml", Access::Public,
      [spec = std::move(openapi)](ApiRequest&) { return text(200, "application/yaml", spec); },
      "This API, as OpenAPI 3");
  router.add(
      Verb::get, "/api/v1/events", Access::User,
      [](ApiRequest&) {
        auto response = http::errorResponse(common::makeError("connect with a WebSocket upgrade", 426));
        response.headers.emplace_back("Upgrade", "websocket");
        return response;
      },
      "The event stream (WebSocket)");
}

} // namespace sb::api

#pragma once
// The API as the HTTP server sees it: every request is authenticated (bearer token:
// a session from /login, an integration token, or SWITCHBOARD_ADMIN_TOKEN), checked
// against its route's access, handled, and counted; /api/v1/events upgrades to the event
// stream for the events the caller may see.
#include "api/api_context.hpp"
#include "api/http/message.hpp"
#include "api/http/router.hpp"
#include "api/http/websocket.hpp"

#include <memory>
#include <string>

namespace sb::api {

class ApiService {
public:
  ApiService(ApiContext context, std::string openapi);
  ~ApiService();

  http::ApiResponse handle(http::ApiRequest& request);
  common::Result<http::WebSocketHandlers> upgrade(http::ApiRequest& request,
                                                  std::shared_ptr<http::WebSocketConnection> connection);
  const http::Router& router() const { return router_; }
  // The body limit of the route serving `method` `path` when it has its own (an upload's).
  std::optional<std::size_t> bodyLimit(http::Verb method, std::string_view path) const {
    return router_.bodyLimit(method, path);
  }

private:
  std::optional<common::Error> authenticate(http::ApiRequest& request, std::string_view secret);
  ApiContext context_;
  http::Router router_;
  struct Streams;
  std::unique_ptr<Streams> streams_;
};

} // namespace sb::api

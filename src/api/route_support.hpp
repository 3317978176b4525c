#pragma once
// What every route handler shares: reading the caller, checking access, reading bodies
// strictly, and answering. Handlers return an ApiResponse; an Error becomes the JSON error
// {"error": {"code", "message", "field"}} with its status.
#include "api/api_context.hpp"
#include "api/http/json_input.hpp"
#include "api/http/message.hpp"
#include "api/http/router.hpp"
#include "common/result.hpp"

#include <initializer_list>
#include <string_view>

namespace sb::api {

using http::ApiRequest;
using http::ApiResponse;
using nlohmann::json;

// Unwraps a Result into `name`, or returns its error as the response.
#define SB_API_TRY(name, expr)                                                                                       \
  auto name##Read = (expr);                                                                                          \
  if (!name##Read.ok()) return ::sb::api::http::errorResponse(name##Read.error());                                   \
  auto name = std::move(name##Read).value()

// Returns the error as the response when there is one.
#define SB_API_CHECK(expr)                                                                                           \
  if (auto failed = (expr)) return ::sb::api::http::errorResponse(*failed)

using RouteFn = ApiResponse (*)(ApiContext&, ApiRequest&);
// A handler that calls `fn` with the context.
inline http::Handler bound(ApiContext& context, RouteFn fn) {
  return [&context, fn](ApiRequest& request) { return fn(context, request); };
}

const http::Principal& caller(const ApiRequest& request);
// 403 unless the caller is an admin.
std::optional<common::Error> requireAdmin(const ApiRequest& request);
// 403 unless the caller is an admin or the user `userId`.
std::optional<common::Error> requireSelfOrAdmin(const ApiRequest& request, const std::string& userId);

// The body as a JSON object with only the given fields (400 naming the first other one).
common::Result<json> readBody(const ApiRequest& request, std::initializer_list<std::string_view> allowed);

ApiResponse ok(const json& body);
ApiResponse created(const json& body);
ApiResponse noContent();

// The user as the API shows them, with routing's live `state`; availability comes from
// that state, which changes before the stored column's queued write commits.
json userWithLiveState(ApiContext& context, const store::User& user);

// A secret of `length` characters from an alphabet without look-alikes (SIP passwords).
std::string randomSecret(std::size_t length = 18);

// A store error whose message starts with one of `fields` ("disposition: already logged")
// names that field in the API error.
common::Error namingField(common::Error error, std::initializer_list<std::string_view> fields);

// Keyset pages: "limit" (1..200, default 50) and "cursor".
struct PageRequest {
  int limit = 50;
  std::string cursor;
};
common::Result<PageRequest> readPage(const ApiRequest& request);

} // namespace sb::api

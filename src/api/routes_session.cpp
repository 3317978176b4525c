// Logging in and out (argon2id passwords, throttled), who am I, and API tokens for
// integrations (the secret is shown once, at creation).
#include "api/auth/authenticator.hpp"
#include "api/http/date_time.hpp"
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

ApiResponse login(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, readBody(request, {"email", "password"}));
  http::JsonFields fields(body);
  SB_API_TRY(email, http::JsonFields::required(fields.string("email", 254), "email"));
  SB_API_TRY(password, http::JsonFields::required(fields.string("password", 1024), "password"));
  auto session = context.auth.login(email, password, request.remoteAddress);
  if (!session.ok()) {
    ApiResponse refused = http::errorResponse(session.error());
    if (session.error().code == 429) {
      auto wait = context.auth.retryAfter(request.remoteAddress, email);
      auto seconds = wait ? (wait->count() + 999) / 1000 : 1;
      refused.headers.emplace_back("Retry-After", std::to_string(seconds));
    }
    return refused;
  }
  return ok({{"token", session->secret},
             {"expires_at", timeJson(session->token.expiresAt)},
             {"user", userJson(session->user)}});
}

ApiResponse logout(ApiContext& context, ApiRequest& request) {
  const auto& who = caller(request);
  if (who.tokenId.empty())
    return http::errorResponse(common::makeError("the admin environment token cannot be logged out", 400));
  SB_API_CHECK(context.auth.logout(who.tokenId));
  return noContent();
}

ApiResponse me(ApiContext& context, ApiRequest& request) {
  const auto& who = caller(request);
  if (who.userId.empty()) return ok({{"user", nullptr}, {"role", "admin"}, {"via", "SWITCHBOARD_ADMIN_TOKEN"}});
  auto user = context.db.getUser(who.userId);
  if (!user.ok()) return http::errorResponse(user.error());
  if (!*user) return http::errorResponse(common::makeError("user no longer exists", 401));
  return ok({{"user", userWithLiveState(context, **user)}, {"role", store::toString(who.role)}});
}

ApiResponse listTokens(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"user"}));
  SB_API_TRY(user, request.query.string("user", 64));
  std::string userId = caller(request).isAdmin() ? user.value_or("") : caller(request).userId;
  if (!caller(request).isAdmin() && user && *user != userId)
    return http::errorResponse(common::fieldError("user", "agents see only their own tokens", 403));
  SB_API_TRY(tokens, context.db.listTokens(userId));
  json items = json::array();
  for (const auto& token : tokens) items.push_back(tokenJson(token));
  return ok(pageJson(std::move(items), ""));
}

// {"name": "...", "user_id": "..." (admins; default oneself), "expires_at": RFC 3339 | null}
ApiResponse createToken(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, readBody(request, {"name", "user_id", "expires_at"}));
  http::JsonFields fields(body);
  SB_API_TRY(name, http::JsonFields::required(fields.string("name", 100), "name"));
  if (name.empty()) return http::errorResponse(common::fieldError("name", "must not be empty"));
  SB_API_TRY(userId, fields.string("user_id", 64));
  std::string owner = userId.value_or(caller(request).userId);
  if (owner.empty()) return http::errorResponse(common::fieldError("user_id", "is required with the admin token"));
  SB_API_CHECK(requireSelfOrAdmin(request, owner));
  std::optional<store::EpochMs> expiresAt;
  SB_API_TRY(expires, fields.string("expires_at", 40, true));
  if (expires) {
    expiresAt = http::parseDateTime(*expires);
    if (!expiresAt) return http::errorResponse(common::fieldError("expires_at", "is not an RFC 3339 date-time"));
  }
  SB_API_TRY(issued, context.auth.createIntegrationToken(owner, name, expiresAt));
  json out = tokenJson(issued.second);
  out["token"] = issued.first;
  return created(out);
}

ApiResponse revokeToken(ApiContext& context, ApiRequest& request) {
  const auto& id = request.param("id");
  SB_API_TRY(tokens, context.db.listTokens(caller(request).isAdmin() ? "" : caller(request).userId));
  bool mine = false;
  for (const auto& token : tokens) mine = mine || token.id == id;
  if (!mine) return http::errorResponse(common::makeError("no token " + id, 404));
  SB_API_CHECK(context.auth.logout(id));
  return noContent();
}

} // namespace

void addSessionRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::post, "/api/v1/login", Access::Public, bind(login), "Email and password for a session token");
  router.add(Verb::post, "/api/v1/logout", Access::User, bind(logout), "End this session");
  router.add(Verb::get, "/api/v1/me", Access::User, bind(me), "The caller, with live state");
  router.add(Verb::get, "/api/v1/tokens", Access::User, bind(listTokens), "Integration tokens");
  router.add(Verb::post, "/api/v1/tokens", Access::User, bind(createToken), "Create an integration token");
  router.add(Verb::delete_, "/api/v1/tokens/{id}", Access::User, bind(revokeToken), "Revoke a token");
}

} // namespace sb::api

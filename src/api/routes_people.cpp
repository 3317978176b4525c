// Users (with their live availability), their SIP devices, availability and
// cool-down. Admins manage everyone; agents read the team and manage themselves.
#include "api/auth/passwords.hpp"
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"
#include "api/user_input.hpp"
#include "store/id.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

common::Result<store::User> existingUser(ApiContext& context, const std::string& id) {
  auto found = context.db.getUser(id);
  if (!found.ok()) return found.error();
  if (!*found) return common::makeError("no user " + id, 404);
  return std::move(**found);
}

// Routing reads users from memory: an admin change applies to the next call at once.
ApiResponse reloaded(ApiContext& context, ApiResponse response) {
  if (auto e = context.control.reloadRouting()) return http::errorResponse(*e);
  return response;
}

std::optional<common::Error> storePassword(ApiContext& context, const std::string& userId,
                                           const std::optional<std::string>& password) {
  if (!password) return std::nullopt;
  if (auto e = auth::checkNewPassword(*password)) return e;
  return context.db.setPassword(userId, auth::hashPassword(*password));
}

ApiResponse listUsers(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({}));
  SB_API_TRY(users, context.db.listUsers());
  json items = json::array();
  for (const auto& user : users) items.push_back(userWithLiveState(context, user));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse createUser(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  for (auto field : {"email", "name"})
    if (!body.contains(field)) return http::errorResponse(common::fieldError(field, "is required"));
  store::User user;
  std::optional<std::string> password;
  SB_API_CHECK(applyUserFields(body, user, password, true, context.defaultCountry));
  if (password) SB_API_CHECK(auth::checkNewPassword(*password));
  if (password) user.passwordHash = auth::hashPassword(*password);
  SB_API_TRY(stored, context.db.createUser(user));
  return reloaded(context, created(userWithLiveState(context, stored)));
}

ApiResponse getUser(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(user, existingUser(context, request.param("id")));
  return ok(userWithLiveState(context, user));
}

ApiResponse updateUser(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireSelfOrAdmin(request, request.param("id")));
  SB_API_TRY(user, existingUser(context, request.param("id")));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  std::optional<std::string> password;
  SB_API_CHECK(applyUserFields(body, user, password, caller(request).isAdmin(), context.defaultCountry));
  SB_API_CHECK(storePassword(context, user.id, password));
  user.passwordHash.reset(); // kept as stored
  SB_API_TRY(stored, context.db.updateUser(user));
  return reloaded(context, ok(userWithLiveState(context, stored)));
}

ApiResponse deleteUser(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  if (caller(request).userId == request.param("id"))
    return http::errorResponse(common::makeError("you cannot delete yourself", 409));
  SB_API_CHECK(context.db.deleteUser(request.param("id")));
  return reloaded(context, noContent());
}

// {"available": bool, "reason": "..."}; going unavailable withdraws ringing offers.
ApiResponse setAvailability(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireSelfOrAdmin(request, request.param("id")));
  SB_API_TRY(user, existingUser(context, request.param("id")));
  SB_API_TRY(body, readBody(request, {"available", "reason"}));
  http::JsonFields fields(body);
  SB_API_TRY(available, http::JsonFields::required(fields.boolean("available"), "available"));
  SB_API_TRY(reason, fields.string("reason", 200));
  SB_API_TRY(state, context.control.setAvailability(user.id, available, available ? "" : reason.value_or("")));
  return ok(state);
}

ApiResponse endCoolDown(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireSelfOrAdmin(request, request.param("id")));
  SB_API_TRY(user, existingUser(context, request.param("id")));
  SB_API_TRY(state, context.control.endCoolDown(user.id));
  return ok(state);
}

ApiResponse listDevices(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireSelfOrAdmin(request, request.param("id")));
  SB_API_TRY(user, existingUser(context, request.param("id")));
  SB_API_TRY(devices, context.db.listDevices());
  json items = json::array();
  for (const auto& device : devices)
    if (device.userId == user.id) items.push_back(deviceJson(device, true));
  return ok(pageJson(std::move(items), ""));
}


// {"kind": "sip" | "browser", "sip_username": "...", "sip_password": "..." (generated if absent)}
ApiResponse createDevice(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  SB_API_TRY(user, existingUser(context, request.param("id")));
  SB_API_TRY(body, readBody(request, {"kind", "sip_username", "sip_password"}));
  http::JsonFields fields(body);
  SB_API_TRY(kindName, fields.string("kind", 16));
  store::Device device;
  device.userId = user.id;
  device.kind = store::DeviceKind::Sip;
  if (kindName) {
    auto kind = store::parseDeviceKind(*kindName);
    if (!kind || *kind == store::DeviceKind::RingThrough)
      return http::errorResponse(common::fieldError("kind", "must be sip or browser"));
    device.kind = *kind;
  }
  SB_API_TRY(username, http::JsonFields::required(fields.string("sip_username", 64), "sip_username"));
  if (username.empty() || username.find_first_of(" \t@:;<>\"") != std::string::npos)
    return http::errorResponse(common::fieldError("sip_username", "must be a SIP user name (no spaces, @ : ; < >)"));
  SB_API_TRY(password, fields.string("sip_password", 128));
  if (password && password->size() < 12)
    return http::errorResponse(common::fieldError("sip_password", "must be at least 12 characters"));
  device.sipUsername = username;
  device.sipPassword = password.value_or(randomSecret());
  SB_API_TRY(stored, context.db.createDevice(device));
  return reloaded(context, created(deviceJson(stored, true)));
}

ApiResponse deleteDevice(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  SB_API_CHECK(context.db.deleteDevice(request.param("id")));
  return reloaded(context, noContent());
}

ApiResponse board(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  return ok(context.control.board());
}

} // namespace

void addPeopleRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/users", Access::User, bind(listUsers), "The team, with live state");
  router.add(Verb::post, "/api/v1/users", Access::Admin, bind(createUser), "Add a user");
  router.add(Verb::get, "/api/v1/users/{id}", Access::User, bind(getUser), "One user, with live state");
  router.add(Verb::patch, "/api/v1/users/{id}", Access::User, bind(updateUser), "Change a user");
  router.add(Verb::delete_, "/api/v1/users/{id}", Access::Admin, bind(deleteUser), "Remove a user");
  router.add(Verb::put, "/api/v1/users/{id}/availability", Access::User, bind(setAvailability), "R-13");
  router.add(Verb::post, "/api/v1/users/{id}/cool-down/end", Access::User, bind(endCoolDown), "R-12 ready now");
  router.add(Verb::get, "/api/v1/users/{id}/devices", Access::User, bind(listDevices), "SIP credentials");
  router.add(Verb::post, "/api/v1/users/{id}/devices", Access::Admin, bind(createDevice), "Add a device");
  router.add(Verb::delete_, "/api/v1/devices/{id}", Access::Admin, bind(deleteDevice), "Remove a device");
  router.add(Verb::get, "/api/v1/board", Access::Admin, bind(board), "Live board: agents and calls");
}

} // namespace sb::api

// What routing is built from: numbers, call flows, groups and the
// organization's settings. Everyone reads; admins change, and routing uses a change from
// the next call on.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"
#include "api/user_input.hpp"
#include "common/e164.hpp"
#include "routing/group.hpp"
#include "routing/model.hpp"
#include "routing/settings.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

ApiResponse applied(ApiContext& context, ApiResponse response) {
  if (auto e = context.control.reloadRouting()) return http::errorResponse(*e);
  return response;
}

template <typename Record>
common::Result<Record> findById(const common::Result<std::vector<Record>>& all, const std::string& id,
                                const char* what) {
  if (!all.ok()) return all.error();
  for (const auto& record : *all)
    if (record.id == id) return record;
  return common::makeError(std::string("no ") + what + " " + id, 404);
}

// --- numbers ---

std::optional<common::Error> applyNumberFields(ApiContext& context, const json& body, store::PhoneNumber& number) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"e164", "label", "assigned_user_id", "forwarding_number", "call_flow_id"})) return e;
  auto e164 = fields.string("e164", 32);
  if (!e164.ok()) return e164.error();
  if (*e164) {
    auto normalized = phoneField("e164", **e164, context.defaultCountry);
    if (!normalized.ok()) return normalized.error();
    if (normalized->empty()) return common::fieldError("e164", "must not be empty");
    number.e164 = *normalized;
  }
  auto label = fields.string("label", 100);
  if (!label.ok()) return label.error();
  if (*label) number.label = **label;
  auto forwarding = fields.string("forwarding_number", 32);
  if (!forwarding.ok()) return forwarding.error();
  if (*forwarding) {
    auto normalized = phoneField("forwarding_number", **forwarding, context.defaultCountry);
    if (!normalized.ok()) return normalized.error();
    number.forwardingNumber = *normalized;
  }
  for (auto [field, target] : {std::pair{"assigned_user_id", &number.assignedUserId},
                               std::pair{"call_flow_id", &number.callFlowId}}) {
    auto id = fields.string(field, 64, true);
    if (!id.ok()) return id.error();
    if (fields.has(field)) *target = *id;
  }
  if (number.assignedUserId) {
    auto user = context.db.getUser(*number.assignedUserId);
    if (!user.ok()) return user.error();
    if (!*user) return common::fieldError("assigned_user_id", "no user " + *number.assignedUserId);
  }
  if (number.callFlowId) {
    auto flow = findById(context.db.listCallFlows(), *number.callFlowId, "call flow");
    if (!flow.ok()) return common::fieldError("call_flow_id", flow.error().message);
  }
  return std::nullopt;
}

ApiResponse listNumbers(ApiContext& context, ApiRequest&) {
  SB_API_TRY(numbers, context.db.listNumbers());
  json items = json::array();
  for (const auto& number : numbers) items.push_back(numberJson(number));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse createNumber(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, http::parseJsonObject(request.body));
  if (!body.contains("e164")) return http::errorResponse(common::fieldError("e164", "is required"));
  store::PhoneNumber number;
  SB_API_CHECK(applyNumberFields(context, body, number));
  SB_API_TRY(stored, context.db.createNumber(number));
  return applied(context, created(numberJson(stored)));
}

ApiResponse getNumber(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(number, findById(context.db.listNumbers(), request.param("id"), "number"));
  return ok(numberJson(number));
}

ApiResponse updateNumber(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(number, findById(context.db.listNumbers(), request.param("id"), "number"));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  SB_API_CHECK(applyNumberFields(context, body, number));
  SB_API_TRY(stored, context.db.updateNumber(number));
  return applied(context, ok(numberJson(stored)));
}

ApiResponse deleteNumber(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(context.db.deleteNumber(request.param("id")));
  return applied(context, noContent());
}

// --- call flows (R-3) ---

std::optional<common::Error> applyFlowFields(const json& body, store::CallFlowRecord& flow) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"name", "steps"})) return e;
  auto name = fields.string("name", 100);
  if (!name.ok()) return name.error();
  if (*name) flow.name = **name;
  if (flow.name.empty()) return common::fieldError("name", "is required");
  auto steps = fields.array("steps", 50);
  if (!steps.ok()) return steps.error();
  if (*steps) {
    auto parsed = routing::parseSteps(**steps);
    if (!parsed.ok()) {
      auto error = parsed.error();
      error.code = 400;
      error.field = error.message.substr(0, error.message.find(':'));
      return error;
    }
    flow.steps = **steps;
  }
  return std::nullopt;
}

ApiResponse listFlows(ApiContext& context, ApiRequest&) {
  SB_API_TRY(flows, context.db.listCallFlows());
  json items = json::array();
  for (const auto& flow : flows) items.push_back(callFlowJson(flow));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse createFlow(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, http::parseJsonObject(request.body));
  store::CallFlowRecord flow;
  SB_API_CHECK(applyFlowFields(body, flow));
  SB_API_TRY(stored, context.db.createCallFlow(flow));
  return applied(context, created(callFlowJson(stored)));
}

ApiResponse getFlow(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(flow, findById(context.db.listCallFlows(), request.param("id"), "call flow"));
  return ok(callFlowJson(flow));
}

ApiResponse updateFlow(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(flow, findById(context.db.listCallFlows(), request.param("id"), "call flow"));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  SB_API_CHECK(applyFlowFields(body, flow));
  SB_API_TRY(stored, context.db.updateCallFlow(flow));
  return applied(context, ok(callFlowJson(stored)));
}

ApiResponse deleteFlow(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(context.db.deleteCallFlow(request.param("id")));
  return applied(context, noContent());
}

// --- groups (R-4) ---

std::optional<common::Error> applyGroupFields(ApiContext& context, const json& body, store::GroupRecord& group) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"name", "member_ids", "filter"})) return e;
  auto name = fields.string("name", 100);
  if (!name.ok()) return name.error();
  if (*name) group.name = **name;
  if (group.name.empty()) return common::fieldError("name", "is required");
  auto members = fields.strings("member_ids", 1000, 64);
  if (!members.ok()) return members.error();
  if (*members) {
    for (const auto& id : **members) {
      auto user = context.db.getUser(id);
      if (!user.ok()) return user.error();
      if (!*user) return common::fieldError("member_ids", "no user " + id);
    }
    group.memberIds = **members;
  }
  auto filter = fields.string("filter", 2000);
  if (!filter.ok()) return filter.error();
  if (*filter) group.filter = **filter;
  auto parsed = routing::makeGroup(group.id, group.name, group.memberIds, group.filter);
  if (!parsed.ok()) return common::fieldError("filter", parsed.error().message);
  return std::nullopt;
}

ApiResponse listGroups(ApiContext& context, ApiRequest&) {
  SB_API_TRY(groups, context.db.listGroups());
  json items = json::array();
  for (const auto& group : groups) items.push_back(groupJson(group));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse createGroup(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, http::parseJsonObject(request.body));
  store::GroupRecord group;
  SB_API_CHECK(applyGroupFields(context, body, group));
  SB_API_TRY(stored, context.db.createGroup(group));
  return applied(context, created(groupJson(stored)));
}

ApiResponse getGroup(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(group, findById(context.db.listGroups(), request.param("id"), "group"));
  return ok(groupJson(group));
}

ApiResponse updateGroup(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(group, findById(context.db.listGroups(), request.param("id"), "group"));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  SB_API_CHECK(applyGroupFields(context, body, group));
  SB_API_TRY(stored, context.db.updateGroup(group));
  return applied(context, ok(groupJson(stored)));
}

ApiResponse deleteGroup(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(context.db.deleteGroup(request.param("id")));
  return applied(context, noContent());
}

// --- settings ---

json settingsJson(const store::Organization& org) {
  return {{"name", org.name},
          {"company_phone", org.companyPhone},
          {"default_country", org.defaultCountry},
          {"settings", org.settings}};
}

ApiResponse getSettings(ApiContext& context, ApiRequest&) {
  SB_API_TRY(org, context.db.organization());
  if (!org) return http::errorResponse(common::makeError("no organization yet", 404));
  return ok(settingsJson(*org));
}

// {"name", "company_phone", "default_country", "settings": {key: value | null to remove}}
ApiResponse updateSettings(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, readBody(request, {"name", "company_phone", "default_country", "settings"}));
  SB_API_TRY(found, context.db.organization());
  if (!found) return http::errorResponse(common::makeError("no organization yet", 404));
  store::Organization before = *found;
  store::Organization org = before;
  http::JsonFields fields(body);
  SB_API_TRY(name, fields.string("name", 200));
  if (name) org.name = *name;
  SB_API_TRY(country, fields.string("default_country", 8));
  if (country) {
    if (!common::callingCodeOf(*country)) return http::errorResponse(common::fieldError("default_country", "unknown country"));
    org.defaultCountry = *country;
  }
  SB_API_TRY(phone, fields.string("company_phone", 32));
  if (phone) {
    SB_API_TRY(e164, phoneField("company_phone", *phone, org.defaultCountry));
    org.companyPhone = e164;
  }
  SB_API_TRY(changes, fields.object("settings"));
  if (changes) org.settings.merge_patch(*changes);
  auto parsed = routing::parseSettings(org.settings, org.companyPhone);
  if (!parsed.ok()) {
    auto error = parsed.error();
    error.code = 400;
    error.field = "settings";
    return http::errorResponse(error);
  }
  SB_API_TRY(stored, context.db.updateOrganization(org));
  if (auto e = context.control.reloadRouting()) {
    // What routing cannot use is not kept.
    (void)context.db.updateOrganization(before);
    (void)context.control.reloadRouting();
    auto error = *e;
    error.code = 400;
    error.field = "settings";
    return http::errorResponse(error);
  }
  return ok(settingsJson(stored));
}

} // namespace

void addSetupRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/numbers", Access::User, bind(listNumbers), "Phone numbers");
  router.add(Verb::post, "/api/v1/numbers", Access::Admin, bind(createNumber), "Add a number");
  router.add(Verb::get, "/api/v1/numbers/{id}", Access::User, bind(getNumber), "One number");
  router.add(Verb::patch, "/api/v1/numbers/{id}", Access::Admin, bind(updateNumber), "Change a number");
  router.add(Verb::delete_, "/api/v1/numbers/{id}", Access::Admin, bind(deleteNumber), "Remove a number");
  router.add(Verb::get, "/api/v1/call-flows", Access::User, bind(listFlows), "Call flows");
  router.add(Verb::post, "/api/v1/call-flows", Access::Admin, bind(createFlow), "Add a call flow");
  router.add(Verb::get, "/api/v1/call-flows/{id}", Access::User, bind(getFlow), "One call flow");
  router.add(Verb::patch, "/api/v1/call-flows/{id}", Access::Admin, bind(updateFlow), "Change a call flow");
  router.add(Verb::delete_, "/api/v1/call-flows/{id}", Access::Admin, bind(deleteFlow), "Remove a call flow");
  router.add(Verb::get, "/api/v1/groups", Access::User, bind(listGroups), "Groups");
  router.add(Verb::post, "/api/v1/groups", Access::Admin, bind(createGroup), "Add a group");
  router.add(Verb::get, "/api/v1/groups/{id}", Access::User, bind(getGroup), "One group");
  router.add(Verb::patch, "/api/v1/groups/{id}", Access::Admin, bind(updateGroup), "Change a group");
  router.add(Verb::delete_, "/api/v1/groups/{id}", Access::Admin, bind(deleteGroup), "Remove a group");
  router.add(Verb::get, "/api/v1/settings", Access::User, bind(getSettings), "Organization and settings");
  router.add(Verb::patch, "/api/v1/settings", Access::Admin, bind(updateSettings), "Change settings");
}

} // namespace sb::api

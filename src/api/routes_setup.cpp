// What routing is built from: numbers, call flows, groups and the
// organization's settings. Everyone reads; admins change, and routing uses a change from
// the next call on.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"
#include "api/setup_resource.hpp"
#include "api/user_input.hpp"
#include "common/e164.hpp"
#include "routing/group.hpp"
#include "routing/model.hpp"
#include "routing/settings.hpp"

namespace sb::api {

namespace {




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
    auto flows = context.db.listCallFlows();
    if (!flows.ok()) return flows.error();
    bool known = false;
    for (const auto& flow : *flows) known = known || flow.id == *number.callFlowId;
    if (!known) return common::fieldError("call_flow_id", "no call flow " + *number.callFlowId);
  }
  return std::nullopt;
}






// --- call flows (R-3) ---

std::optional<common::Error> applyFlowFields(ApiContext&, const json& body, store::CallFlowRecord& flow) {
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
  using store::Store;
  addSetupResource(router, context,
                   SetupResource<store::PhoneNumber>{"/api/v1/numbers", "number", {"e164"}, &Store::listNumbers,
                                                     &Store::createNumber, &Store::updateNumber, &Store::deleteNumber,
                                                     applyNumberFields, numberJson});
  addSetupResource(router, context,
                   SetupResource<store::CallFlowRecord>{"/api/v1/call-flows", "call flow", {"name"},
                                                        &Store::listCallFlows, &Store::createCallFlow,
                                                        &Store::updateCallFlow, &Store::deleteCallFlow,
                                                        applyFlowFields, callFlowJson});
  addSetupResource(router, context,
                   SetupResource<store::GroupRecord>{"/api/v1/groups", "group", {"name"}, &Store::listGroups,
                                                     &Store::createGroup, &Store::updateGroup, &Store::deleteGroup,
                                                     applyGroupFields, groupJson});
  router.add(http::Verb::get, "/api/v1/settings", http::Access::User, bound(context, getSettings),
             "Organization and settings");
  router.add(http::Verb::patch, "/api/v1/settings", http::Access::Admin, bound(context, updateSettings),
             "Change settings");
}

} // namespace sb::api

// Leads: search by text and phone, the unassigned queue, create (and distribute, R-20),
// change, remove. Agents see the leads they own, the unassigned ones, and those of calls
// offered to them.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"
#include "api/user_input.hpp"

#include <algorithm>

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

bool offeredToCaller(ApiContext& context, const std::string& leadId, const std::string& userId) {
  store::CallQuery calls;
  calls.leadId = leadId;
  calls.userIds = {userId};
  calls.limit = 1;
  auto page = context.db.searchCalls(calls);
  return page.ok() && !page->calls.empty();
}

common::Result<store::Lead> visibleLead(ApiContext& context, const ApiRequest& request) {
  const auto& id = request.param("id");
  auto found = context.db.getLead(id);
  if (!found.ok()) return found.error();
  const auto& who = caller(request);
  if (*found) {
    const auto& lead = **found;
    if (who.isAdmin() || !lead.ownerUserId || lead.ownerUserId == who.userId ||
        offeredToCaller(context, lead.id, who.userId))
      return std::move(**found);
  }
  return common::makeError("no lead " + id, 404);
}

std::optional<common::Error> applyLeadFields(ApiContext& context, const ApiRequest& request, const json& body,
                                             store::Lead& lead) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"name", "company", "title", "email", "owner_user_id", "status", "crm_url",
                                 "attributes", "phones"}))
    return e;
  for (auto [field, target, limit] : {std::tuple{"name", &lead.name, 200}, std::tuple{"company", &lead.company, 200},
                                      std::tuple{"title", &lead.title, 200}, std::tuple{"email", &lead.email, 254},
                                      std::tuple{"status", &lead.status, 50}, std::tuple{"crm_url", &lead.crmUrl, 2000}}) {
    auto value = fields.string(field, static_cast<std::size_t>(limit));
    if (!value.ok()) return value.error();
    if (*value) *target = **value;
  }
  if (!lead.crmUrl.empty() && !lead.crmUrl.starts_with("https://") && !lead.crmUrl.starts_with("http://"))
    return common::fieldError("crm_url", "must be an http or https URL");
  auto owner = fields.string("owner_user_id", 64, true);
  if (!owner.ok()) return owner.error();
  if (fields.has("owner_user_id")) {
    const auto& who = caller(request);
    std::optional<std::string> wanted = *owner;
    if (!who.isAdmin() && wanted && *wanted != who.userId)
      return common::fieldError("owner_user_id", "agents may only take a lead themselves", 403);
    if (wanted) {
      auto user = context.db.getUser(*wanted);
      if (!user.ok()) return user.error();
      if (!*user) return common::fieldError("owner_user_id", "no user " + *wanted);
    }
    lead.ownerUserId = wanted;
  }
  auto phones = fields.strings("phones", 20, 32);
  if (!phones.ok()) return phones.error();
  if (*phones) {
    lead.phones.clear();
    for (const auto& typed : **phones) {
      auto e164 = phoneField("phones", typed, context.defaultCountry);
      if (!e164.ok()) return e164.error();
      if (!e164->empty()) lead.phones.push_back(*e164);
    }
    lead.phones = store::distinctPhones(lead.phones);
  }
  auto attributes = fields.object("attributes");
  if (!attributes.ok()) return attributes.error();
  if (*attributes) lead.attributes = **attributes;
  return std::nullopt;
}

// A distribution that cannot be started as asked is 422 naming the field, as transfers are.
ApiResponse unprocessable(const common::Error& error) {
  json detail = {{"code", "invalid"}, {"message", error.message}};
  if (!error.field.empty()) detail["field"] = error.field;
  return http::jsonResponse(422, {{"error", std::move(detail)}});
}

// the body's "distribution": {"strategy": "ring_all", "group_id": ...}, the group
// checked against the store. Returns the group id.
common::Result<std::string> readDistribution(ApiContext& context, const json& distribution) {
  if (!distribution.is_object()) return common::fieldError("distribution", "must be an object", 422);
  http::JsonFields fields(distribution, "distribution.");
  if (auto unknown = fields.onlyKnown({"strategy", "group_id"})) return *unknown;
  auto strategy = http::JsonFields::required(fields.string("strategy", 32), "distribution.strategy");
  if (!strategy.ok()) return strategy.error();
  if (*strategy != "ring_all") return common::fieldError("distribution.strategy", "only ring_all is supported");
  auto groupId = http::JsonFields::required(fields.string("group_id", 64), "distribution.group_id");
  if (!groupId.ok()) return groupId.error();
  auto groups = context.db.listGroups();
  if (!groups.ok()) return groups.error();
  const bool known = std::any_of(groups->begin(), groups->end(),
                                 [&](const store::GroupRecord& g) { return g.id == *groupId; });
  if (!known) return common::fieldError("distribution.group_id", "no group " + *groupId);
  return *groupId;
}

// R-20..R-23: stores the lead with no owner, hands it to the live system to ring the
// group's users and answers at once with the prospect (the lead) and no application yet.
ApiResponse createDistributedLead(ApiContext& context, ApiRequest& request, store::Lead lead,
                                  const json& distribution) {
  auto groupId = readDistribution(context, distribution);
  if (!groupId.ok()) {
    if (groupId.error().code >= 500) return http::errorResponse(groupId.error());
    return unprocessable(groupId.error());
  }
  if (lead.ownerUserId)
    return unprocessable(common::fieldError("owner_user_id", "a lead to distribute has no owner yet"));
  if (lead.phones.empty())
    return unprocessable(common::fieldError("phones", "distribution calls the lead: it needs a phone"));
  SB_API_TRY(stored, context.db.createLead(lead));
  context.control.leadChanged(stored);
  SB_API_CHECK(context.control.distributeLead({stored.id, *groupId, caller(request).userId}));
  return http::jsonResponse(202, {{"prospect_id", stored.id},
                                  {"application_id", nullptr},
                                  {"lead", leadJson(stored)},
                                  {"distribution", {{"strategy", "ring_all"}, {"group_id", *groupId}, {"status", "started"}}}});
}

// The lead with its application, as one lead is shown.
json leadWithApplication(ApiContext& context, const store::Lead& lead) {
  json out = leadJson(lead);
  auto application = context.db.applicationOfLead(lead.id);
  out["application"] = application.ok() ? applicationJson(*application) : json(nullptr);
  return out;
}

ApiResponse listLeads(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"q", "phone", "unassigned", "owner", "limit", "cursor"}));
  store::LeadQuery query;
  SB_API_TRY(text, request.query.string("q", 200));
  SB_API_TRY(phone, request.query.string("phone", 32));
  SB_API_TRY(unassigned, request.query.boolean("unassigned"));
  SB_API_TRY(owner, request.query.string("owner", 64));
  SB_API_TRY(page, readPage(request));
  query.text = text.value_or("");
  query.phone = phone.value_or("");
  if (!query.phone.empty() && store::phoneDigits(query.phone).empty())
    return http::errorResponse(common::fieldError("phone", "has no digits"));
  query.unassignedOnly = unassigned.value_or(false);
  query.ownerUserId = owner;
  query.limit = page.limit;
  query.cursor = page.cursor;
  const auto& who = caller(request);
  if (!who.isAdmin() && !query.unassignedOnly) {
    if (owner && *owner != who.userId)
      return http::errorResponse(common::fieldError("owner", "agents see their own and unassigned leads", 403));
    query.ownerUserId = who.userId;
  }
  SB_API_TRY(found, context.db.searchLeads(query));
  json items = json::array();
  for (const auto& lead : found.leads) items.push_back(leadJson(lead));
  return ok(pageJson(std::move(items), found.nextCursor));
}

ApiResponse createLead(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, http::parseJsonObject(request.body));
  std::optional<json> distribution;
  if (auto it = body.find("distribution"); it != body.end()) {
    distribution = std::move(*it);
    body.erase(it);
  }
  store::Lead lead;
  // An agent's lead is theirs, unless it is to be distributed (then nobody's until taken).
  if (!caller(request).isAdmin() && !distribution) lead.ownerUserId = caller(request).userId;
  SB_API_CHECK(applyLeadFields(context, request, body, lead));
  if (distribution) return createDistributedLead(context, request, std::move(lead), *distribution);
  if (lead.name.empty() && lead.phones.empty())
    return http::errorResponse(common::fieldError("name", "a lead needs a name or a phone"));
  SB_API_TRY(stored, context.db.createLead(lead));
  context.control.leadChanged(stored);
  return created(leadJson(stored));
}

ApiResponse getLead(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(lead, visibleLead(context, request));
  return ok(leadWithApplication(context, lead));
}

ApiResponse updateLead(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(lead, visibleLead(context, request));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  SB_API_CHECK(applyLeadFields(context, request, body, lead));
  if (lead.name.empty() && lead.phones.empty())
    return http::errorResponse(common::fieldError("name", "a lead needs a name or a phone"));
  SB_API_TRY(stored, context.db.updateLead(lead));
  context.control.leadChanged(stored);
  return ok(leadWithApplication(context, stored));
}

ApiResponse deleteLead(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(requireAdmin(request));
  SB_API_CHECK(context.db.deleteLead(request.param("id")));
  context.control.leadRemoved(request.param("id"));
  return noContent();
}

} // namespace

void addLeadRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/leads", Access::User, bind(listLeads), "Search leads");
  router.add(Verb::post, "/api/v1/leads", Access::User, bind(createLead), "Create a lead");
  router.add(Verb::get, "/api/v1/leads/{id}", Access::User, bind(getLead), "One lead");
  router.add(Verb::patch, "/api/v1/leads/{id}", Access::User, bind(updateLead), "Change a lead");
  router.add(Verb::delete_, "/api/v1/leads/{id}", Access::Admin, bind(deleteLead), "Remove a lead");
}

} // namespace sb::api

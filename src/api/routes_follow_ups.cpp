// Follow-ups and voicemails. Agents see their own follow-ups and the
// unassigned queue; voicemails as the call they were left on.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

ApiResponse listFollowUps(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"status", "user", "unassigned", "limit"}));
  store::FollowUpQuery query;
  SB_API_TRY(status, request.query.string("status", 16));
  if (status) {
    query.status = store::parseFollowUpStatus(*status);
    if (!query.status) return http::errorResponse(common::fieldError("status", "must be open or closed"));
  }
  SB_API_TRY(user, request.query.string("user", 64));
  SB_API_TRY(unassigned, request.query.boolean("unassigned"));
  SB_API_TRY(limit, request.query.integer("limit", 1, 500));
  query.assignedUserId = user;
  query.unassignedOnly = unassigned.value_or(false);
  if (limit) query.limit = static_cast<int>(*limit);
  if (query.unassignedOnly && query.assignedUserId)
    return http::errorResponse(common::fieldError("unassigned", "cannot be combined with user"));
  const auto& who = caller(request);
  if (!who.isAdmin() && !query.unassignedOnly) {
    if (user && *user != who.userId)
      return http::errorResponse(common::fieldError("user", "agents see their own and unassigned follow-ups", 403));
    query.assignedUserId = who.userId;
  }
  SB_API_TRY(found, context.db.listFollowUps(query));
  json items = json::array();
  for (const auto& followUp : found) items.push_back(followUpJson(followUp));
  return ok(pageJson(std::move(items), ""));
}

bool mayHearCall(ApiContext& context, const ApiRequest& request, const std::string& callId) {
  const auto& who = caller(request);
  if (who.isAdmin()) return true;
  auto detail = context.db.findCall(callId);
  if (!detail.ok() || !*detail) return false;
  if ((*detail)->call.answeredByUserId == who.userId) return true;
  for (const auto& offer : (*detail)->offers)
    if (offer.userId == who.userId) return true;
  // The lead owner gets the follow-up of a voicemail left for them.
  if ((*detail)->call.leadId) {
    auto lead = context.db.getLead(*(*detail)->call.leadId);
    if (lead.ok() && *lead && (*lead)->ownerUserId == who.userId) return true;
  }
  return false;
}

ApiResponse listVoicemails(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"call_id"}));
  SB_API_TRY(callId, request.query.string("call_id", 64));
  if (!callId) return http::errorResponse(common::fieldError("call_id", "is required"));
  if (!mayHearCall(context, request, *callId)) return http::errorResponse(common::makeError("no call " + *callId, 404));
  SB_API_TRY(found, context.db.listVoicemails(*callId));
  json items = json::array();
  for (const auto& voicemail : found) items.push_back(voicemailJson(voicemail));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse voicemailRecording(ApiContext& context, ApiRequest& request) {
  const auto& callId = request.param("id");
  if (!mayHearCall(context, request, callId)) return http::errorResponse(common::makeError("no call " + callId, 404));
  SB_API_TRY(found, context.db.listVoicemails(callId));
  if (found.empty()) return http::errorResponse(common::makeError("no voicemail on call " + callId, 404));
  ApiResponse response;
  response.contentType = "audio/wav";
  response.file = context.dataDir / found.front().path;
  return response;
}

} // namespace

void addFollowUpRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/follow-ups", Access::User, bind(listFollowUps), "Missed calls to call back");
  router.add(Verb::get, "/api/v1/voicemails", Access::User, bind(listVoicemails), "Voicemails of a call");
  router.add(Verb::get, "/api/v1/calls/{id}/voicemail/recording", Access::User, bind(voicemailRecording),
             "The voicemail left on a call");
}

} // namespace sb::api

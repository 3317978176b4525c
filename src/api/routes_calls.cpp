// GET /calls, GET /calls/{id}, PATCH /calls/{id}, the recording
// and call control for the web app.
#include "api/call_access.hpp"
#include "api/events/event_hub.hpp"
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

common::Result<store::CallSort> readSort(const ApiRequest& request) {
  auto sort = request.query.string("sort", 32);
  if (!sort.ok()) return sort.error();
  if (!*sort || **sort == "newest") return store::CallSort::StartedNewestFirst;
  if (**sort == "oldest") return store::CallSort::StartedOldestFirst;
  if (**sort == "longest_talk") return store::CallSort::LongestTalkFirst;
  return common::fieldError("sort", "must be newest, oldest or longest_talk");
}

// The R-25 filters, checked here so that each error names its parameter.
common::Result<store::CallQuery> readCallQuery(const ApiRequest& request) {
  if (auto unknown = request.query.onlyKnown({"talk_time_min", "talk_time_max", "from", "to", "phone", "user",
                                              "disposition", "direction", "outcome", "lead_id", "sort", "limit",
                                              "cursor"}))
    return *unknown;
  store::CallQuery query;
  auto min = request.query.integer("talk_time_min", 0, 1'000'000'000);
  if (!min.ok()) return min.error();
  auto max = request.query.integer("talk_time_max", 0, 1'000'000'000);
  if (!max.ok()) return max.error();
  if (*min) query.talkTimeMin = static_cast<int>(**min);
  if (*max) query.talkTimeMax = static_cast<int>(**max);
  if (*min && *max && **min > **max) return common::fieldError("talk_time_min", "is above talk_time_max");
  auto from = request.query.time("from");
  if (!from.ok()) return from.error();
  auto to = request.query.time("to");
  if (!to.ok()) return to.error();
  query.from = *from;
  query.to = *to;
  if (query.from && query.to && *query.from > *query.to) return common::fieldError("from", "is after to");
  query.phones = request.query.all("phone");
  query.userIds = request.query.all("user");
  if (query.phones.size() > store::kMaxCallFilterValues)
    return common::fieldError("phone", "at most " + std::to_string(store::kMaxCallFilterValues) + " values");
  if (query.userIds.size() > store::kMaxCallFilterValues)
    return common::fieldError("user", "at most " + std::to_string(store::kMaxCallFilterValues) + " values");
  for (const auto& phone : query.phones)
    if (store::phoneDigits(phone).empty()) return common::fieldError("phone", "\"" + phone + "\" has no digits");
  for (const auto& user : query.userIds)
    if (user.empty()) return common::fieldError("user", "must not be empty");
  auto disposition = request.query.string("disposition", store::kMaxLogValue);
  if (!disposition.ok()) return disposition.error();
  query.disposition = *disposition;
  if (query.disposition && query.disposition->empty()) return common::fieldError("disposition", "must not be empty");
  auto direction = request.query.string("direction", 32);
  if (!direction.ok()) return direction.error();
  if (*direction) {
    query.direction = store::parseCallDirection(**direction);
    if (!query.direction) return common::fieldError("direction", "must be inbound, outbound, transfer or distribution");
  }
  auto outcome = request.query.string("outcome", 32);
  if (!outcome.ok()) return outcome.error();
  if (*outcome) {
    query.outcome = store::parseCallStatus(**outcome);
    if (!query.outcome) return common::fieldError("outcome", "is not a call outcome");
  }
  auto leadId = request.query.string("lead_id", 64);
  if (!leadId.ok()) return leadId.error();
  query.leadId = *leadId;
  auto sort = readSort(request);
  if (!sort.ok()) return sort.error();
  query.sort = *sort;
  auto page = readPage(request);
  if (!page.ok()) return page.error();
  query.limit = page->limit;
  query.cursor = page->cursor;
  // Agents see their own calls: answered by them or offered to them.
  const auto& who = caller(request);
  if (!who.isAdmin()) {
    for (const auto& user : query.userIds)
      if (user != who.userId) return common::fieldError("user", "agents see only their own calls", 403);
    query.userIds = {who.userId};
  }
  return query;
}

bool involves(const store::CallDetail& detail, const std::string& userId) {
  if (userId.empty()) return false;
  if (detail.call.answeredByUserId == userId) return true;
  for (const auto& offer : detail.offers)
    if (offer.userId == userId) return true;
  return false;
}

std::filesystem::path recordingOf(const ApiContext& context, const std::string& callId) {
  return context.dataDir / "recordings" / (callId + ".wav");
}

ApiResponse listCalls(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(query, readCallQuery(request));
  auto page = context.db.searchCalls(query);
  if (!page.ok()) return http::errorResponse(namingField(page.error(), {"cursor", "limit", "phone", "user"}));
  json items = json::array();
  for (const auto& call : page->calls) items.push_back(callJson(call));
  return ok(pageJson(std::move(items), page->nextCursor));
}

ApiResponse getCall(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  std::error_code ec;
  bool recorded = std::filesystem::exists(recordingOf(context, detail.call.id), ec);
  return ok(callDetailJson(detail, recorded));
}

// notes any time; disposition and sentiment once (409 on a different value).
ApiResponse logCall(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  SB_API_TRY(body, readBody(request, {"notes", "disposition", "sentiment"}));
  http::JsonFields fields(body);
  store::CallLog log;
  log.callId = detail.call.id;
  SB_API_TRY(notes, fields.string("notes", store::kMaxNotes));
  SB_API_TRY(disposition, fields.string("disposition", store::kMaxLogValue));
  SB_API_TRY(sentiment, fields.string("sentiment", store::kMaxLogValue));
  if (!notes && !disposition && !sentiment)
    return http::errorResponse(common::fieldError("", "notes, disposition or sentiment is required"));
  log.notes = notes;
  log.disposition = disposition;
  log.sentiment = sentiment;
  if (!caller(request).userId.empty()) log.byUserId = caller(request).userId;
  auto stored = context.db.logCall(log);
  if (!stored.ok()) return http::errorResponse(namingField(stored.error(), {"notes", "disposition", "sentiment"}));
  // the log is a change like any other; the agent's other tabs and CRMs follow it.
  events::Audience audience;
  if (stored->answeredByUserId) audience.userIds.push_back(*stored->answeredByUserId);
  if (log.byUserId && log.byUserId != stored->answeredByUserId) audience.userIds.push_back(*log.byUserId);
  context.hub.publish("call.logged", std::move(audience), {{"call", callJson(*stored)}});
  return ok(callJson(*stored));
}

ApiResponse recording(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  ApiResponse response;
  response.contentType = "audio/wav";
  response.file = recordingOf(context, detail.call.id);
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"call-" + detail.call.id + ".wav\"");
  return response;
}

ApiResponse decline(ApiContext& context, ApiRequest& request) {
  const auto& who = caller(request);
  if (who.userId.empty()) return http::errorResponse(common::makeError("only a user can decline an offer", 403));
  SB_API_CHECK(context.control.declineOffer(request.param("id"), who.userId));
  return noContent();
}

ApiResponse accept(ApiContext& context, ApiRequest& request) {
  const auto& who = caller(request);
  if (who.userId.empty()) return http::errorResponse(common::makeError("only a user can accept an offer", 403));
  SB_API_CHECK(context.control.acceptOffer(request.param("id"), who.userId));
  return noContent();
}

ApiResponse endCall(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  std::string by = caller(request).userId.empty() ? "admin" : caller(request).userId;
  SB_API_CHECK(context.control.endCall(detail.call.id, "ended from the API by " + by));
  return noContent();
}

// Hold and resume are for the agent talking to the customer (and admins): being offered
// the call is not enough. The live call system decides who that is; the stored call may
// not yet show an answer or a transfer of a moment ago.
ApiResponse setHold(ApiContext& context, ApiRequest& request, bool hold) {
  SB_API_TRY(detail, visibleCall(context, request));
  const auto& who = caller(request);
  SB_API_CHECK(context.control.holdCall(detail.call.id, hold, who.userId, who.isAdmin()));
  return noContent();
}

ApiResponse hold(ApiContext& context, ApiRequest& request) { return setHold(context, request, true); }
ApiResponse resume(ApiContext& context, ApiRequest& request) { return setHold(context, request, false); }

} // namespace

common::Result<store::CallDetail> visibleCall(ApiContext& context, const ApiRequest& request) {
  const auto& id = request.param("id");
  auto found = context.db.findCall(id);
  if (!found.ok()) return found.error();
  if (!*found || !(caller(request).isAdmin() || involves(**found, caller(request).userId)))
    return common::makeError("no call " + id, 404);
  return std::move(**found);
}

void addCallRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/calls", Access::User, bind(listCalls), "List calls with the R-25 filters");
  router.add(Verb::get, "/api/v1/calls/{id}", Access::User, bind(getCall), "A call with its offers and trace");
  router.add(Verb::patch, "/api/v1/calls/{id}", Access::User, bind(logCall), "Log notes, disposition, sentiment");
  router.add(Verb::get, "/api/v1/calls/{id}/recording", Access::User, bind(recording), "The call's stereo WAV");
  router.add(Verb::post, "/api/v1/calls/{id}/accept", Access::User, bind(accept),
             "Accept one's offer at the confirmation prompt");
  router.add(Verb::post, "/api/v1/calls/{id}/decline", Access::User, bind(decline), "Decline one's offer");
  router.add(Verb::post, "/api/v1/calls/{id}/end", Access::User, bind(endCall), "Hang up a call in progress");
  router.add(Verb::post, "/api/v1/calls/{id}/hold", Access::User, bind(hold), "Put a connected call on hold");
  router.add(Verb::post, "/api/v1/calls/{id}/resume", Access::User, bind(resume), "Take a call off hold");
  addTransferRoutes(router, context);
}

} // namespace sb::api

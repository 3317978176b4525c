// Lead Exceptions: the leads nobody took through distribution, with why, for admins
// to list by state, look at and resolve once.
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

namespace sb::api {

namespace {

using http::Access;
using http::Verb;
using State = store::LeadExceptionQuery::State;

common::Result<State> readState(const ApiRequest& request) {
  auto state = request.query.string("state", 16);
  if (!state.ok()) return state.error();
  const std::string wanted = state->value_or("open");
  if (wanted == "open") return State::Open;
  if (wanted == "resolved") return State::Resolved;
  if (wanted == "all") return State::All;
  return common::fieldError("state", "must be open, resolved or all");
}

// The exception with its lead in short; the lead is always there (it takes its
// exceptions with it when deleted), but a read failing shows null rather than failing.
json exceptionWithLead(ApiContext& context, const store::LeadException& exception) {
  auto lead = context.db.getLead(exception.leadId);
  return leadExceptionJson(exception, lead.ok() ? *lead : std::nullopt);
}

ApiResponse listLeadExceptions(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"state", "limit", "cursor"}));
  SB_API_TRY(state, readState(request));
  SB_API_TRY(page, readPage(request));
  SB_API_TRY(found, context.db.listLeadExceptions({state, page.cursor, page.limit}));
  json items = json::array();
  for (const auto& exception : found.items)
    items.push_back(exceptionWithLead(context, exception));
  return ok({{"items", std::move(items)},
             {"next_cursor", found.nextCursor.empty() ? json(nullptr) : json(found.nextCursor)}});
}

ApiResponse getLeadException(ApiContext& context, ApiRequest& request) {
  const auto& id = request.param("id");
  SB_API_TRY(found, context.db.getLeadException(id));
  if (!found) return http::errorResponse(common::makeError("no lead exception " + id, 404));
  return ok(exceptionWithLead(context, *found));
}

ApiResponse resolveLeadException(ApiContext& context, ApiRequest& request) {
  if (!request.body.empty()) {
    auto body = readBody(request, {}); // nothing to say but "resolved": an empty object at most
    if (!body.ok()) return http::errorResponse(body.error());
  }
  const auto& id = request.param("id");
  auto resolved = context.db.resolveLeadException(id, caller(request).userId, context.nowMs());
  if (!resolved.ok() && resolved.error().code == 409) {
    // Its own code: the web app tells "someone resolved it already" from other conflicts.
    return http::jsonResponse(
        409, {{"error", {{"code", "already_resolved"}, {"message", resolved.error().message}}}});
  }
  if (!resolved.ok()) return http::errorResponse(resolved.error());
  return ok(exceptionWithLead(context, *resolved));
}

} // namespace

void addLeadExceptionRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/lead-exceptions", Access::Admin, bind(listLeadExceptions),
             "Leads nobody took (R-23)");
  router.add(Verb::get, "/api/v1/lead-exceptions/{id}", Access::Admin, bind(getLeadException),
             "One lead exception");
  router.add(Verb::post, "/api/v1/lead-exceptions/{id}/resolve", Access::Admin,
             bind(resolveLeadException), "Resolve a lead exception");
}

} // namespace sb::api

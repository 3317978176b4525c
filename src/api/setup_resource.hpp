#pragma once
// One shape for the records routing is built from (numbers, call flows, groups): list,
// create, read, update (the fields present), delete. Every change is applied to routing
// at once (CallControl::reloadRouting); admins change, everyone reads.
#include "api/json_views.hpp"
#include "api/route_support.hpp"

#include <string>
#include <vector>

namespace sb::api {

template <typename Record> struct SetupResource {
  std::string path;           // "/api/v1/numbers"
  std::string what;           // "number", in messages
  std::vector<std::string> required; // fields a create must give
  common::Result<std::vector<Record>> (store::Store::*list)();
  common::Result<Record> (store::Store::*create)(const Record&);
  common::Result<Record> (store::Store::*update)(const Record&);
  std::optional<common::Error> (store::Store::*remove)(const std::string&);
  // Checks the body's fields and applies them to the record.
  std::optional<common::Error> (*apply)(ApiContext&, const json&, Record&);
  json (*view)(const Record&);
};

namespace setup {

inline ApiResponse applied(ApiContext& context, ApiResponse response) {
  if (auto e = context.control.reloadRouting()) return http::errorResponse(*e);
  return response;
}

template <typename Record>
common::Result<Record> find(ApiContext& context, const SetupResource<Record>& r, const std::string& id) {
  auto all = (context.db.*r.list)();
  if (!all.ok()) return all.error();
  for (const auto& record : *all)
    if (record.id == id) return record;
  return common::makeError("no " + r.what + " " + id, 404);
}

} // namespace setup

template <typename Record>
void addSetupResource(http::Router& router, ApiContext& context, const SetupResource<Record>& r) {
  using http::Access;
  using http::Verb;
  auto one = r.path + "/{id}";
  router.add(
      Verb::get, r.path, Access::User,
      [&context, r](ApiRequest&) -> ApiResponse {
        SB_API_TRY(records, (context.db.*r.list)());
        json items = json::array();
        for (const auto& record : records) items.push_back(r.view(record));
        return ok(pageJson(std::move(items), ""));
      },
      "List " + r.what + "s");
  router.add(
      Verb::post, r.path, Access::Admin,
      [&context, r](ApiRequest& request) -> ApiResponse {
        SB_API_TRY(body, http::parseJsonObject(request.body));
        for (const auto& field : r.required)
          if (!body.contains(field)) return http::errorResponse(common::fieldError(field, "is required"));
        Record record;
        SB_API_CHECK(r.apply(context, body, record));
        SB_API_TRY(stored, (context.db.*r.create)(record));
        return setup::applied(context, created(r.view(stored)));
      },
      "Add a " + r.what);
  router.add(
      Verb::get, one, Access::User,
      [&context, r](ApiRequest& request) -> ApiResponse {
        SB_API_TRY(record, setup::find(context, r, request.param("id")));
        return ok(r.view(record));
      },
      "One " + r.what);
  router.add(
      Verb::patch, one, Access::Admin,
      [&context, r](ApiRequest& request) -> ApiResponse {
        SB_API_TRY(record, setup::find(context, r, request.param("id")));
        SB_API_TRY(body, http::parseJsonObject(request.body));
        SB_API_CHECK(r.apply(context, body, record));
        SB_API_TRY(stored, (context.db.*r.update)(record));
        return setup::applied(context, ok(r.view(stored)));
      },
      "Change a " + r.what);
  router.add(
      Verb::delete_, one, Access::Admin,
      [&context, r](ApiRequest& request) -> ApiResponse {
        SB_API_CHECK((context.db.*r.remove)(request.param("id")));
        return setup::applied(context, noContent());
      },
      "Remove a " + r.what);
}

} // namespace sb::api

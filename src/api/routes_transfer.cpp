// transferring a connected call to a user, a group or a number
// (POST /calls/{id}/transfer), and cancelling a transfer still ringing (DELETE).
#include "api/call_access.hpp"
#include "api/route_support.hpp"
#include "common/e164.hpp"

#include <algorithm>

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

constexpr int kDefaultRingTimeout = 20;

// An error with its own code: the web app tells the 409s apart by it.
ApiResponse refusal(int status, std::string_view code, const std::string& message, const std::string& field = "") {
  json detail = {{"code", code}, {"message", message}};
  if (!field.empty()) detail["field"] = field;
  return http::jsonResponse(status, {{"error", std::move(detail)}});
}

// A body that cannot be a transfer is 422, naming the field at fault.
ApiResponse unprocessable(const common::Error& error) { return refusal(422, "invalid", error.message, error.field); }

bool isE164(const std::string& number) {
  return number.starts_with('+') && common::toE164(number).value_or("") == number;
}

// The body's one target, checked against the store; errors are 422 with the field.
common::Result<TransferRequest> readTransfer(ApiContext& context, const ApiRequest& request) {
  auto body = http::parseJsonObject(request.body);
  if (!body.ok()) return body.error();
  http::JsonFields fields(*body);
  if (auto unknown = fields.onlyKnown({"user_id", "group_id", "number", "ring_timeout_seconds"})) return *unknown;
  TransferRequest transfer;
  std::vector<std::string> given;
  for (const char* name : {"user_id", "group_id", "number"}) {
    auto value = fields.string(name, 64);
    if (!value.ok()) return value.error();
    if (!*value) continue;
    if ((*value)->empty()) return common::fieldError(name, "must not be empty");
    given.push_back(name);
    if (given.size() > 1) return common::fieldError(name, "give exactly one of user_id, group_id and number");
    transfer.kind = std::string(name) == "user_id" ? "user" : std::string(name) == "group_id" ? "group" : "number";
    (transfer.kind == "number" ? transfer.number : transfer.targetId) = **value;
  }
  if (given.empty()) return common::fieldError("user_id", "one of user_id, group_id and number is required");
  auto timeout = fields.integer("ring_timeout_seconds", 5, 120);
  if (!timeout.ok()) return timeout.error();
  transfer.ringTimeoutSeconds = static_cast<int>(timeout->value_or(kDefaultRingTimeout));
  if (transfer.kind == "user") {
    auto user = context.db.getUser(transfer.targetId);
    if (!user.ok()) return user.error();
    if (!*user) return common::fieldError("user_id", "no user " + transfer.targetId);
    transfer.name = (*user)->name;
  } else if (transfer.kind == "group") {
    auto groups = context.db.listGroups();
    if (!groups.ok()) return groups.error();
    auto group = std::find_if(groups->begin(), groups->end(),
                              [&](const store::GroupRecord& g) { return g.id == transfer.targetId; });
    if (group == groups->end()) return common::fieldError("group_id", "no group " + transfer.targetId);
    transfer.name = group->name;
  } else {
    if (!isE164(transfer.number)) return common::fieldError("number", "must be an E.164 number, like +15551234567");
    transfer.name = transfer.number;
  }
  return transfer;
}

// Only the agent on the call (who answered it, or took it by a transfer) and admins: the
// live call system decides (403 forbidden), as the stored call may lag a moment behind it.
ApiResponse transfer(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  const auto& who = caller(request);
  auto asked = readTransfer(context, request);
  if (!asked.ok()) {
    if (asked.error().code >= 500) return http::errorResponse(asked.error());
    return unprocessable(asked.error());
  }
  asked->callId = detail.call.id;
  asked->byUserId = who.userId;
  asked->byAdmin = who.isAdmin();
  auto reply = context.control.transferCall(*asked);
  if (reply.status != 202) return refusal(reply.status, reply.code, reply.message);
  return http::jsonResponse(202, {{"transfer", reply.transfer}});
}

ApiResponse cancelTransfer(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(detail, visibleCall(context, request));
  const auto& who = caller(request);
  SB_API_CHECK(context.control.cancelTransfer(detail.call.id, who.userId, who.isAdmin()));
  return noContent();
}

} // namespace

void addTransferRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::post, "/api/v1/calls/{id}/transfer", Access::User, bind(transfer),
             "Transfer a connected call to a user, a group or a number");
  router.add(Verb::delete_, "/api/v1/calls/{id}/transfer", Access::User, bind(cancelTransfer),
             "Cancel a transfer still ringing");
}

} // namespace sb::api

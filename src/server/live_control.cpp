#include "server/live_control.hpp"

#include "calls/b2bua.hpp"
#include "server/call_routing.hpp"
#include "server/transfer_json.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <future>

namespace sb::server {

namespace {
constexpr auto kLoopBound = std::chrono::seconds(5);
using Json = nlohmann::json;

std::optional<common::Error> errorOf(const common::Result<Json>& result) {
  if (result.ok()) return std::nullopt;
  return result.error();
}
} // namespace

LiveControl::LiveControl(boost::asio::io_context& loop, store::Store& db, CallRoutingService& routing,
                         calls::B2bua& b2bua, std::function<void()> afterEvent,
                         std::function<std::optional<common::Error>()> reloadDevices)
    : loop_(loop), db_(db), routing_(routing), b2bua_(b2bua), afterEvent_(std::move(afterEvent)),
      reloadDevices_(std::move(reloadDevices)) {}

common::Result<Json> LiveControl::onLoop(std::function<common::Result<Json>()> fn) {
  auto task = std::make_shared<std::packaged_task<common::Result<Json>()>>(std::move(fn));
  auto answer = task->get_future();
  boost::asio::post(loop_, [this, task] {
    (*task)();
    afterEvent_();
  });
  if (answer.wait_for(kLoopBound) != std::future_status::ready)
    return common::makeError("the call system did not answer in time", 503);
  return answer.get();
}

common::Result<Json> LiveControl::setAvailability(const std::string& userId, bool available,
                                                  const std::string& reason) {
  return onLoop([this, userId, available, reason]() -> common::Result<Json> {
    if (!routing_.setAvailability(userId, available, reason))
      return common::makeError("availability not changed: unknown user or storage busy", 503);
    // a user going unavailable stops ringing at once.
    if (!available) b2bua_.withdrawOffers(userId, "unavailable: " + (reason.empty() ? "set by user" : reason));
    return routing_.agentState(userId);
  });
}

common::Result<Json> LiveControl::endCoolDown(const std::string& userId) {
  return onLoop([this, userId]() -> common::Result<Json> {
    if (!routing_.endCoolDown(userId)) return common::makeError("no user " + userId, 404);
    return routing_.agentState(userId);
  });
}

std::optional<common::Error> LiveControl::declineOffer(const std::string& callId, const std::string& userId) {
  return errorOf(onLoop([this, callId, userId]() -> common::Result<Json> {
    if (!b2bua_.declineOffer(callId, userId)) return common::makeError("no offer of call " + callId + " ringing for you", 404);
    return Json(nullptr);
  }));
}

std::optional<common::Error> LiveControl::endCall(const std::string& callId, const std::string& reason) {
  return errorOf(onLoop([this, callId, reason]() -> common::Result<Json> {
    if (!b2bua_.hangUpCall(callId, reason)) return common::makeError("call " + callId + " is not in progress", 409);
    return Json(nullptr);
  }));
}

std::optional<common::Error> LiveControl::acceptOffer(const std::string& callId, const std::string& userId) {
  return errorOf(onLoop([this, callId, userId]() -> common::Result<Json> {
    switch (b2bua_.acceptOffer(callId, userId)) {
    case calls::B2bua::AcceptResult::Accepted: return Json(nullptr);
    case calls::B2bua::AcceptResult::NothingToConfirm:
      return common::makeError("answer call " + callId +
                                   " on your phone or softphone: accepting in the app confirms a phone that has "
                                   "answered and asks for 1",
                               409);
    case calls::B2bua::AcceptResult::NotOffered: break;
    }
    return common::makeError("no offer of call " + callId + " ringing for you", 404);
  }));
}

std::optional<common::Error> LiveControl::holdCall(const std::string& callId, bool hold, const std::string& byUserId,
                                                   bool byAdmin) {
  return errorOf(onLoop([this, callId, hold, byUserId, byAdmin]() -> common::Result<Json> {
    switch (b2bua_.holdCall(callId, hold, byUserId, byAdmin)) {
    case calls::B2bua::HoldResult::Done: return Json(nullptr);
    case calls::B2bua::HoldResult::NotYours:
      return common::makeError("only the agent on call " + callId + " or an admin can hold it", 403);
    case calls::B2bua::HoldResult::NotConnected:
      return common::makeError("call " + callId + " is not connected: only a call in conversation can be held", 409);
    case calls::B2bua::HoldResult::Transferring:
      return common::makeError("call " + callId + " is being transferred: the transfer holds it until it ends", 409);
    case calls::B2bua::HoldResult::NotFound: break;
    }
    return common::makeError("call " + callId + " is not in progress", 404);
  }));
}

api::TransferReply LiveControl::transferCall(const api::TransferRequest& request) {
  calls::TransferTarget target;
  target.kind = request.kind == "group"    ? calls::TransferTarget::Kind::Group
                : request.kind == "number" ? calls::TransferTarget::Kind::Number
                                           : calls::TransferTarget::Kind::User;
  target.id = request.targetId;
  target.number = request.number;
  target.name = request.name;
  auto answer = onLoop([this, request, target]() -> common::Result<Json> {
    using Result = calls::B2bua::TransferResult;
    auto started = b2bua_.transferCall(request.callId, request.byUserId, request.byAdmin, target,
                                       common::Duration{std::int64_t{request.ringTimeoutSeconds} * 1000});
    auto refused = [](int status, const char* code, std::string message) {
      return Json{{"status", status}, {"code", code}, {"message", std::move(message)}};
    };
    const std::string call = "call " + request.callId;
    switch (started.result) {
    case Result::Ringing:
      return Json{{"status", 202},
                  {"transfer",
                   {{"call_id", request.callId},
                    {"status", "ringing"},
                    {"by_user_id", started.byUserId},
                    {"target", transferTargetJson(target)},
                    {"ring_timeout_seconds", request.ringTimeoutSeconds}}}};
    case Result::NotFound: return refused(404, "not_found", call + " is not in progress");
    case Result::NotConnected:
      return refused(409, "not_connected", call + " is not an inbound call in conversation: it cannot be transferred");
    case Result::NotYours:
      return refused(403, "forbidden", "only the agent on " + call + " or an admin can transfer it");
    case Result::AlreadyRinging: return refused(409, "transfer_ringing", "a transfer of " + call + " is ringing");
    case Result::SameUser: return refused(409, "same_user", target.name + " is already on " + call);
    case Result::TargetUnavailable: return refused(409, "target_unavailable", started.refusal);
    }
    return refused(500, "internal", "unknown transfer result");
  });
  api::TransferReply reply;
  if (!answer.ok()) {
    reply.status = answer.error().code;
    reply.code = "unavailable";
    reply.message = answer.error().message;
    return reply;
  }
  reply.status = (*answer)["status"].get<int>();
  if (reply.status == 202) {
    reply.transfer = (*answer)["transfer"];
  } else {
    reply.code = (*answer)["code"].get<std::string>();
    reply.message = (*answer)["message"].get<std::string>();
  }
  return reply;
}

std::optional<common::Error> LiveControl::cancelTransfer(const std::string& callId, const std::string& byUserId,
                                                         bool byAdmin) {
  return errorOf(onLoop([this, callId, byUserId, byAdmin]() -> common::Result<Json> {
    switch (b2bua_.cancelTransfer(callId, byUserId, byAdmin)) {
    case calls::B2bua::CancelResult::Cancelled: return Json(nullptr);
    case calls::B2bua::CancelResult::NotYours:
      return common::makeError("only the user who transferred call " + callId + " or an admin can cancel it", 403);
    case calls::B2bua::CancelResult::NoneRinging: break;
    }
    return common::makeError("no transfer of call " + callId + " is ringing", 404);
  }));
}

std::optional<common::Error> LiveControl::distributeLead(const api::DistributionRequest& request) {
  // The lead is read here, on the API's thread, so the loop never waits for the store.
  auto found = db_.getLead(request.leadId);
  if (!found) return found.error();
  if (!*found) return common::makeError("no lead " + request.leadId, 404);
  store::Lead lead = std::move(**found);
  return errorOf(onLoop([this, lead, groupId = request.groupId]() -> common::Result<Json> {
    const std::string callId = sip::transaction::randomToken(20);
    std::string refusal;
    auto start = routing_.startDistribution(callId, lead, groupId, refusal);
    if (!start) return common::makeError("lead " + lead.id + " cannot be distributed: " + refusal, 422);
    // a lead is never lost: when no call can start, it waits as an exception.
    if (!b2bua_.distributeLead(*start))
      routing_.distributionNotStarted(callId, lead, groupId, "the server is not taking new calls");
    return Json(nullptr);
  }));
}

Json LiveControl::agentState(const std::string& userId) {
  auto state = onLoop([this, userId]() -> common::Result<Json> { return routing_.agentState(userId); });
  return state.ok() ? *state : Json(nullptr);
}

Json LiveControl::board() {
  auto board = onLoop([this]() -> common::Result<Json> { return routing_.liveBoard(); });
  return board.ok() ? *board : Json(nullptr);
}

std::optional<common::Error> LiveControl::reloadRouting() {
  return errorOf(onLoop([this]() -> common::Result<Json> {
    if (auto e = routing_.reload()) return *e;
    if (auto e = reloadDevices_()) return *e;
    return Json(nullptr);
  }));
}

void LiveControl::leadChanged(const store::Lead& lead) {
  (void)onLoop([this, lead]() -> common::Result<Json> {
    routing_.leadChanged(lead);
    return Json(nullptr);
  });
}

void LiveControl::leadRemoved(const std::string& leadId) {
  (void)onLoop([this, leadId]() -> common::Result<Json> {
    routing_.leadRemoved(leadId);
    return Json(nullptr);
  });
}

} // namespace sb::server

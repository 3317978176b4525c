#include "server/live_control.hpp"

#include "calls/b2bua.hpp"
#include "server/call_routing.hpp"

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

LiveControl::LiveControl(boost::asio::io_context& loop, CallRoutingService& routing, calls::B2bua& b2bua,
                         std::function<void()> afterEvent,
                         std::function<std::optional<common::Error>()> reloadDevices)
    : loop_(loop), routing_(routing), b2bua_(b2bua), afterEvent_(std::move(afterEvent)),
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

std::optional<common::Error> LiveControl::holdCall(const std::string& callId, bool hold, const std::string& by) {
  return errorOf(onLoop([this, callId, hold, by]() -> common::Result<Json> {
    switch (b2bua_.holdCall(callId, hold, by)) {
    case calls::B2bua::HoldResult::Done: return Json(nullptr);
    case calls::B2bua::HoldResult::NotConnected:
      return common::makeError("call " + callId + " is not connected: only a call in conversation can be held", 409);
    case calls::B2bua::HoldResult::NotFound: break;
    }
    return common::makeError("call " + callId + " is not in progress", 404);
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

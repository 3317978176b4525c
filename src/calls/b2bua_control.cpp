// What the app asks of a call in progress: accept at the confirmation prompt, decline
// one's offer, end a call, hold.
#include "calls/b2bua.hpp"
#include "calls/call.hpp"
#include "common/log.hpp"

namespace sb::calls {

bool B2bua::declineOffer(const std::string& callId, const std::string& userId) {
  Call* call = findCall(callId);
  if (call == nullptr) return false;
  bool ringing = false;
  for (const auto& [offerId, offer] : call->offers)
    ringing = ringing || (offer.userId == userId && canWin(*call, offerId));
  if (!ringing) return false;
  for (auto& [tx, branch] : call->branches) {
    auto offer = call->offers.find(branch.offerId);
    if (offer == call->offers.end() || offer->second.userId != userId) continue;
    stopBranch(*call, tx, branch, {"Reason", "SIP;cause=603;text=\"Declined\""});
  }
  for (auto& [offerId, offer] : call->offers)
    if (offer.userId == userId && offer.status == OfferStatus::Ringing)
      closeOffer(*call, offerId, OfferStatus::Declined, "declined in the app");
  SB_LOG_INFO("call {}: {} declined in the app", callId, userId);
  afterOffersClosed(*call, "declined in the app");
  return true;
}

B2bua::AcceptResult B2bua::acceptOffer(const std::string& callId, const std::string& userId) {
  Call* call = findCall(callId);
  if (call == nullptr) return AcceptResult::NotOffered;
  bool ringing = false;
  for (const auto& [offerId, offer] : call->offers)
    ringing = ringing || (offer.userId == userId && canWin(*call, offerId));
  if (!ringing) return AcceptResult::NotOffered;
  for (auto& [tx, branch] : call->branches) {
    auto offer = call->offers.find(branch.offerId);
    if (!branch.confirming || offer == call->offers.end() || offer->second.userId != userId) continue;
    deps_.log.trace(call->id, userId, "accept", "accepted in the app at the confirmation prompt", nowMs());
    onConfirmationKey(*call, branch, '1');
    return AcceptResult::Accepted;
  }
  return AcceptResult::NothingToConfirm;
}

bool B2bua::hangUpCall(const std::string& callId, const std::string& reason) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase == CallPhase::Ended) return false;
  hangUp(*call, reason);
  return true;
}

B2bua::HoldResult B2bua::holdCall(const std::string& callId, bool hold, const std::string& byUserId, bool byAdmin) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase == CallPhase::Ended) return HoldResult::NotFound;
  if (call->phase != CallPhase::Connected || !call->answered) return HoldResult::NotConnected;
  // Asked here, not of the store: the store learns of an answer or a transfer a moment later.
  if (!byAdmin && (byUserId.empty() || byUserId != call->agentUserId)) return HoldResult::NotYours;
  const std::string by = byUserId.empty() ? "admin" : byUserId;
  // The transfer holds the call itself, and gives it back as it was when it fails.
  if (call->transfer) return HoldResult::Transferring;
  if (call->onHold == hold) return HoldResult::Done;
  call->onHold = hold;
  auto [customer, agent] = customerAndAgent(*call);
  deps_.media.hold(customer, agent, hold);
  deps_.log.trace(call->id, by, hold ? "hold" : "resume", hold ? "put on hold in the app" : "taken off hold in the app",
                  nowMs());
  SB_LOG_INFO("call {}: {} by {}", callId, hold ? "on hold" : "off hold", by);
  return HoldResult::Done;
}

} // namespace sb::calls

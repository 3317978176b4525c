// What the app asks of a call in progress: decline one's offer, end a call.
#include "calls/b2bua.hpp"
#include "calls/call.hpp"
#include "common/log.hpp"

namespace sb::calls {

bool B2bua::declineOffer(const std::string& callId, const std::string& userId) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase != CallPhase::Ringing) return false;
  bool ringing = false;
  for (const auto& [offerId, offer] : call->offers)
    ringing = ringing || (offer.userId == userId && offer.status == OfferStatus::Ringing);
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
  if (!roundOpen(*call)) roundOver(*call, CallStatus::NoAnswer, "declined in the app");
  return true;
}

bool B2bua::hangUpCall(const std::string& callId, const std::string& reason) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase == CallPhase::Ended) return false;
  hangUp(*call, reason);
  return true;
}

} // namespace sb::calls

// R-17 transfers: the agent on a connected inbound call hands it to a user, a group or a
// number. The caller waits on hold while the target's devices ring as an offer does (R-6,
// R-9); the first to accept takes the agent's place in the same call, the agent's
// leg ends with "Call transferred", and the recording goes on in the same file. When
// nobody takes it the caller and the agent hear each other again, or, if the agent hung
// up meanwhile, the caller is sent to voicemail rather than lost.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

namespace {

std::string describe(const TransferTarget& target) {
  return std::string(toString(target.kind)) + " " + (target.name.empty() ? target.id + target.number : target.name);
}

} // namespace

B2bua::TransferStart B2bua::transferCall(const std::string& callId, const std::string& byUserId, bool byAdmin,
                                         const TransferTarget& target, common::Duration ringTimeout) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase == CallPhase::Ended) return {TransferResult::NotFound, "", ""};
  // Only the agent talking to a customer hands them on (an inbound caller, or the lead of a
  // distribution call): an outbound call's agent is its caller.
  if (call->phase != CallPhase::Connected || !call->answered || call->direction == CallDirection::Outbound ||
      call->agentUserId.empty())
    return {TransferResult::NotConnected, "", ""};
  if (!byAdmin && byUserId != call->agentUserId) return {TransferResult::NotYours, "", ""};
  if (call->transfer) return {TransferResult::AlreadyRinging, "", ""};
  if (target.kind == TransferTarget::Kind::User && target.id == call->agentUserId)
    return {TransferResult::SameUser, "", ""};
  Route route;
  if (target.kind == TransferTarget::Kind::Number) {
    route.kind = Route::Kind::Dial;
    route.number = target.number;
  } else {
    std::string refusal;
    auto found = deps_.routing.transferRoute(call->id, target, refusal);
    if (!found) return {TransferResult::TargetUnavailable, refusal, ""};
    route = std::move(*found);
  }
  const std::string by = byUserId.empty() ? call->agentUserId : byUserId;
  call->transfer = Transfer{by, call->agentUserId, target, call->round + 1, 0, call->onHold, false};
  deps_.log.transfer({TransferNotice::Kind::Started, call->id, by, call->agentUserId, target, "", "",
                      "transfer to " + describe(target) + " started by " + by},
                     nowMs());
  auto [customer, agent] = customerAndAgent(*call);
  if (!call->onHold) deps_.media.hold(customer, agent, true);
  if (!ringTransfer(*call, route)) {
    // Nothing could ring after all (every device refused a port, no trunk): as if declined at once.
    std::string why = target.kind == TransferTarget::Kind::Number ? "the number cannot be dialled"
                                                                 : "no device of the target could ring";
    transferFailed(*call, OfferStatus::Failed, "failed", {"Reason", "SIP;cause=480;text=\"Unavailable\""}, why);
    return {TransferResult::TargetUnavailable, why, ""};
  }
  std::string id = call->id;
  call->transfer->timer = deps_.scheduler.schedule(ringTimeout, [this, id] { transferTimedOut(id); });
  SB_LOG_INFO("call {}: transfer to {} by {}", id, describe(target), by);
  return {TransferResult::Ringing, "", by};
}

// The transfer's offers are a round of their own: routing's rounds are long over.
bool B2bua::ringTransfer(Call& call, const Route& route) {
  call.round = call.transfer->round;
  if (route.kind == Route::Kind::Dial) return dialThroughTrunk(call, route.number, true); // always confirmed
  bool rang = false;
  for (const auto& user : route.users)
    if (offerToUser(call, user, ringOptionsOf(route, user))) rang = true;
  return rang;
}

bool B2bua::isTransferOffer(const Call& call, const std::string& offerId) const {
  auto offer = call.offers.find(offerId);
  return call.transfer && offer != call.offers.end() && offer->second.round == call.transfer->round;
}

bool B2bua::transferOpen(const Call& call) const {
  if (!call.transfer) return false;
  for (const auto& [id, offer] : call.offers)
    if (offer.round == call.transfer->round && offer.status == OfferStatus::Ringing) return true;
  return false;
}

bool B2bua::canWin(const Call& call, const std::string& offerId) const {
  auto offer = call.offers.find(offerId);
  if (offer == call.offers.end() || offer->second.status != OfferStatus::Ringing) return false;
  if (isTransferOffer(call, offerId)) return call.phase == CallPhase::Connected;
  return call.phase == CallPhase::Ringing;
}

void B2bua::takeTransfer(Call& call, Branch& branch, sip::dialog::Dialog dialog) {
  Transfer transfer = std::move(*call.transfer);
  if (transfer.timer != 0) deps_.scheduler.cancel(transfer.timer);
  withdrawOtherBranches(call, branch.tx);
  const std::string to = call.offers[branch.offerId].userId;
  closeOffer(call, branch.offerId, OfferStatus::Accepted, "");
  call.transfer.reset();
  // The agent's leg ends; the target's takes its place in the same call.
  if (!transfer.agentGone) sendBye(call, false, {kCallTransferred});
  if (call.callee)
    byDialog_.erase(sip::dialog::DialogKey{call.callee->callId, call.callee->localTag, call.callee->remoteTag});
  MediaLegId oldAgentLeg = call.calleeMedia.leg.id;
  call.calleeMedia = std::move(branch.media);
  branch.media.leg.id = 0;
  call.callee = std::move(dialog);
  byDialog_[sip::dialog::DialogKey{call.callee->callId, call.callee->localTag, call.callee->remoteTag}] =
      DialogRef{call.id, false};
  call.winner = branch.tx;
  call.onHold = false;
  stopRetransmitting(call, false);
  // Connecting again for the same call hands the customer over: the recording goes on in
  // its file with the new agent on the right. Only then does the old agent's leg close.
  connectMedia(call);
  if (oldAgentLeg != 0) {
    deps_.media.closeLeg(oldAgentLeg);
    mediaLegs_.erase(oldAgentLeg);
  }
  call.agentUserId = to;
  if (!transfer.agentGone) deps_.routing.left(call.id, transfer.fromUserId);
  deps_.routing.connected(call.id, to, call.direction);
  deps_.log.transfer({TransferNotice::Kind::Accepted, call.id, transfer.byUserId, transfer.fromUserId,
                      transfer.target, to, "", "transfer accepted by " + (to.empty() ? transfer.target.number : to)},
                     nowMs());
  SB_LOG_INFO("call {}: transferred from {} to {}", call.id, transfer.fromUserId, to.empty() ? "a number" : to);
}

void B2bua::transferUnanswered(Call& call, const std::string& detail) {
  bool declined = false, unanswered = false;
  for (const auto& [id, offer] : call.offers) {
    if (offer.round != call.transfer->round) continue;
    declined = declined || offer.status == OfferStatus::Declined;
    unanswered = unanswered || offer.status == OfferStatus::NoAnswer;
  }
  const char* outcome = unanswered ? "no_answer" : declined ? "declined" : "failed";
  transferFailed(call, OfferStatus::Failed, outcome, {"Reason", "SIP;cause=480;text=\"Transfer failed\""}, detail);
}

void B2bua::transferTimedOut(const std::string& callId) {
  Call* call = findCall(callId);
  if (call == nullptr || !call->transfer) return;
  call->transfer->timer = 0;
  transferFailed(*call, OfferStatus::NoAnswer, "no_answer", {"Reason", "SIP;cause=480;text=\"No answer\""},
                 "nobody answered the transfer in time");
}

B2bua::CancelResult B2bua::cancelTransfer(const std::string& callId, const std::string& byUserId, bool byAdmin) {
  Call* call = findCall(callId);
  if (call == nullptr || !call->transfer) return CancelResult::NoneRinging;
  if (!byAdmin && byUserId != call->transfer->byUserId) return CancelResult::NotYours;
  transferFailed(*call, OfferStatus::Cancelled, "cancelled", {"Reason", "SIP;cause=487;text=\"Transfer cancelled\""},
                 "cancelled by " + (byUserId.empty() ? std::string("an admin") : byUserId));
  return CancelResult::Cancelled;
}

void B2bua::stopTransfer(Call& call, OfferStatus status, const std::string& outcome, const sip::Header& reason,
                         const std::string& detail) {
  Transfer& transfer = *call.transfer;
  if (transfer.timer != 0) deps_.scheduler.cancel(transfer.timer);
  transfer.timer = 0;
  for (auto& [tx, branch] : call.branches)
    if (isTransferOffer(call, branch.offerId)) stopBranch(call, tx, branch, reason);
  for (auto& [id, offer] : call.offers)
    if (offer.round == transfer.round && offer.status == OfferStatus::Ringing) closeOffer(call, id, status, detail);
  deps_.log.transfer({TransferNotice::Kind::Failed, call.id, transfer.byUserId, transfer.fromUserId, transfer.target,
                      "", outcome, "transfer " + outcome + ": " + detail},
                     nowMs());
  SB_LOG_INFO("call {}: transfer {}: {}", call.id, outcome, detail);
  call.transfer.reset();
}

void B2bua::transferFailed(Call& call, OfferStatus status, const std::string& outcome, const sip::Header& reason,
                           const std::string& detail) {
  Transfer transfer = *call.transfer;
  stopTransfer(call, status, outcome, reason, detail);
  if (transfer.agentGone) {
    voicemailAfterTransfer(call);
    return;
  }
  // The caller and the agent hear each other again, unless the agent had them on hold.
  if (!transfer.wasOnHold) {
    auto [customer, agent] = customerAndAgent(call);
    deps_.media.hold(customer, agent, false);
  }
}

void B2bua::agentLeftDuringTransfer(Call& call) {
  // The transfer goes on and the caller stays on hold; the agent's leg stays open (hearing
  // nothing) so that the recording's bridge holds until someone takes the call.
  Transfer& transfer = *call.transfer;
  transfer.agentGone = true;
  stopRetransmitting(call, false);
  if (call.callee) {
    byDialog_.erase(sip::dialog::DialogKey{call.callee->callId, call.callee->localTag, call.callee->remoteTag});
    call.callee.reset();
  }
  deps_.log.trace(call.id, transfer.fromUserId, "hangup", "agent hung up while the transfer rang; caller on hold",
                  nowMs());
  deps_.routing.left(call.id, transfer.fromUserId);
}

void B2bua::voicemailAfterTransfer(Call& call) {
  // The caller was answered long ago: their leg goes straight to the greeting and beep.
  if (call.calleeMedia.leg.id != 0) {
    deps_.media.closeLeg(call.calleeMedia.leg.id);
    mediaLegs_.erase(call.calleeMedia.leg.id);
    call.calleeMedia.leg.id = 0;
  }
  call.phase = CallPhase::Voicemail;
  call.onHold = false;
  deps_.log.trace(call.id, "", "voicemail", "the transfer failed after the agent hung up; the caller may leave a message",
                  nowMs());
  SB_LOG_INFO("call {}: to voicemail after a failed transfer", call.id);
  MediaLegId leg = call.callerMedia.leg.id;
  voicemails_[leg] = PendingVoicemail{call.id, call.record.leadId};
  deps_.media.startVoicemail(leg, call.id, config_.voicemailMaxLength);
}

void B2bua::afterOffersClosed(Call& call, const std::string& reason) {
  if (call.transfer) {
    if (!transferOpen(call)) transferUnanswered(call, reason);
    return;
  }
  if (call.phase == CallPhase::Ringing && !roundOpen(call)) roundOver(call, CallStatus::NoAnswer, reason);
}

} // namespace sb::calls

// R-9 confirmation ("whisper"): a device whose answer must be confirmed (a ring-through
// number always, SIP phones per setting) is answered on its own leg, hears who is calling
// and "press 1 to accept, 2 to decline", and only a 1 makes its answer an acceptance. Until
// then the call is still ringing: other devices ring on and may win first. A 2 is a
// decline; silence until the timeout, or hanging up, is no answer. This is
// what keeps a mobile's voicemail from taking the call.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

#include <cctype>

namespace sb::calls {

namespace {

// The key in a SIP INFO (application/dtmf-relay "Signal=1", or application/dtmf "1").
std::optional<char> digitOfInfo(const sip::Message& info) {
  std::string_view body = info.body;
  if (auto at = body.find("Signal="); at != std::string_view::npos) body.remove_prefix(at + 7);
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  char c = static_cast<char>(std::toupper(static_cast<unsigned char>(body[first])));
  if (std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) return c;
  return std::nullopt;
}

} // namespace

void B2bua::startConfirmation(Call& call, Branch& branch, const sip::Message& response) {
  auto dialog = acceptAnswer(call, branch, response);
  if (!dialog) return;
  branch.dialog = std::move(*dialog);
  byDialog_[sip::dialog::DialogKey{branch.dialog->callId, branch.dialog->localTag, branch.dialog->remoteTag}] =
      DialogRef{call.id, false, branch.tx};
  branch.confirming = true;
  std::string callId = call.id;
  ClientTransactionId tx = branch.tx;
  branch.confirmTimer = deps_.scheduler.schedule(config_.confirmTimeout, [this, callId, tx] {
    Call* c = findCall(callId);
    if (c == nullptr) return;
    auto b = c->branches.find(tx);
    if (b == c->branches.end() || !b->second.confirming) return;
    b->second.confirmTimer = 0;
    endConfirmation(*c, b->second, OfferStatus::NoAnswer, "no key pressed at the confirmation prompt");
  });
  const auto& offer = call.offers[branch.offerId];
  deps_.log.trace(call.id, offer.userId, "confirm", "answered; asked to press 1", nowMs());
  // an agent answering a lead being distributed hears "new lead <name>, press 1 to take it".
  // A transfer of a connected distribution call is a call like any other for its target.
  bool newLead = call.direction == CallDirection::Distribution && !isTransferOffer(call, branch.offerId);
  auto kind = newLead ? CallMedia::Confirmation::NewLead : CallMedia::Confirmation::Call;
  deps_.media.playConfirmation(branch.media.leg.id, call.callerName, kind);
}

void B2bua::onDigit(MediaLegId leg, char digit) {
  auto it = mediaLegs_.find(leg);
  if (it == mediaLegs_.end()) return;
  Call* call = findCall(it->second);
  if (call == nullptr) return;
  for (auto& [tx, branch] : call->branches) {
    if (branch.media.leg.id != leg || !branch.confirming) continue;
    onConfirmationKey(*call, branch, digit);
    return;
  }
}

void B2bua::onConfirmationKey(Call& call, Branch& branch, char digit) {
  const std::string userId = call.offers[branch.offerId].userId;
  if (digit == '2') {
    deps_.log.trace(call.id, userId, "decline", "pressed 2 at the confirmation prompt", nowMs());
    endConfirmation(call, branch, OfferStatus::Declined, "declined at the confirmation prompt");
    return;
  }
  if (digit != '1') return; // other keys are ignored; the prompt's timeout still runs
  stopConfirming(branch);
  auto offer = call.offers.find(branch.offerId);
  bool offerOpen = offer != call.offers.end() && offer->second.status == OfferStatus::Ringing;
  if (!canWin(call, branch.offerId)) {
    // Someone else accepted first, or the round moved on while the prompt played.
    sendBranchBye(call, branch, kCompletedElsewhere);
    closeBranchMedia(branch);
    if (offerOpen) closeOffer(call, branch.offerId, OfferStatus::TakenByOther, "confirmed after another user");
    return;
  }
  deps_.log.trace(call.id, userId, "confirm", "pressed 1", nowMs());
  takeAnswer(call, branch, std::move(*branch.dialog));
}

void B2bua::endConfirmation(Call& call, Branch& branch, OfferStatus status, const std::string& reason) {
  stopConfirming(branch);
  const bool declined = status == OfferStatus::Declined;
  sip::Header why{"Reason", declined ? "SIP;cause=603;text=\"Declined\"" : "SIP;cause=480;text=\"No key pressed\""};
  auto farewell = deps_.media.playFarewell(branch.media.leg.id,
                                           declined ? CallMedia::Farewell::Declined : CallMedia::Farewell::NoKey);
  if (farewell.count() > 0 && branch.dialog) {
    // The device hears "passing the call on" (or "no answer received") first; the offer
    // is over now and routing goes on meanwhile.
    MediaLegId leg = branch.media.leg.id;
    mediaLegs_.erase(leg);
    branch.media.leg.id = 0;
    auto dialog = *branch.dialog;
    net::TransportKind transport = branch.device.flow.transport;
    deps_.scheduler.schedule(farewell + common::Duration{200}, [this, leg, dialog, transport, why]() mutable {
      auto bye = dialog.makeRequest("BYE");
      addVia(bye, transport);
      bye.addHeader(why.name, why.value);
      deps_.transactions.sendRequest(bye, dialog.nextHop());
      deps_.media.closeLeg(leg);
    });
    branch.dialog.reset();
  } else {
    sendBranchBye(call, branch, why);
    closeBranchMedia(branch);
  }
  endBranch(call, branch, status, reason);
}

void B2bua::stopConfirming(Branch& branch) {
  branch.confirming = false;
  if (branch.confirmTimer != 0) deps_.scheduler.cancel(branch.confirmTimer);
  branch.confirmTimer = 0;
}

void B2bua::sendBranchBye(Call& call, Branch& branch, const sip::Header& reason) {
  if (!branch.dialog) return;
  auto bye = branch.dialog->makeRequest("BYE");
  addVia(bye, branch.device.flow.transport);
  bye.addHeader(reason.name, reason.value);
  auto tx = deps_.transactions.sendRequest(bye, branch.dialog->nextHop());
  byClientTx_[tx] = ClientRef{call.id, ClientRole::Bye};
}

void B2bua::stopBranch(Call& call, ClientTransactionId tx, Branch& branch, const sip::Header& reason) {
  if (!branch.final) {
    deps_.transactions.cancel(tx, {reason});
  } else if (branch.confirming) {
    stopConfirming(branch);
    sendBranchBye(call, branch, reason);
    closeBranchMedia(branch);
  }
}

void B2bua::onConfirmingDeviceRequest(Call& call, ClientTransactionId branchTx, ServerTransactionId tx,
                                      const sip::Message& request) {
  auto it = call.branches.find(branchTx);
  if (it == call.branches.end() || !it->second.confirming) {
    answer(tx, request, 481);
    return;
  }
  Branch& branch = it->second;
  if (request.method == "BYE") {
    answer(tx, request, 200);
    stopConfirming(branch);
    branch.dialog.reset();
    closeBranchMedia(branch);
    deps_.log.trace(call.id, call.offers[branch.offerId].userId, "decline", "hung up at the confirmation prompt",
                    nowMs());
    endBranch(call, branch, OfferStatus::Declined, "hung up at the confirmation prompt");
    return;
  }
  if (request.method == "INFO") {
    // SIP INFO DTMF, for phones that send keys that way.
    answer(tx, request, 200);
    if (auto digit = digitOfInfo(request)) onConfirmationKey(call, branch, *digit);
    return;
  }
  answer(tx, request, 491, "Request Pending");
}

} // namespace sb::calls

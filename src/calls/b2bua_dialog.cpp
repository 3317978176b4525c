// In-dialog requests: BYE ends both legs; re-INVITE and UPDATE (hold, resume, a new
// codec) are answered here, since each leg negotiates its media with us; INFO and the
// rest are relayed to the other leg and its answer relayed back.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

void B2bua::onInDialogRequest(ServerTransactionId tx, const sip::Message& request, const net::Endpoint& /*source*/) {
  auto it = byDialog_.find(sip::dialog::keyOfIncomingRequest(request));
  Call* call = it == byDialog_.end() ? nullptr : findCall(it->second.callId);
  if (call == nullptr || call->phase == CallPhase::Ended) {
    answer(tx, request, 481);
    return;
  }
  if (it->second.confirmingBranch != 0) {
    onConfirmingDeviceRequest(*call, it->second.confirmingBranch, tx, request);
    return;
  }
  bool fromCaller = it->second.callerLeg;
  auto& leg = fromCaller ? call->caller.dialog : call->callee;
  if (!leg || !leg->acceptRemoteCSeq(request)) {
    answer(tx, request, 500, "CSeq Out Of Order");
    return;
  }
  if (request.method == "BYE") {
    answer(tx, request, 200);
    SB_LOG_INFO("call {}: {} hung up", call->id, fromCaller ? "caller" : "callee");
    if (call->phase == CallPhase::CallingLead) {
      // the agent left while the lead rang; finishing cancels the lead's INVITE.
      finish(*call, CallStatus::Cancelled, "agent hung up before the lead answered");
      return;
    }
    if (!fromCaller && call->transfer) {
      agentLeftDuringTransfer(*call);
      return;
    }
    sendBye(*call, !fromCaller, {});
    bool voicemail = call->phase == CallPhase::Voicemail;
    finish(*call, voicemail ? CallStatus::Voicemail : CallStatus::Completed,
           fromCaller ? "caller hung up" : "callee hung up");
    return;
  }
  if (call->phase == CallPhase::Voicemail) {
    // Only the caller is on the call: their media is answered here, and keys sent as INFO
    // have nowhere to go (the engine hears RFC 4733 and in-band '#').
    if (request.method == "INVITE" || request.method == "UPDATE") answerMediaRequest(*call, fromCaller, tx, request);
    else answer(tx, request, request.method == "INFO" ? 200 : 491);
    return;
  }
  if (call->phase != CallPhase::Connected) {
    // Before the caller's leg is up there is nothing to relay to.
    answer(tx, request, 491, "Request Pending");
    return;
  }
  if (request.method == "INVITE" || request.method == "UPDATE") {
    answerMediaRequest(*call, fromCaller, tx, request);
    return;
  }
  relay(*call, fromCaller, tx, request);
}

void B2bua::relay(Call& call, bool fromCaller, ServerTransactionId tx, const sip::Message& request) {
  auto& target = fromCaller ? call.callee : call.caller.dialog;
  if (!target) {
    answer(tx, request, 481);
    return;
  }
  auto out = target->makeRequest(request.method);
  addVia(out, target->peer.transport);
  for (const char* name : {"Content-Type", "Reason", "Event", "Subject", "Info-Package"})
    if (const auto* value = request.header(name)) out.addHeader(name, *value);
  out.body = request.body;
  auto clientTx = deps_.transactions.sendRequest(out, target->nextHop());
  relays_[clientTx] = Relay{call.id, tx, fromCaller, request.method};
  byClientTx_[clientTx] = ClientRef{call.id, ClientRole::Relay};
}

void B2bua::onRelayResponse(ClientTransactionId tx, const sip::Message& response) {
  auto it = relays_.find(tx);
  if (it == relays_.end()) return;
  Relay relayed = it->second;
  int code = response.statusCode;
  if (code == 100) return;
  const sip::Message* original = deps_.transactions.serverRequest(relayed.from);
  if (original != nullptr) {
    auto out = sip::makeResponse(*original, code, response.reason);
    if (const auto* type = response.header("Content-Type")) out.addHeader("Content-Type", *type);
    out.body = response.body;
    deps_.transactions.respond(relayed.from, std::move(out));
  }
  if (code >= 200) relays_.erase(it);
}

void B2bua::sendBye(Call& call, bool callerLeg, const std::vector<sip::Header>& extra) {
  auto& leg = callerLeg ? call.caller.dialog : call.callee;
  if (!leg) return;
  auto bye = leg->makeRequest("BYE");
  addVia(bye, leg->peer.transport);
  for (const auto& h : extra) bye.addHeader(h.name, h.value);
  auto tx = deps_.transactions.sendRequest(bye, leg->nextHop());
  byClientTx_[tx] = ClientRef{call.id, ClientRole::Bye};
}

void B2bua::hangUp(Call& call, const std::string& reason) {
  switch (call.phase) {
  case CallPhase::Starting:
  case CallPhase::Ringing:
  case CallPhase::Answering:
    for (auto& [tx, branch] : call.branches)
      stopBranch(call, tx, branch, {"Reason", "SIP;cause=503;text=\"" + reason + "\""});
    if (call.winner && call.callee) sendBye(call, false, {});
    if (!call.caller.finalSent) {
      answer(call.caller.tx, call.caller.invite, 503, "Service Unavailable", {{"Retry-After", "30"}});
      call.caller.finalSent = true;
    }
    for (auto& [id, offer] : call.offers)
      if (offer.status == OfferStatus::Ringing) closeOffer(call, id, OfferStatus::Cancelled, reason);
    finish(call, CallStatus::Failed, reason);
    break;
  case CallPhase::CallingLead: // finishing cancels the lead's INVITE
    sendBye(call, false, {});
    finish(call, CallStatus::Cancelled, reason);
    break;
  case CallPhase::Connected:
    sendBye(call, true, {});
    sendBye(call, false, {});
    finish(call, CallStatus::Completed, reason);
    break;
  case CallPhase::Voicemail:
    sendBye(call, true, {});
    finish(call, CallStatus::Voicemail, reason);
    break;
  case CallPhase::Ended: break;
  }
}

void B2bua::hangUpAll(const std::string& reason) {
  std::vector<std::string> ids;
  for (const auto& [id, call] : calls_) ids.push_back(id);
  for (const auto& id : ids)
    if (Call* call = findCall(id)) hangUp(*call, reason);
}

} // namespace sb::calls

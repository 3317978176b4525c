// In-dialog requests: BYE ends both legs; re-INVITE (hold/unhold), INFO, UPDATE and
// the rest are relayed to the other leg and its answer relayed back.
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
  bool fromCaller = it->second.callerLeg;
  auto& leg = fromCaller ? call->caller.dialog : call->callee;
  if (!leg || !leg->acceptRemoteCSeq(request)) {
    answer(tx, request, 500, "CSeq Out Of Order");
    return;
  }
  if (request.method == "BYE") {
    answer(tx, request, 200);
    SB_LOG_INFO("call {}: {} hung up", call->id, fromCaller ? "caller" : "callee");
    sendBye(*call, !fromCaller, {});
    finish(*call, CallStatus::Completed, fromCaller ? "caller hung up" : "callee hung up");
    return;
  }
  if (call->phase != CallPhase::Connected) {
    // Before the caller's leg is up there is nothing to relay to.
    answer(tx, request, 491, "Request Pending");
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
  if (request.method == "INVITE" || request.method == "UPDATE")
    out.addHeader("Contact", ourContact(target->peer.transport, "switchboard").str());
  for (const char* name : {"Content-Type", "Reason", "Event", "Subject", "Info-Package"})
    if (const auto* value = request.header(name)) out.addHeader(name, *value);
  out.body = request.body;
  auto clientTx = deps_.transactions.sendRequest(out, target->nextHop());
  relays_[clientTx] = Relay{call.id, tx, fromCaller, request.method};
  byClientTx_[clientTx] = ClientRef{call.id, ClientRole::Relay};
}

void B2bua::onRelayResponse(Call& call, ClientTransactionId tx, const sip::Message& response) {
  auto it = relays_.find(tx);
  if (it == relays_.end()) return;
  Relay relayed = it->second;
  int code = response.statusCode;
  if (code == 100) return;
  const sip::Message* original = deps_.transactions.serverRequest(relayed.from);
  auto& origin = relayed.fromCaller ? call.caller.dialog : call.callee;
  auto& target = relayed.fromCaller ? call.callee : call.caller.dialog;
  if (original != nullptr) {
    auto out = sip::makeResponse(*original, code, response.reason);
    if (const auto* type = response.header("Content-Type")) out.addHeader("Content-Type", *type);
    out.body = response.body;
    if (relayed.method == "INVITE" && code < 300 && origin) {
      out.addHeader("Contact", ourContact(origin->peer.transport, "switchboard").str());
      sendAnswer(call, relayed.fromCaller, relayed.from, std::move(out));
    } else {
      deps_.transactions.respond(relayed.from, std::move(out));
    }
  }
  if (code < 200) return;
  relays_.erase(it);
  if (relayed.method == "INVITE" && code < 300 && target) {
    // A re-INVITE's 2xx is ACKed end to end. With the offer in the INVITE our ACK goes
    // now; with a late offer it waits for the origin's ACK and its SDP.
    auto ack = target->makeRequest("ACK", target->localCSeq);
    addVia(ack, target->peer.transport);
    if (original != nullptr && original->body.empty() && !response.body.empty())
      call.pendingAck = Call::PendingAck{!relayed.fromCaller, std::move(ack)};
    else
      deps_.transactions.sendStateless(ack, target->nextHop());
  }
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
      if (!branch.final) deps_.transactions.cancel(tx, {{"Reason", "SIP;cause=503;text=\"" + reason + "\""}});
    if (call.winner && call.callee) sendBye(call, false, {});
    if (!call.caller.finalSent) {
      answer(call.caller.tx, call.caller.invite, 503, "Service Unavailable", {{"Retry-After", "30"}});
      call.caller.finalSent = true;
    }
    for (auto& [id, offer] : call.offers)
      if (offer.status == OfferStatus::Ringing) closeOffer(call, id, OfferStatus::Cancelled, reason);
    finish(call, CallStatus::Failed, reason);
    break;
  case CallPhase::Connected:
    sendBye(call, true, {});
    sendBye(call, false, {});
    finish(call, CallStatus::Completed, reason);
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

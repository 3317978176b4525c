#include "calls/b2bua.hpp"

#include "common/log.hpp"
#include "sip/message/uas_checks.hpp"

#include <algorithm>

namespace sb::calls {

namespace {

constexpr std::string_view kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";
constexpr std::string_view kKnownMethods[] = {"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO", "UPDATE",
                                              "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE",
                                              "PUBLISH"};

bool isKnownMethod(const std::string& method) {
  return std::find(std::begin(kKnownMethods), std::end(kKnownMethods), method) != std::end(kKnownMethods);
}

} // namespace

const char* toString(CallDirection d) {
  switch (d) {
  case CallDirection::Inbound: return "inbound";
  case CallDirection::Outbound: return "outbound";
  case CallDirection::Distribution: return "distribution";
  }
  return "inbound";
}

const char* toString(CallStatus s) {
  switch (s) {
  case CallStatus::Ringing: return "ringing";
  case CallStatus::Connected: return "connected";
  case CallStatus::Completed: return "completed";
  case CallStatus::NoAnswer: return "no_answer";
  case CallStatus::Busy: return "busy";
  case CallStatus::Cancelled: return "cancelled";
  case CallStatus::Failed: return "failed";
  case CallStatus::Voicemail: return "voicemail";
  }
  return "failed";
}

const char* toString(TransferTarget::Kind k) {
  switch (k) {
  case TransferTarget::Kind::User: return "user";
  case TransferTarget::Kind::Group: return "group";
  case TransferTarget::Kind::Number: return "number";
  }
  return "user";
}

const char* toString(OfferStatus s) {
  switch (s) {
  case OfferStatus::Ringing: return "ringing";
  case OfferStatus::Accepted: return "accepted";
  case OfferStatus::Declined: return "declined";
  case OfferStatus::NoAnswer: return "no_answer";
  case OfferStatus::Cancelled: return "cancelled";
  case OfferStatus::TakenByOther: return "taken_by_other";
  case OfferStatus::Failed: return "failed";
  }
  return "failed";
}

B2bua::B2bua(B2buaDeps deps, B2buaConfig config) : deps_(std::move(deps)), config_(std::move(config)) {}

B2bua::~B2bua() = default;

bool B2bua::isTrunk(const net::Endpoint& source) const {
  return std::any_of(config_.trunks.begin(), config_.trunks.end(), [&](const Trunk& t) {
    return t.address == source.address && (t.port == 0 || t.port == source.port);
  });
}

std::int64_t B2bua::nowMs() const { return common::toEpochMs(deps_.clock.wallNow()); }

Call* B2bua::findCall(const std::string& id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : it->second.get();
}

void B2bua::answer(ServerTransactionId tx, const sip::Message& request, int code, std::string_view reason,
                   std::vector<sip::Header> extra) {
  auto response = sip::makeResponse(request, code, reason, code > 100 ? sip::transaction::randomToken(10) : "");
  for (auto& h : extra) response.addHeader(h.name, std::move(h.value));
  deps_.transactions.respond(tx, std::move(response));
}

void B2bua::addVia(sip::Message& request, net::TransportKind transport) {
  auto local = deps_.localEndpoint(transport);
  std::string host = local.address.find(':') != std::string::npos ? "[" + local.address + "]" : local.address;
  request.prependHeader("Via", std::string("SIP/2.0/") + net::viaToken(transport) + " " + host + ":" +
                                   std::to_string(local.port) + ";branch=" + sip::transaction::newBranch() +
                                   ";rport");
}

sip::NameAddr B2bua::ourContact(net::TransportKind transport, const std::string& user) const {
  auto local = deps_.localEndpoint(transport);
  sip::NameAddr contact;
  contact.uri.scheme = (transport == net::TransportKind::Tls || transport == net::TransportKind::Wss) ? "sips" : "sip";
  contact.uri.user = user;
  contact.uri.host = local.address.find(':') != std::string::npos ? "[" + local.address + "]" : local.address;
  contact.uri.port = local.port;
  if (transport != net::TransportKind::Udp) {
    std::string t = net::viaToken(transport);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    sip::setParam(contact.uri.params, "transport", t);
  }
  return contact;
}

bool B2bua::checkApplicationLayer(ServerTransactionId tx, const sip::Message& request) {
  if (!isKnownMethod(request.method)) {
    answer(tx, request, 501, {}, {{"Allow", std::string(kAllow)}});
    return false;
  }
  static const sip::UasCapabilities capabilities{
      {"sip", "sips", "tel"},
      {},
      {"application/sdp", "application/dtmf-relay", "application/dtmf"},
      {"application/sdp"}};
  auto rejection = sip::checkApplicationLayer(request, capabilities);
  if (!rejection) return true;
  SB_LOG_DEBUG("rejecting {}: {}", request.method, rejection->reason);
  if (rejection->code != 0)
    deps_.transactions.respond(tx, sip::makeRejection(request, *rejection, sip::transaction::randomToken(10)));
  return false;
}

void B2bua::onRequest(ServerTransactionId tx, const sip::Message& request, const net::Endpoint& source) {
  if (!checkApplicationLayer(tx, request)) return;
  if (!request.toTag().empty()) {
    onInDialogRequest(tx, request, source);
    return;
  }
  bool trunk = isTrunk(source);
  if (!trunk && !deps_.devices.isRegisteredSource(source)) {
    ++stats_.refused;
    SB_LOG_INFO("refused {} from {}: not a trunk or registered device", request.method, source.str());
    answer(tx, request, 403, "Forbidden");
    return;
  }
  if (request.method == "INVITE") {
    if (draining_) {
      answer(tx, request, 503, "Shutting Down", {{"Retry-After", "30"}});
      return;
    }
    if (trunk) startInbound(tx, request, source);
    else startFromDevice(tx, request, source);
    return;
  }
  if (request.method == "OPTIONS") {
    answer(tx, request, 200, {}, {{"Allow", std::string(kAllow)}, {"Accept", "application/sdp"}});
    return;
  }
  if (request.method == "BYE" || request.method == "INFO" || request.method == "UPDATE") {
    answer(tx, request, 481);
    return;
  }
  answer(tx, request, 405, {}, {{"Allow", std::string(kAllow)}});
}

void B2bua::onAck(const sip::Message& ack, const net::Endpoint& /*source*/) {
  auto it = byDialog_.find(sip::dialog::keyOfIncomingRequest(ack));
  if (it == byDialog_.end()) return;
  Call* call = findCall(it->second.callId);
  if (call == nullptr) return;
  bool fromCaller = it->second.callerLeg;
  if (fromCaller) call->caller.acked = true;
  stopRetransmitting(*call, fromCaller);
  takeAnswerFromAck(*call, fromCaller, ack);
}

void B2bua::onCancel(ServerTransactionId inviteTx, const sip::Message& /*cancel*/) {
  auto it = byServerTx_.find(inviteTx);
  if (it == byServerTx_.end()) return;
  Call* call = findCall(it->second);
  if (call == nullptr || call->caller.finalSent) return;
  SB_LOG_INFO("call {}: caller cancelled", call->id);
  for (auto& [tx, branch] : call->branches)
    stopBranch(*call, tx, branch, {"Reason", "SIP;cause=487;text=\"Caller cancelled\""});
  for (auto& [id, offer] : call->offers)
    if (offer.status == OfferStatus::Ringing) closeOffer(*call, id, OfferStatus::Cancelled, "caller hung up");
  answer(call->caller.tx, call->caller.invite, 487);
  call->caller.finalSent = true;
  finish(*call, CallStatus::Cancelled, "caller cancelled");
}

void B2bua::onResponse(ClientTransactionId tx, const sip::Message& response) {
  auto it = byClientTx_.find(tx);
  if (it == byClientTx_.end()) return;
  ClientRef ref = it->second;
  Call* call = findCall(ref.callId);
  if (call == nullptr) return;
  switch (ref.role) {
  case ClientRole::Branch: {
    auto b = call->branches.find(tx);
    if (b != call->branches.end()) onBranchResponse(*call, b->second, response);
    break;
  }
  case ClientRole::Relay: onRelayResponse(tx, response); break;
  case ClientRole::Bye: break;
  case ClientRole::Lead:
    if (call->leadDial && call->leadDial->tx == tx) onLeadResponse(*call, response);
    break;
  }
  // An INVITE's entry stays for its 2xx retransmissions, which need an ACK each.
  bool invite = ref.role == ClientRole::Branch || ref.role == ClientRole::Lead;
  if (response.statusCode >= 200 && !invite) byClientTx_.erase(tx);
  removeIfSettled(ref.callId);
}

void B2bua::onClientFailure(ClientTransactionId tx, const sip::Message& timeout) {
  auto it = byClientTx_.find(tx);
  if (it == byClientTx_.end()) return;
  ClientRef ref = it->second;
  Call* call = findCall(ref.callId);
  if (call != nullptr) {
    if (ref.role == ClientRole::Branch) {
      auto b = call->branches.find(tx);
      if (b != call->branches.end() && !b->second.final)
        onBranchFailed(*call, b->second, timeout.statusCode, "no response from device");
    } else if (ref.role == ClientRole::Relay) {
      onRelayResponse(tx, timeout);
    } else if (ref.role == ClientRole::Lead && call->leadDial && call->leadDial->tx == tx) {
      onLeadResponse(*call, timeout); // the synthesized 408 or 503: the lead cannot be reached
    }
  }
  byClientTx_.erase(tx);
  removeIfSettled(ref.callId);
}

void B2bua::onServerAckTimeout(ServerTransactionId /*tx*/) {
  // Timer H: a non-2xx final answer was never acknowledged. The call ended when we sent
  // it, so there is nothing left to undo; a missing ACK for a 2xx is retransmitAnswer's.
}

void B2bua::finish(Call& call, CallStatus status, const std::string& reason) {
  if (call.phase == CallPhase::Ended) return;
  if (call.transfer)
    stopTransfer(call, OfferStatus::Cancelled, "cancelled", {"Reason", "SIP;cause=487;text=\"Call ended\""},
                 "the call ended: " + reason);
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  stopRetransmitting(call, true);
  stopRetransmitting(call, false);
  stopLeadDial(call);
  call.phase = CallPhase::Ended;
  call.endStatus = status;
  call.endReason = reason;
  closeMedia(call);
  deps_.log.callEnded(call.id, status, reason, nowMs());
  // A lead someone took is theirs even if the lead never answered: not an R-23
  // exception, and the agent's cool-down applies.
  bool taken = call.answered || (call.direction == CallDirection::Distribution && !call.agentUserId.empty());
  deps_.routing.ended(call.id, status, taken);
  SB_LOG_INFO("call {} ended: {} ({})", call.id, toString(status), reason);
  removeIfSettled(call.id);
}

void B2bua::forgetDialogs(Call& call) {
  for (auto it = byDialog_.begin(); it != byDialog_.end();)
    it = it->second.callId == call.id ? byDialog_.erase(it) : std::next(it);
}

void B2bua::removeIfSettled(const std::string& callId) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase != CallPhase::Ended) return;
  // Keep the call while any of its client transactions may still bring a response
  // that needs an answer from us (a late 2xx to ACK and BYE).
  bool pending = std::any_of(byClientTx_.begin(), byClientTx_.end(), [&](const auto& entry) {
    if (entry.second.callId != callId) return false;
    if (entry.second.role == ClientRole::Lead)
      return call->leadDial && call->leadDial->tx == entry.first && !call->leadDial->final;
    if (entry.second.role != ClientRole::Branch) return true;
    auto b = call->branches.find(entry.first);
    return b != call->branches.end() && !b->second.final;
  });
  if (pending) return;
  for (auto it = byClientTx_.begin(); it != byClientTx_.end();)
    it = it->second.callId == callId ? byClientTx_.erase(it) : std::next(it);
  forgetDialogs(*call);
  byServerTx_.erase(call->caller.tx);
  for (auto it = relays_.begin(); it != relays_.end();)
    it = it->second.callId == callId ? relays_.erase(it) : std::next(it);
  calls_.erase(callId);
}

} // namespace sb::calls

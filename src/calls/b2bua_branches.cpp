// Responses from the devices we ring: ringing, the first answer wins, failures.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

namespace {

const sip::Header kCompletedElsewhere{"Reason", "SIP;cause=200;text=\"Call completed elsewhere\""};

bool isDecline(int code) { return code == 486 || code == 600 || code == 603; }

} // namespace

void B2bua::onBranchResponse(Call& call, Branch& branch, const sip::Message& response) {
  int code = response.statusCode;
  if (code < 200) {
    if (code == 100) return;
    branch.provisional = true;
    if (!response.toTag().empty() && !branch.dialog) {
      auto d = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow);
      if (d.ok()) branch.dialog = std::move(d.value());
    }
    // the caller hears ringing while any device rings; one 180 is enough.
    if (call.phase == CallPhase::Ringing && !call.caller.ringingSent) {
      auto ringing = sip::makeResponse(call.caller.invite, 180, {}, call.caller.localTag);
      ringing.addHeader("Contact", ourContact(call.caller.source.transport, "switchboard").str());
      for (const auto& rr : call.caller.invite.headerValues("Record-Route")) ringing.addHeader("Record-Route", rr);
      deps_.transactions.respond(call.caller.tx, std::move(ringing));
      call.caller.ringingSent = true;
    }
    return;
  }
  if (code < 300) {
    if (branch.final) {
      // A 2xx retransmission, or a second 2xx from a forking proxy behind the device.
      if (call.winner && *call.winner == branch.tx && !call.pendingAck) {
        ackBranch(call, branch, response, "", "");
      } else if (!call.winner || *call.winner != branch.tx) {
        releaseLateAnswer(call, branch, response);
      }
      return;
    }
    branch.final = true;
    // An answer from a round routing already gave up on (its offer timed out) is late too.
    auto offer = call.offers.find(branch.offerId);
    bool offerOpen = offer != call.offers.end() && offer->second.status == OfferStatus::Ringing;
    if (call.phase == CallPhase::Ringing && offerOpen) onBranchAnswered(call, branch, response);
    else releaseLateAnswer(call, branch, response);
    return;
  }
  if (branch.final) return;
  if ((code == 401 || code == 407) && retryWithCredentials(call, branch, response)) return;
  branch.final = true;
  call.lastFailureCode = code;
  onBranchFailed(call, branch, code, std::to_string(code) + " " + response.reason);
}

void B2bua::onBranchAnswered(Call& call, Branch& branch, const sip::Message& response) {
  // the signalling loop is single-threaded, so the first 2xx processed wins; every
  // later one, even in the same millisecond, finds the call no longer Ringing.
  call.phase = CallPhase::Answering;
  call.winner = branch.tx;
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  auto dialog = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow);
  if (!dialog.ok()) {
    SB_LOG_WARN("call {}: answer without a usable dialog: {}", call.id, dialog.error().message);
    call.phase = CallPhase::Ringing;
    call.winner.reset();
    releaseLateAnswer(call, branch, response);
    return;
  }
  call.callee = std::move(dialog.value());
  call.calleeAnswer = response;
  byDialog_[sip::dialog::DialogKey{call.callee->callId, call.callee->localTag, call.callee->remoteTag}] =
      DialogRef{call.id, false};
  // The callee waits for its ACK; when the caller sent no offer, the ACK must carry the
  // caller's answer, so it waits for the caller's ACK (late offer).
  if (call.caller.invite.body.empty() && !response.body.empty()) {
    auto ack = call.callee->makeRequest("ACK", call.callee->localCSeq);
    addVia(ack, call.callee->peer.transport);
    call.pendingAck = Call::PendingAck{false, std::move(ack)};
  } else {
    ackBranch(call, branch, response, "", "");
  }
  withdrawOtherBranches(call, branch.tx);
  auto& offer = call.offers[branch.offerId];
  std::string userId = offer.userId;
  closeOffer(call, branch.offerId, OfferStatus::Accepted, "");
  std::string id = call.id;
  // the claim is decided and on disk before the caller is connected.
  deps_.log.claimAnswer(call.id, branch.offerId, userId, nowMs(),
                        [this, id](ClaimOutcome outcome) { onClaimDecided(id, outcome); });
}

void B2bua::onClaimDecided(const std::string& callId, ClaimOutcome outcome) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase != CallPhase::Answering) return;
  if (outcome == ClaimOutcome::Lost) {
    // Another node sharing the database took this call first: release our callee.
    SB_LOG_WARN("call {}: claimed elsewhere; releasing the answering device", callId);
    hangUp(*call, "answered elsewhere");
    return;
  }
  if (outcome == ClaimOutcome::Failed) SB_LOG_ERROR("call {}: could not store the answer; connecting anyway", callId);
  auto ok200 = sip::makeResponse(call->caller.invite, 200, {}, call->caller.localTag);
  ok200.addHeader("Contact", ourContact(call->caller.source.transport, "switchboard").str());
  ok200.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
  if (const auto* type = call->calleeAnswer->header("Content-Type")) ok200.addHeader("Content-Type", *type);
  ok200.body = call->calleeAnswer->body;
  auto dialog = sip::dialog::Dialog::fromRequest(call->caller.invite, call->caller.localTag, call->caller.source);
  if (dialog.ok()) {
    call->caller.dialog = std::move(dialog.value());
    byDialog_[sip::dialog::DialogKey{call->caller.dialog->callId, call->caller.localTag,
                                     call->caller.dialog->remoteTag}] = DialogRef{call->id, true};
  }
  for (const auto& rr : call->caller.invite.headerValues("Record-Route")) ok200.addHeader("Record-Route", rr);
  sendAnswer(*call, true, call->caller.tx, std::move(ok200));
  call->caller.finalSent = true;
  call->phase = CallPhase::Connected;
  call->answeredAt = deps_.clock.now();
  call->answered = true;
  ++stats_.connected;
  if (call->winner) {
    auto branch = call->branches.find(*call->winner);
    if (branch != call->branches.end())
      deps_.routing.connected(callId, call->offers[branch->second.offerId].userId, call->direction);
  }
  if (call->direction == CallDirection::Outbound && !call->record.callerUserId.empty())
    deps_.routing.connected(callId, call->record.callerUserId, call->direction);
  SB_LOG_INFO("call {}: connected", callId);
  if (!call->caller.dialog) hangUp(*call, "caller sent no usable Contact");
}

void B2bua::sendAnswer(Call& call, bool callerLeg, ServerTransactionId tx, sip::Message response) {
  stopRetransmitting(call, callerLeg);
  net::TransportKind transport =
      callerLeg ? call.caller.source.transport : (call.callee ? call.callee->peer.transport : net::TransportKind::Tcp);
  if (!net::isReliable(transport)) {
    std::string callId = call.id;
    auto timer = deps_.scheduler.schedule(
        config_.t1, [this, callId, callerLeg] { retransmitAnswer(callId, callerLeg, config_.t1, config_.t1); });
    call.unacked[callerLeg] = UnackedAnswer{tx, response, timer};
  }
  deps_.transactions.respond(tx, std::move(response));
}

void B2bua::retransmitAnswer(const std::string& callId, bool callerLeg, common::Duration interval,
                             common::Duration elapsed) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase == CallPhase::Ended) return;
  auto it = call->unacked.find(callerLeg);
  if (it == call->unacked.end()) return;
  it->second.timer = 0;
  if (elapsed >= 64 * config_.t1) {
    SB_LOG_WARN("call {}: the {} never acknowledged our answer; hanging up", callId, callerLeg ? "caller" : "callee");
    call->unacked.erase(it);
    hangUp(*call, "no ACK");
    return;
  }
  deps_.transactions.respond(it->second.tx, it->second.response);
  auto next = std::min(interval * 2, config_.t2);
  it->second.timer = deps_.scheduler.schedule(
      next, [this, callId, callerLeg, next, elapsed] { retransmitAnswer(callId, callerLeg, next, elapsed + next); });
}

void B2bua::stopRetransmitting(Call& call, bool callerLeg) {
  auto it = call.unacked.find(callerLeg);
  if (it == call.unacked.end()) return;
  if (it->second.timer != 0) deps_.scheduler.cancel(it->second.timer);
  call.unacked.erase(it);
}

void B2bua::ackBranch(Call& call, Branch& branch, const sip::Message& response, const std::string& body,
                      const std::string& contentType) {
  auto dialog = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow);
  if (!dialog.ok()) return;
  auto ack = dialog->makeRequest("ACK", dialog->localCSeq);
  addVia(ack, branch.device.flow.transport);
  if (!body.empty()) {
    ack.body = body;
    ack.addHeader("Content-Type", contentType);
  }
  deps_.transactions.sendStateless(ack, dialog->nextHop());
  (void)call;
}

void B2bua::releaseLateAnswer(Call& call, Branch& branch, const sip::Message& response) {
  // A device answered after another won: it must still get its ACK, then a BYE that
  // says why (RFC 3326 Reason), so the phone stops and shows "answered elsewhere".
  ackBranch(call, branch, response, "", "");
  auto dialog = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow);
  if (!dialog.ok()) return;
  auto bye = dialog->makeRequest("BYE");
  addVia(bye, branch.device.flow.transport);
  bye.addHeader(kCompletedElsewhere.name, kCompletedElsewhere.value);
  auto tx = deps_.transactions.sendRequest(bye, dialog->nextHop());
  byClientTx_[tx] = ClientRef{call.id, ClientRole::Bye};
  auto offer = call.offers.find(branch.offerId);
  if (offer != call.offers.end() && offer->second.status == OfferStatus::Ringing)
    closeOffer(call, branch.offerId, OfferStatus::TakenByOther, "answered after another user");
  SB_LOG_INFO("call {}: late answer from {} released", call.id, branch.device.flow.str());
}

void B2bua::withdrawOtherBranches(Call& call, ClientTransactionId except) {
  for (auto& [tx, other] : call.branches) {
    if (tx == except || other.final) continue;
    deps_.transactions.cancel(tx, {kCompletedElsewhere});
  }
  auto& winnerOffer = call.branches.at(except).offerId;
  for (auto& [id, offer] : call.offers)
    if (id != winnerOffer && offer.status == OfferStatus::Ringing)
      closeOffer(call, id, OfferStatus::TakenByOther, "answered by another user");
}

void B2bua::onBranchFailed(Call& call, Branch& branch, int code, const std::string& reason) {
  branch.final = true;
  auto offer = call.offers.find(branch.offerId);
  if (offer != call.offers.end()) {
    offer->second.branchesOpen--;
    offer->second.lastFailure = reason;
    if (offer->second.branchesOpen <= 0 && offer->second.status == OfferStatus::Ringing) {
      // a decline from every device of the user is the user declining.
      closeOffer(call, branch.offerId, isDecline(code) ? OfferStatus::Declined : OfferStatus::Failed, reason);
    }
  }
  if (call.phase != CallPhase::Ringing || roundOpen(call)) return;
  bool allBusy = true;
  for (const auto& [id, o] : call.offers)
    if (o.round == call.round) allBusy = allBusy && o.status == OfferStatus::Declined;
  roundOver(call, allBusy ? CallStatus::Busy : CallStatus::Failed, "every device refused: " + reason);
}

bool B2bua::retryWithCredentials(Call& call, Branch& branch, const sip::Message& challenge) {
  if (branch.authAttempts >= 1) return false; // a second challenge means the credentials are wrong
  auto header = deps_.trunkCredentials.answer(challenge, branch.invite);
  if (!header) return false;
  branch.final = true; // this transaction is over; a new one takes its place
  Branch retry = branch;
  retry.final = false;
  retry.provisional = false;
  retry.authAttempts = branch.authAttempts + 1;
  auto cseq = retry.invite.cseq();
  retry.invite.setHeader("CSeq", std::to_string(cseq.ok() ? cseq->number + 1 : 2) + " INVITE");
  retry.invite.removeHeader("Via");
  addVia(retry.invite, retry.device.flow.transport);
  retry.invite.setHeader(header->name, header->value);
  retry.tx = deps_.transactions.sendRequest(retry.invite, retry.device.flow);
  byClientTx_[retry.tx] = ClientRef{call.id, ClientRole::Branch};
  byClientTx_.erase(branch.tx);
  auto newTx = retry.tx;
  auto oldTx = branch.tx;
  call.branches.emplace(newTx, std::move(retry));
  call.branches.erase(oldTx); // `branch` is gone after this line
  return true;
}

void B2bua::closeOffer(Call& call, const std::string& offerId, OfferStatus status, const std::string& reason) {
  auto it = call.offers.find(offerId);
  if (it == call.offers.end() || it->second.status != OfferStatus::Ringing) return;
  it->second.status = status;
  if (it->second.userId.empty()) return;
  deps_.log.offerEnded(offerId, status, reason, nowMs());
  if (call.direction == CallDirection::Inbound && status != OfferStatus::Accepted)
    deps_.routing.offerEnded(call.id, it->second.userId, status);
}

} // namespace sb::calls

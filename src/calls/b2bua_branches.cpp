// Responses from the devices we ring: ringing, the first answer wins, failures.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

namespace {

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
      // With the tone setting, the caller gets our SDP early and the engine plays the
      // ring; a caller that sent no offer can only be told with a 180.
      bool tone = config_.ringback == B2buaConfig::Ringback::Tone && !call.callerMedia.offerAwaitingAck;
      auto ringing = sip::makeResponse(call.caller.invite, tone ? 183 : 180, {}, call.caller.localTag);
      ringing.addHeader("Contact", ourContact(call.caller.source.transport, "switchboard").str());
      for (const auto& rr : call.caller.invite.headerValues("Record-Route")) ringing.addHeader("Record-Route", rr);
      if (tone) setCallerSdp(call, ringing);
      deps_.transactions.respond(call.caller.tx, std::move(ringing));
      call.caller.ringingSent = true;
      if (tone) startRingback(call);
    }
    return;
  }
  if (code < 300) {
    if (branch.final) {
      // A 2xx retransmission, or a second 2xx from a forking proxy behind the device.
      if (call.winner && *call.winner == branch.tx) {
        ackBranch(call, branch, response, "", "");
      } else if (!call.winner || *call.winner != branch.tx) {
        releaseLateAnswer(call, branch, response);
      }
      return;
    }
    branch.final = true;
    // An answer from a round routing already gave up on (its offer timed out) is late too.
    if (canWin(call, branch.offerId)) {
      if (branch.confirm) startConfirmation(call, branch, response);
      else onBranchAnswered(call, branch, response);
    } else {
      releaseLateAnswer(call, branch, response);
    }
    return;
  }
  if (branch.final) return;
  if ((code == 401 || code == 407) && retryWithCredentials(call, branch, response)) return;
  branch.final = true;
  call.lastFailureCode = code;
  onBranchFailed(call, branch, code, std::to_string(code) + " " + response.reason);
}

std::optional<sip::dialog::Dialog> B2bua::acceptAnswer(Call& call, Branch& branch, const sip::Message& response) {
  auto dialog = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow);
  if (!dialog.ok()) {
    SB_LOG_WARN("call {}: answer without a usable dialog: {}", call.id, dialog.error().message);
    releaseLateAnswer(call, branch, response);
    return std::nullopt;
  }
  if (auto problem = acceptBranchAnswer(branch, response)) {
    // Our offer was in the INVITE, so the 2xx must answer it (RFC 3264); without a usable
    // answer nobody could hear anybody. The device is released and the others ring on.
    SB_LOG_WARN("call {}: {} answered without usable media: {}", call.id, branch.device.flow.str(), *problem);
    releaseUnusableAnswer(call, branch, response, *problem);
    return std::nullopt;
  }
  ackBranch(call, branch, response, "", "");
  return std::move(dialog.value());
}

void B2bua::onBranchAnswered(Call& call, Branch& branch, const sip::Message& response) {
  if (auto dialog = acceptAnswer(call, branch, response)) takeAnswer(call, branch, std::move(*dialog));
}

void B2bua::takeAnswer(Call& call, Branch& branch, sip::dialog::Dialog dialog) {
  if (isTransferOffer(call, branch.offerId)) {
    takeTransfer(call, branch, std::move(dialog));
    return;
  }
  // the signalling loop is single-threaded, so the first acceptance processed wins;
  // every later one, even in the same millisecond, finds the call no longer Ringing.
  call.phase = CallPhase::Answering;
  call.winner = branch.tx;
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  call.calleeMedia = std::move(branch.media);
  branch.media.leg.id = 0; // the call's now
  call.callee = std::move(dialog);
  byDialog_[sip::dialog::DialogKey{call.callee->callId, call.callee->localTag, call.callee->remoteTag}] =
      DialogRef{call.id, false};
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
  if (call->direction == CallDirection::Distribution) {
    callLead(*call); // the agent has the lead; now the lead is called
    return;
  }
  answerCaller(*call);
  call->phase = CallPhase::Connected;
  call->answeredAt = deps_.clock.now();
  call->answered = true;
  connectMedia(*call);
  ++stats_.connected;
  if (call->winner) {
    auto branch = call->branches.find(*call->winner);
    if (branch != call->branches.end()) {
      call->agentUserId = call->offers[branch->second.offerId].userId;
      deps_.routing.connected(callId, call->agentUserId, call->direction);
    }
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
  closeBranchMedia(branch);
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

void B2bua::releaseUnusableAnswer(Call& call, Branch& branch, const sip::Message& response,
                                  const std::string& problem) {
  ackBranch(call, branch, response, "", "");
  if (auto dialog = sip::dialog::Dialog::fromResponse(branch.invite, response, branch.device.flow); dialog.ok()) {
    auto bye = dialog->makeRequest("BYE");
    addVia(bye, branch.device.flow.transport);
    bye.addHeader("Reason", "SIP;cause=488;text=\"No usable media\"");
    auto tx = deps_.transactions.sendRequest(bye, dialog->nextHop());
    byClientTx_[tx] = ClientRef{call.id, ClientRole::Bye};
  }
  onBranchFailed(call, branch, 488, "answer without usable media: " + problem);
}

void B2bua::withdrawOtherBranches(Call& call, ClientTransactionId except) {
  for (auto& [tx, other] : call.branches)
    if (tx != except) stopBranch(call, tx, other, kCompletedElsewhere);
  auto& winnerOffer = call.branches.at(except).offerId;
  for (auto& [id, offer] : call.offers)
    if (id != winnerOffer && offer.status == OfferStatus::Ringing)
      closeOffer(call, id, OfferStatus::TakenByOther, "answered by another user");
}

void B2bua::onBranchFailed(Call& call, Branch& branch, int code, const std::string& reason) {
  // a decline from every device of the user is the user declining.
  endBranch(call, branch, isDecline(code) ? OfferStatus::Declined : OfferStatus::Failed, reason);
}

void B2bua::endBranch(Call& call, Branch& branch, OfferStatus status, const std::string& reason) {
  branch.final = true;
  closeBranchMedia(branch);
  auto offer = call.offers.find(branch.offerId);
  if (offer != call.offers.end()) {
    offer->second.branchesOpen--;
    offer->second.lastFailure = reason;
    // The offer ends with the last of its devices: with that device's outcome.
    if (offer->second.branchesOpen <= 0 && offer->second.status == OfferStatus::Ringing)
      closeOffer(call, branch.offerId, status, reason);
  }
  if (call.transfer && offer != call.offers.end() && offer->second.round == call.transfer->round) {
    if (!transferOpen(call)) transferUnanswered(call, reason);
    return;
  }
  if (call.phase != CallPhase::Ringing || roundOpen(call)) return;
  bool allBusy = true, anyUnanswered = false;
  for (const auto& [id, o] : call.offers) {
    if (o.round != call.round) continue;
    allBusy = allBusy && o.status == OfferStatus::Declined;
    anyUnanswered = anyUnanswered || o.status == OfferStatus::NoAnswer;
  }
  if (anyUnanswered) roundOver(call, CallStatus::NoAnswer, reason);
  else roundOver(call, allBusy ? CallStatus::Busy : CallStatus::Failed, "every device refused: " + reason);
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
  if (followsRouting(call) && status != OfferStatus::Accepted)
    deps_.routing.offerEnded(call.id, it->second.userId, status);
}

} // namespace sb::calls

// R-20..R-23 lead distribution: a new lead is offered to a group's users the way an inbound
// call is (routing's rounds, R-4, R-5, R-7, R-10), but nobody called us: the call starts
// here, every phone that answers is asked "new lead <name>, press 1 to take it", and once
// an agent has taken it the lead's number is called through the trunk with that agent's
// caller ID and the two are bridged. The lead's dialog then is the call's customer
// leg, as a caller's would be, so everything a connected call does works unchanged.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

#include <algorithm>

namespace sb::calls {

namespace {

// The lead's name comes from whoever posted it: control characters must not reach a header.
std::string printable(const std::string& text) {
  std::string out = text;
  std::replace_if(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, ' ');
  return out;
}

// RFC 3326 text goes inside quotes: none of its own, nor backslashes.
std::string reasonText(const std::string& text) {
  std::string out = printable(text);
  std::erase_if(out, [](char c) { return c == '"' || c == '\\'; });
  return out;
}

CallStatus statusOfLeadFailure(int code) {
  if (code == 486 || code == 600 || code == 603) return CallStatus::Busy;
  if (code == 408 || code == 480 || code == 487) return CallStatus::NoAnswer;
  return CallStatus::Failed;
}

} // namespace

bool B2bua::distributeLead(const DistributionStart& start) {
  if (draining_) return false;
  CallStarted record = start.record;
  record.direction = CallDirection::Distribution;
  if (record.callId.empty()) record.callId = sip::transaction::randomToken(20);
  if (record.startedAtMs == 0) record.startedAtMs = nowMs();
  if (calls_.contains(record.callId)) return false;
  auto call = std::make_unique<Call>();
  call->id = record.callId;
  call->direction = CallDirection::Distribution;
  call->record = record;
  call->callerName = start.leadName;
  // Nobody called us: there is no INVITE to tell that something rings, or to answer.
  call->caller.ringingSent = true;
  call->caller.finalSent = true;
  std::string id = call->id;
  calls_.emplace(id, std::move(call));
  ++stats_.started;
  SB_LOG_INFO("call {}: distributing lead {} ({})", id, record.leadId.value_or("?"), record.numberE164);
  // the call is in storage before anyone rings.
  deps_.log.callStarted(record, [this, id](bool ok) { afterStartCommitted(id, ok, {}, std::nullopt); });
  return true;
}

std::pair<std::string, std::string> B2bua::distributionFrom(const Call& call, const std::string& offerId) const {
  auto orAnonymous = [](const std::string& number) { return number.empty() ? std::string("anonymous") : number; };
  if (isTransferOffer(call, offerId)) return {printable(call.callerName), orAnonymous(call.record.numberE164)};
  return {"New lead: " + printable(call.callerName), orAnonymous(call.record.callerE164)};
}

// Why nobody took the lead, for the call's record (R-23 shows it with the exception).
std::string B2bua::distributionEndReason(const Call& call) const {
  bool offered = false, allDeclined = true;
  for (const auto& [id, offer] : call.offers) {
    if (offer.userId.empty()) continue;
    offered = true;
    allDeclined = allDeclined && offer.status == OfferStatus::Declined;
  }
  if (!offered) return "nobody eligible";
  return allDeclined ? "every user declined" : "nobody took the lead";
}

void B2bua::callLead(Call& call) {
  auto winner = call.winner ? call.branches.find(*call.winner) : call.branches.end();
  if (winner != call.branches.end()) call.agentUserId = call.offers[winner->second.offerId].userId;
  call.phase = CallPhase::CallingLead;
  deps_.routing.connected(call.id, call.agentUserId, CallDirection::Distribution);
  deps_.log.trace(call.id, call.agentUserId, "dial", "took the lead; calling " + call.record.numberE164, nowMs());
  if (call.record.numberE164.empty()) {
    leadFailed(call, 404, "The Lead Has No Number"); // taken all the same: the agent can add one
    return;
  }
  auto target = trunkContact(call.record.numberE164);
  if (!target) {
    leadFailed(call, 503, "No Trunk Configured");
    return;
  }
  // the lead sees the agent's own number (or the organization's), not ours.
  std::string callerId = deps_.routing.callerIdFor(call.agentUserId);
  Branch lead;
  lead.device = *target;
  sip::Message invite = newInvite(lead.device, 70, "", callerId.empty() ? "anonymous" : callerId);
  if (!openBranchMedia(call, lead, invite)) {
    leadFailed(call, 503, "No Media Port Free");
    return;
  }
  lead.invite = invite;
  lead.tx = deps_.transactions.sendRequest(invite, lead.device.flow);
  byClientTx_[lead.tx] = ClientRef{call.id, ClientRole::Lead};
  call.caller.source = lead.device.flow;
  call.leadDial = std::move(lead);
  // The agent hears ringing until the lead answers.
  call.ringbackPlaying = true;
  deps_.media.playRingback(call.calleeMedia.leg.id);
  std::string id = call.id;
  call.ringTimer = deps_.scheduler.schedule(config_.ringTimeout, [this, id] { leadTimedOut(id); });
  SB_LOG_INFO("call {}: {} took the lead; calling {}", call.id, call.agentUserId, call.record.numberE164);
}

void B2bua::onLeadResponse(Call& call, const sip::Message& response) {
  Branch& lead = *call.leadDial;
  int code = response.statusCode;
  if (code < 200) {
    lead.provisional = lead.provisional || code > 100;
    return;
  }
  if (code < 300) {
    if (lead.final && lead.dialog && lead.dialog->remoteTag == response.toTag()) {
      ackBranch(call, lead, response, "", ""); // our ACK was lost: the same 2xx came again
      return;
    }
    bool first = !lead.final;
    lead.final = true;
    if (first && call.phase == CallPhase::CallingLead) {
      leadAnswered(call, response);
      return;
    }
    // The agent left meanwhile, or a second 2xx from a fork behind the trunk.
    releaseLeadAnswer(call, response, {"Reason", "SIP;cause=487;text=\"Call ended\""});
    return;
  }
  if (lead.final) return;
  if ((code == 401 || code == 407) && retryLeadWithCredentials(call, response)) return;
  lead.final = true;
  leadFailed(call, code, response.reason);
}

void B2bua::leadAnswered(Call& call, const sip::Message& response) {
  Branch& lead = *call.leadDial;
  auto dialog = sip::dialog::Dialog::fromResponse(lead.invite, response, lead.device.flow);
  if (!dialog.ok()) {
    SB_LOG_WARN("call {}: the lead answered without a usable dialog: {}", call.id, dialog.error().message);
    leadFailed(call, 502, "Lead answered without a usable dialog");
    return;
  }
  if (auto problem = acceptBranchAnswer(lead, response)) {
    // Our offer was in the INVITE: without a usable answer nobody could hear anybody.
    SB_LOG_WARN("call {}: the lead answered without usable media: {}", call.id, *problem);
    releaseLeadAnswer(call, response, {"Reason", "SIP;cause=488;text=\"No usable media\""});
    leadFailed(call, 488, "Lead answered without usable media");
    return;
  }
  ackBranch(call, lead, response, "", "");
  lead.dialog = dialog.value();
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  // The lead's dialog and media are the customer's leg from now on (R-26: on the left).
  call.caller.dialog = std::move(dialog.value());
  call.caller.acked = true;
  byDialog_[sip::dialog::DialogKey{call.caller.dialog->callId, call.caller.dialog->localTag,
                                   call.caller.dialog->remoteTag}] = DialogRef{call.id, true};
  call.callerMedia = std::move(lead.media);
  lead.media.leg.id = 0;
  call.phase = CallPhase::Connected;
  call.answeredAt = deps_.clock.now();
  call.answered = true;
  connectMedia(call);
  ++stats_.connected;
  deps_.log.trace(call.id, call.agentUserId, "connected", "the lead answered", nowMs());
  SB_LOG_INFO("call {}: the lead answered; connected to {}", call.id, call.agentUserId);
}

void B2bua::leadFailed(Call& call, int code, const std::string& text) {
  if (call.leadDial) closeBranchMedia(*call.leadDial);
  if (call.phase != CallPhase::CallingLead) return;
  CallStatus status = statusOfLeadFailure(code);
  std::string said = status == CallStatus::NoAnswer || text.empty() ? "Lead did not answer" : reasonText(text);
  sendBye(call, false, {{"Reason", "SIP;cause=" + std::to_string(code) + ";text=\"" + said + "\""}});
  std::string why = "lead: " + std::to_string(code) + (text.empty() ? "" : " " + text);
  deps_.log.trace(call.id, call.agentUserId, "lead", why, nowMs());
  finish(call, status, why);
}

void B2bua::leadTimedOut(const std::string& callId) {
  Call* call = findCall(callId);
  if (call == nullptr) return;
  call->ringTimer = 0;
  if (call->phase != CallPhase::CallingLead || !call->leadDial || call->leadDial->final) return;
  SB_LOG_INFO("call {}: the lead did not answer in time", callId);
  leadFailed(*call, 480, "No answer in time"); // finishing cancels the INVITE
}

void B2bua::releaseLeadAnswer(Call& call, const sip::Message& response, const sip::Header& reason) {
  Branch& lead = *call.leadDial;
  ackBranch(call, lead, response, "", "");
  closeBranchMedia(lead);
  auto dialog = sip::dialog::Dialog::fromResponse(lead.invite, response, lead.device.flow);
  if (!dialog.ok()) return;
  if (!lead.dialog) lead.dialog = dialog.value(); // its retransmissions are only ACKed
  auto bye = dialog->makeRequest("BYE");
  addVia(bye, lead.device.flow.transport);
  bye.addHeader(reason.name, reason.value);
  auto tx = deps_.transactions.sendRequest(bye, dialog->nextHop());
  byClientTx_[tx] = ClientRef{call.id, ClientRole::Bye};
  SB_LOG_INFO("call {}: an answer from the lead released", call.id);
}

bool B2bua::retryLeadWithCredentials(Call& call, const sip::Message& challenge) {
  Branch& lead = *call.leadDial;
  if (lead.authAttempts >= 1) return false; // a second challenge means the credentials are wrong
  auto header = deps_.trunkCredentials.answer(challenge, lead.invite);
  if (!header) return false;
  auto cseq = lead.invite.cseq();
  lead.invite.setHeader("CSeq", std::to_string(cseq.ok() ? cseq->number + 1 : 2) + " INVITE");
  lead.invite.removeHeader("Via");
  addVia(lead.invite, lead.device.flow.transport);
  lead.invite.setHeader(header->name, header->value);
  byClientTx_.erase(lead.tx);
  lead.tx = deps_.transactions.sendRequest(lead.invite, lead.device.flow);
  byClientTx_[lead.tx] = ClientRef{call.id, ClientRole::Lead};
  lead.authAttempts++;
  lead.provisional = false;
  return true;
}

void B2bua::stopLeadDial(Call& call) {
  if (!call.leadDial) return;
  Branch& lead = *call.leadDial;
  if (!lead.final) deps_.transactions.cancel(lead.tx, {{"Reason", "SIP;cause=487;text=\"Call ended\""}});
  closeBranchMedia(lead);
}

} // namespace sb::calls

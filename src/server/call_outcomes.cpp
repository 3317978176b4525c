// What a call's outcome changes: the agent board (on a call, cool-down R-12), the lead
// (created for an unknown caller R-1, assigned to whoever answered R-18) and follow-ups
// one per caller for missed calls, closed by a later connected call).
#include "server/call_routing.hpp"

#include "common/log.hpp"
#include "server/event_feed.hpp"
#include "store/id.hpp"

#include <algorithm>

namespace sb::server {

void CallRoutingService::connected(const std::string& callId, const std::string& userId,
                                   calls::CallDirection direction) {
  auto it = calls_.find(callId);
  if (it == calls_.end()) {
    // A call from a device (outbound or internal) is not routed, but its users are busy.
    it = calls_.emplace(callId, ActiveCall{}).first;
    it->second.direction = direction;
  }
  ActiveCall& call = it->second;
  if (userId.empty()) return; // a number outside (forwarding, company phone) took it
  board_.callConnected(userId, nowMs());
  call.connectedUsers.push_back(userId);
  if (call.distribution) {
    leadTaken(call, callId, userId);
    return;
  }
  if (call.direction != calls::CallDirection::Inbound) return;
  if (!call.leadId && !call.callerKnown && !call.callerE164.empty() &&
      leadPolicy_.createForUnknownCaller == LeadPolicy::CreateFor::OnAnswer) {
    call.leadId = createLeadFor(call.callerE164);
    if (call.leadId && !db_.callLeadSet(callId, *call.leadId, report("call lead")))
      SB_LOG_ERROR("store: write queue full; lead of call {} not stored", callId);
  }
  assignLead(call, callId, userId);
  // a connected call with the caller closes what was waiting for a call back.
  auto closed = [this, caller = call.callerE164, lead = call.leadId, callId] {
    if (events_) events_->followUpsClosed(caller, lead, callId);
  };
  if (!call.callerE164.empty() &&
      !db_.followUpsClosed(call.callerE164, call.leadId, callId, nowMs(), report("follow-up close", closed)))
    SB_LOG_ERROR("store: write queue full; follow-ups of {} not closed", call.callerE164);
}

void CallRoutingService::left(const std::string& callId, const std::string& userId) {
  auto it = calls_.find(callId);
  if (it == calls_.end()) return;
  auto& users = it->second.connectedUsers;
  auto found = std::find(users.begin(), users.end(), userId);
  if (found == users.end()) return;
  users.erase(found);
  // the call is over for them as if it had ended.
  startCoolDown(userId);
}

void CallRoutingService::ended(const std::string& callId, calls::CallStatus status, bool answered) {
  auto it = calls_.find(callId);
  if (it == calls_.end()) return;
  ActiveCall call = std::move(it->second);
  calls_.erase(it);
  for (const auto& user : call.connectedUsers) {
    // cool-down follows inbound and distribution calls (a transfer's too); a
    // user's own outbound call only frees them.
    if (call.direction != calls::CallDirection::Outbound) {
      startCoolDown(user);
    } else {
      board_.callEnded(user, settings_, nowMs());
      board_.endCoolDown(user, nowMs());
    }
  }
  if (call.distribution) {
    distributionEnded(call, callId, status);
    return;
  }
  // voicemail opens a follow-up even on an answered call (a transfer that failed
  // after its agent hung up sends the caller there).
  if (call.direction == calls::CallDirection::Inbound && (!answered || status == calls::CallStatus::Voicemail))
    recordMissed(callId, call, status == calls::CallStatus::Voicemail ? "voicemail" : "missed");
}

std::optional<std::string> CallRoutingService::createLeadFor(const std::string& callerE164) {
  store::Lead lead;
  lead.id = store::newId(nowMs());
  lead.name = callerE164;
  lead.phones = {callerE164};
  lead.attributes = {{"source", "inbound call"}};
  lead.createdAt = nowMs();
  if (!db_.leadCreated(lead, report("lead created"))) {
    SB_LOG_ERROR("store: write queue full; no lead created for {}", callerE164);
    return std::nullopt;
  }
  leads_.upsert(routing::LeadInfo{lead.id, std::nullopt, lead.attributes, lead.name, lead.createdAt}, lead.phones);
  return lead.id;
}

void CallRoutingService::assignLead(ActiveCall& call, const std::string& callId, const std::string& userId) {
  if (!call.leadId) return;
  auto lead = leads_.find(*call.leadId);
  if (!lead) return;
  // the lead goes to whoever answered: always, or only when it has no owner.
  if (leadPolicy_.assignOnlyIfUnowned && lead->ownerUserId) return;
  if (lead->ownerUserId == userId) return;
  auto published = [this, leadId = *call.leadId, userId] {
    if (events_) events_->leadAssigned(leadId, userId);
  };
  if (!db_.leadAssigned(*call.leadId, userId, leadPolicy_.assignOnlyIfUnowned, report("lead assigned", published))) {
    SB_LOG_ERROR("store: write queue full; lead of call {} not assigned", callId);
    return;
  }
  leads_.setOwner(*call.leadId, userId);
}

void CallRoutingService::recordMissed(const std::string& callId, const ActiveCall& call, const char* reason) {
  if (call.callerE164.empty()) return; // an anonymous caller cannot be called back
  store::MissedCall missed;
  missed.callId = callId;
  missed.callerE164 = call.callerE164;
  missed.leadId = call.leadId;
  if (call.leadId)
    if (auto lead = leads_.find(*call.leadId)) missed.ownerUserId = lead->ownerUserId;
  missed.reason = reason;
  missed.at = nowMs();
  // to the lead owner, or to the unassigned queue when the lead has none.
  auto published = [this, missed] {
    if (events_) events_->followUpOpened(missed);
  };
  if (!db_.missedCall(missed, report("follow-up", published)))
    SB_LOG_ERROR("store: write queue full; follow-up for {} not stored", call.callerE164);
}

} // namespace sb::server

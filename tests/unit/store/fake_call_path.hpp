#pragma once
// What each call-path write does to FakeRecords once FakeStore applies it, and the
// follow-up list, kept to the real stores' rules: each returns what the real store would
// report for the write (success, or why it failed).
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.hpp"
#include "unit/store/fake_records.hpp"

namespace sb::store::testing {

inline void fakeApplyOfferUpdate(FakeRecords& r, const OfferUpdate& u) {
  for (auto& [id, detail] : r.calls) {
    for (OfferRecord& o : detail.offers) {
      if (o.id != u.offerId) continue;
      o.status = u.status;
      if (u.endedAt) o.endedAt = u.endedAt;
      if (!u.reason.empty()) o.reason = u.reason;
    }
  }
}

inline void fakeApplyAnswer(FakeRecords& r, const std::string& callId, const std::string& userId,
                            EpochMs at) {
  CallRecord& c = r.calls[callId].call;
  c.status = CallStatus::Connected;
  c.answeredByUserId = userId;
  c.answeredAt = at;
}

inline void fakeApplyEnd(FakeRecords& r, const CallEnd& end) {
  CallDetail& detail = r.calls[end.callId];
  detail.call.status = end.status;
  detail.call.endReason = end.endReason;
  detail.call.endedAt = end.endedAt;
  if (detail.call.answeredAt) {
    detail.call.talkSeconds = static_cast<int>((end.endedAt - *detail.call.answeredAt) / 1000);
  }
  for (OfferRecord& o : detail.offers) {
    if (o.status != OfferStatus::Ringing) continue;
    o.status = OfferStatus::Cancelled;
    o.endedAt = end.endedAt;
  }
}

inline void fakeAppendTrace(FakeRecords& r, const TraceEntry& entry) {
  auto& trace = r.calls[entry.callId].trace;
  trace.push_back(entry);
  trace.back().seq = static_cast<int>(trace.size());
}

// `won` tells whether this claim was the first.
inline WriteOutcome fakeApplyClaim(FakeRecords& r, const std::string& callId,
                                   const std::string& offerId, const std::string& userId,
                                   EpochMs at, bool& won) {
  auto call = r.calls.find(callId);
  won = call != r.calls.end() && !call->second.call.answeredAt && !call->second.call.endedAt;
  if (!won) return Committed{};
  if (userId.empty()) { // a number outside answered: no user, no offer row
    call->second.call.status = CallStatus::Connected;
    call->second.call.answeredAt = at;
    return Committed{};
  }
  auto& offers = call->second.offers;
  auto offer = std::find_if(offers.begin(), offers.end(),
                            [&](const OfferRecord& o) { return o.id == offerId; });
  if (offer == offers.end()) {
    won = false; // the real store undoes the claim with the failed write
    return common::makeError("no offer " + offerId + " on call " + callId);
  }
  fakeApplyAnswer(r, callId, userId, at);
  offer->status = OfferStatus::Accepted;
  offer->endedAt = at;
  return Committed{};
}

inline WriteOutcome fakeSetAvailability(FakeRecords& r, const std::string& userId,
                                        Availability availability, const std::string& reason) {
  User* u = fakeFind(r.users, userId);
  if (!u) return common::makeError("no user " + userId, 404);
  u->availability = availability;
  u->availabilityReason = reason;
  return Committed{};
}

inline WriteOutcome fakeInsertLead(FakeRecords& r, const Lead& lead) {
  if (lead.id.empty()) return common::makeError("a lead needs an id (store::newId)", 400);
  if (fakeFind(r.leads, lead.id)) return common::makeError("lead already exists", 409);
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones);
  r.leads.push_back(std::move(stored));
  return Committed{};
}

inline WriteOutcome fakeAssignLead(FakeRecords& r, const std::string& leadId,
                                   const std::string& userId, bool onlyIfUnowned) {
  Lead* l = fakeFind(r.leads, leadId);
  if (!l) return common::makeError("no lead " + leadId, 404);
  if (onlyIfUnowned && l->ownerUserId) return Committed{};
  l->ownerUserId = userId;
  // the lead has an owner now, as the stores resolve it.
  for (LeadException& e : r.leadExceptions)
    if (e.leadId == leadId && !e.resolvedAt) e.resolvedAt = r.now;
  return Committed{};
}

inline WriteOutcome fakeSetCallLead(FakeRecords& r, const std::string& callId,
                                    const std::string& leadId) {
  auto it = r.calls.find(callId);
  if (it == r.calls.end()) return common::makeError("no call " + callId);
  it->second.call.leadId = leadId;
  return Committed{};
}

inline WriteOutcome fakeApplyMissedCall(FakeRecords& r, const MissedCall& m) {
  if (m.callerE164.empty()) return common::makeError("a follow-up needs the caller's number", 400);
  if (m.reason != "missed" && m.reason != "voicemail") {
    return common::makeError("follow-up reason must be missed or voicemail", 400);
  }
  for (FollowUp& f : r.followUps) {
    if (f.status != FollowUpStatus::Open || f.callerE164 != m.callerE164) continue;
    ++f.missedCalls;
    f.lastCallId = m.callId;
    f.reason = m.reason;
    f.updatedAt = m.at;
    if (!f.leadId) f.leadId = m.leadId;
    if (!f.assignedUserId) f.assignedUserId = m.ownerUserId;
    return Committed{};
  }
  FollowUp f;
  f.id = "follow-up-" + std::to_string(++r.lastId);
  f.callerE164 = m.callerE164;
  f.leadId = m.leadId;
  f.assignedUserId = m.ownerUserId;
  f.reason = m.reason;
  f.lastCallId = m.callId;
  f.createdAt = m.at;
  f.updatedAt = m.at;
  r.followUps.push_back(std::move(f));
  return Committed{};
}

inline void fakeCloseFollowUps(FakeRecords& r, const std::string& callerE164,
                               const std::optional<std::string>& leadId, const std::string& callId,
                               EpochMs at) {
  for (FollowUp& f : r.followUps) {
    const bool matches = f.callerE164 == callerE164 || (leadId && f.leadId == leadId);
    if (f.status != FollowUpStatus::Open || !matches) continue;
    f.status = FollowUpStatus::Closed;
    f.closedAt = at;
    f.closedByCallId = callId;
    f.updatedAt = at;
  }
}

inline WriteOutcome fakeStoreVoicemail(FakeRecords& r, const Voicemail& voicemail) {
  if (voicemail.path.empty()) return common::makeError("a voicemail needs its recording", 400);
  Voicemail stored = voicemail;
  if (stored.id.empty()) stored.id = "voicemail-" + std::to_string(++r.lastId);
  r.voicemails.push_back(std::move(stored));
  return Committed{};
}

inline common::Result<std::vector<FollowUp>> fakeListFollowUps(const FakeRecords& r,
                                                               const FollowUpQuery& q) {
  if (q.limit <= 0 || q.limit > 1000) {
    return common::makeError("limit must be between 1 and 1000", 400);
  }
  if (q.unassignedOnly && q.assignedUserId) {
    return common::makeError("ask for one assignee or for the unassigned queue, not both", 400);
  }
  std::vector<FollowUp> found;
  for (const FollowUp& f : r.followUps) {
    if (q.status && f.status != *q.status) continue;
    if (q.assignedUserId && f.assignedUserId != q.assignedUserId) continue;
    if (q.unassignedOnly && f.assignedUserId) continue;
    found.push_back(f);
  }
  std::sort(found.begin(), found.end(), [](const FollowUp& a, const FollowUp& b) {
    return std::tie(b.updatedAt, b.id) < std::tie(a.updatedAt, a.id);
  });
  if (found.size() > static_cast<std::size_t>(q.limit))
    found.resize(static_cast<std::size_t>(q.limit));
  return found;
}

} // namespace sb::store::testing

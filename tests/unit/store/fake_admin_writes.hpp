#pragma once
// The admin updates and deletes over FakeRecords, kept to the real stores' rules: checks
// (store/admin_checks.hpp), 404 for an unknown id, 409 naming a unique field taken or what
// still refers to a record (store/conflicts.hpp), and what a delete takes with it.
#include <algorithm>
#include <string>

#include "store/admin_checks.hpp"
#include "store/conflicts.hpp"
#include "unit/store/fake_records.hpp"

namespace sb::store::testing {

// Whether the call's records hold `userId` where `referrer` (one of userReferrers()) looks.
inline bool fakeUserReferred(const CallDetail& d, const Referrer& referrer,
                             const std::string& userId) {
  if (referrer.table == "offers") {
    return std::any_of(d.offers.begin(), d.offers.end(),
                       [&](const OfferRecord& o) { return o.userId == userId; });
  }
  if (referrer.table == "routing_trace") {
    return std::any_of(d.trace.begin(), d.trace.end(),
                       [&](const TraceEntry& t) { return t.userId == userId; });
  }
  if (referrer.column == "logged_by_user_id") return d.call.loggedByUserId == userId;
  return d.call.answeredByUserId == userId;
}

// The 409 for a unique value taken, naming its field as the real stores do.
inline common::Error fakeTaken(const std::string& field) {
  return common::fieldError(field, field + " is already in use", 409);
}

inline bool fakeE164Taken(const FakeRecords& r, const PhoneNumber& number) {
  return std::any_of(r.numbers.begin(), r.numbers.end(), [&](const PhoneNumber& n) {
    return n.id != number.id && n.e164 == number.e164;
  });
}

inline bool fakeEmailTaken(const FakeRecords& r, const User& user) {
  return std::any_of(r.users.begin(), r.users.end(), [&](const User& u) {
    return u.id != user.id && fakeLower(u.email) == fakeLower(user.email);
  });
}

inline common::Result<User> fakeUpdateUser(FakeRecords& r, const User& user) {
  if (auto bad = checkUser(user)) return *bad;
  User* stored = fakeFind(r.users, user.id);
  if (!stored) return unknownRecord("user", user.id);
  if (fakeEmailTaken(r, user)) return fakeTaken("email");
  User updated = user;
  updated.createdAt = stored->createdAt;
  updated.assignedNumberId = stored->assignedNumberId; // set on the number, never here
  if (!updated.passwordHash) updated.passwordHash = stored->passwordHash;
  *stored = updated;
  return updated;
}

inline std::optional<common::Error> fakeSetPassword(FakeRecords& r, const std::string& userId,
                                                    const std::string& passwordHash) {
  if (auto bad = checkPasswordHash(passwordHash)) return bad;
  User* stored = fakeFind(r.users, userId);
  if (!stored) return unknownRecord("user", userId);
  stored->passwordHash = passwordHash;
  return std::nullopt;
}

inline std::optional<common::Error> fakeDeleteUser(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.users, id)) return unknownRecord("user", id);
  for (const Referrer& referrer : userReferrers()) {
    if (referrer.table == "applications") {
      for (const Application& a : r.applications)
        if (a.userId == id) return stillReferred("user", id, referrer, a.leadId);
      continue;
    }
    for (const auto& [callId, detail] : r.calls) {
      if (fakeUserReferred(detail, referrer, id))
        return stillReferred("user", id, referrer, callId);
    }
  }
  std::erase_if(r.users, [&](const User& u) { return u.id == id; });
  std::erase_if(r.devices, [&](const Device& d) { return d.userId == id; });
  std::erase_if(r.tokens, [&](const ApiToken& t) { return t.userId == id; });
  for (GroupRecord& g : r.groups)
    std::erase(g.memberIds, id);
  for (PhoneNumber& n : r.numbers)
    if (n.assignedUserId == id) n.assignedUserId.reset();
  for (Lead& l : r.leads)
    if (l.ownerUserId == id) l.ownerUserId.reset();
  for (FollowUp& f : r.followUps)
    if (f.assignedUserId == id) f.assignedUserId.reset();
  for (LeadException& e : r.leadExceptions)
    if (e.resolvedByUserId == id) e.resolvedByUserId.reset();
  return std::nullopt;
}

inline std::optional<common::Error> fakeDeleteDevice(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.devices, id)) return unknownRecord("device", id);
  std::erase_if(r.devices, [&](const Device& d) { return d.id == id; });
  for (auto& [callId, detail] : r.calls) {
    for (OfferRecord& o : detail.offers)
      if (o.deviceId == id) o.deviceId.reset();
  }
  return std::nullopt;
}

inline common::Result<PhoneNumber> fakeUpdateNumber(FakeRecords& r, const PhoneNumber& number) {
  if (auto bad = checkNumber(number)) return *bad;
  PhoneNumber* stored = fakeFind(r.numbers, number.id);
  if (!stored) return unknownRecord("number", number.id);
  if (fakeE164Taken(r, number)) return fakeTaken("e164");
  const EpochMs createdAt = stored->createdAt;
  *stored = number;
  stored->createdAt = createdAt;
  return *stored;
}

inline std::optional<common::Error> fakeDeleteNumber(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.numbers, id)) return unknownRecord("number", id);
  std::erase_if(r.numbers, [&](const PhoneNumber& n) { return n.id == id; });
  return std::nullopt;
}

inline common::Result<Lead> fakeUpdateLead(FakeRecords& r, const Lead& lead) {
  if (auto bad = checkLead(lead)) return *bad;
  Lead* stored = fakeFind(r.leads, lead.id);
  if (!stored) return unknownRecord("lead", lead.id);
  if (lead.ownerUserId && !fakeFind(r.users, *lead.ownerUserId)) {
    return common::makeError("no user " + *lead.ownerUserId, 409);
  }
  Lead updated = lead;
  updated.createdAt = stored->createdAt;
  updated.phones = distinctPhones(lead.phones);
  *stored = updated;
  // a lead given an owner is no longer a lead nobody took.
  if (updated.ownerUserId) {
    for (LeadException& e : r.leadExceptions)
      if (e.leadId == lead.id && !e.resolvedAt) e.resolvedAt = r.now;
  }
  return updated;
}

inline std::optional<common::Error> fakeDeleteLead(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.leads, id)) return unknownRecord("lead", id);
  for (const auto& [callId, detail] : r.calls) {
    if (detail.call.leadId == id) return stillReferred("lead", id, leadReferrers()[0], callId);
  }
  std::erase_if(r.leads, [&](const Lead& l) { return l.id == id; });
  std::erase_if(r.applications, [&](const Application& a) { return a.leadId == id; });
  std::erase_if(r.leadExceptions, [&](const LeadException& e) { return e.leadId == id; });
  for (FollowUp& f : r.followUps)
    if (f.leadId == id) f.leadId.reset();
  for (Voicemail& v : r.voicemails)
    if (v.leadId == id) v.leadId.reset();
  return std::nullopt;
}

inline common::Result<CallFlowRecord> fakeUpdateCallFlow(FakeRecords& r,
                                                         const CallFlowRecord& flow) {
  if (auto bad = checkCallFlow(flow)) return *bad;
  CallFlowRecord* stored = fakeFind(r.callFlows, flow.id);
  if (!stored) return unknownRecord("call flow", flow.id);
  const EpochMs createdAt = stored->createdAt;
  *stored = flow;
  stored->createdAt = createdAt;
  return *stored;
}

inline std::optional<common::Error> fakeDeleteCallFlow(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.callFlows, id)) return unknownRecord("call flow", id);
  for (const PhoneNumber& n : r.numbers) {
    if (n.callFlowId == id) return stillReferred("call flow", id, callFlowReferrers()[0], n.e164);
  }
  std::erase_if(r.callFlows, [&](const CallFlowRecord& f) { return f.id == id; });
  return std::nullopt;
}

inline common::Result<GroupRecord> fakeUpdateGroup(FakeRecords& r, const GroupRecord& group) {
  if (auto bad = checkGroup(group)) return *bad;
  GroupRecord* stored = fakeFind(r.groups, group.id);
  if (!stored) return unknownRecord("group", group.id);
  for (auto it = group.memberIds.begin(); it != group.memberIds.end(); ++it) {
    if (!fakeFind(r.users, *it) || std::find(group.memberIds.begin(), it, *it) != it) {
      return common::makeError("group member " + *it + " is unknown or listed twice", 409);
    }
  }
  const EpochMs createdAt = stored->createdAt;
  *stored = group;
  stored->createdAt = createdAt;
  return *stored;
}

inline std::optional<common::Error> fakeDeleteGroup(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.groups, id)) return unknownRecord("group", id);
  std::erase_if(r.groups, [&](const GroupRecord& g) { return g.id == id; });
  for (LeadException& e : r.leadExceptions)
    if (e.groupId == id) e.groupId.reset();
  return std::nullopt;
}

} // namespace sb::store::testing

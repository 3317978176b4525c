#pragma once
// FakeStore: an in-memory Store for the tests of modules that write call records.
//
// Asynchronous writes are held, not applied, until the test completes them, so a test
// can check that nothing happens before a write is durable: ring no device before
// callStarted completes, for instance. Admin writes and reads work on plain vectors.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.hpp"
#include "unit/store/fake_call_search.hpp"

namespace sb::store::testing {

class FakeStore final : public Store {
public:
  // A write waiting to be "committed": `what` names it ("callStarted c1") for assertions.
  // `apply` returns what the real store would report for it (success, or why it failed).
  struct PendingWrite {
    std::string what;
    std::function<WriteOutcome()> apply;
    Completion done;
  };

  // --- controls ---
  // Applies the oldest pending write and runs its completion with the outcome: success,
  // or the error the real store gives for that write (an unknown call, say).
  void completeNext() {
    PendingWrite w = takeNext();
    WriteOutcome outcome = w.apply();
    if (w.done) w.done(std::move(outcome));
  }
  // Drops the oldest pending write and runs its completion with an error.
  void failNext(const std::string& reason) {
    PendingWrite w = takeNext();
    if (w.done) w.done(common::makeError(reason));
  }
  void completeAll() {
    while (!pending.empty())
      completeNext();
  }
  std::vector<std::string> pendingNames() const {
    std::vector<std::string> names;
    for (const auto& w : pending)
      names.push_back(w.what);
    return names;
  }

  // --- state, open for tests to arrange and inspect ---
  std::optional<Organization> org;
  std::vector<User> users;
  std::vector<Device> devices;
  std::vector<PhoneNumber> numbers;
  std::vector<Lead> leads;
  std::map<std::string, CallDetail> calls;
  std::vector<CallFlowRecord> callFlows;
  std::vector<GroupRecord> groups;
  std::vector<FollowUp> followUps; // in creation order
  std::vector<Voicemail> voicemails;
  std::deque<PendingWrite> pending;
  bool refuseWrites = false; // simulates a full write queue
  EpochMs logTime = 0;       // what logCall stamps as loggedAt

  // --- reads ---
  Found<Organization> organization() override { return org; }
  Found<User> getUser(const std::string& id) override {
    return findIn(users, [&](const User& u) { return u.id == id; });
  }
  common::Result<std::vector<User>> listUsers() override { return users; }
  common::Result<std::vector<Device>> listDevices() override { return devices; }
  Found<Device> findDeviceBySipUsername(std::string_view username) override {
    return findIn(devices, [&](const Device& d) { return d.sipUsername == username; });
  }
  common::Result<std::vector<PhoneNumber>> listNumbers() override { return numbers; }
  Found<PhoneNumber> findNumberByE164(std::string_view e164) override {
    return findIn(numbers, [&](const PhoneNumber& n) { return n.e164 == e164; });
  }
  common::Result<std::vector<Lead>> findLeadsByPhone(std::string_view e164) override {
    std::vector<Lead> found;
    for (const Lead& l : leads) {
      if (std::find(l.phones.begin(), l.phones.end(), e164) != l.phones.end()) found.push_back(l);
    }
    return found;
  }
  Found<Lead> getLead(const std::string& id) override {
    return findIn(leads, [&](const Lead& l) { return l.id == id; });
  }
  Found<CallDetail> findCall(const std::string& id) override {
    auto it = calls.find(id);
    if (it == calls.end()) return std::optional<CallDetail>{};
    return std::optional<CallDetail>{it->second};
  }
  common::Result<std::vector<CallRecord>> listCalls(const CallPage& page) override {
    std::vector<CallRecord> all;
    for (const auto& [id, detail] : calls)
      all.push_back(detail.call);
    std::sort(all.begin(), all.end(), [](const CallRecord& a, const CallRecord& b) {
      return std::tie(b.startedAt, b.id) < std::tie(a.startedAt, a.id);
    });
    std::vector<CallRecord> rows;
    for (const CallRecord& c : all) {
      const bool older =
          !page.beforeStartedAt ||
          std::tie(c.startedAt, c.id) < std::tie(*page.beforeStartedAt, page.beforeId);
      if (older && static_cast<int>(rows.size()) < page.limit) rows.push_back(c);
    }
    return rows;
  }
  common::Result<CallSearchPage> searchCalls(const CallQuery& query) override {
    return fakeSearchCalls(calls, query);
  }
  common::Result<std::vector<CallFlowRecord>> listCallFlows() override { return callFlows; }
  common::Result<std::vector<GroupRecord>> listGroups() override { return groups; }
  common::Result<int> forEachLead(const std::function<void(const Lead&)>& visit) override {
    for (const Lead& l : leads)
      visit(l);
    return static_cast<int>(leads.size());
  }
  common::Result<std::vector<FollowUp>> listFollowUps(const FollowUpQuery& q) override;
  common::Result<std::vector<Voicemail>> listVoicemails(const std::string& callId) override {
    std::vector<Voicemail> found;
    for (const Voicemail& v : voicemails) {
      if (v.callId == callId) found.push_back(v);
    }
    return found;
  }
  common::Result<bool> isEmpty() override { return !org && users.empty(); }

  // --- admin writes ---
  common::Result<Organization> updateOrganization(const Organization& o) override {
    org = o;
    return o;
  }
  common::Result<User> createUser(const User& user) override {
    return add(users, user, "user", [&](const User& u) { return u.email == user.email; });
  }
  common::Result<Device> createDevice(const Device& device) override {
    return add(devices, device, "device", [&](const Device& d) {
      return !device.sipUsername.empty() && d.sipUsername == device.sipUsername;
    });
  }
  common::Result<PhoneNumber> createNumber(const PhoneNumber& number) override {
    return add(numbers, number, "number",
               [&](const PhoneNumber& n) { return n.e164 == number.e164; });
  }
  common::Result<Lead> createLead(const Lead& lead) override {
    return add(leads, lead, "lead", [](const Lead&) { return false; });
  }
  common::Result<CallFlowRecord> createCallFlow(const CallFlowRecord& flow) override {
    if (flow.name.empty() || !flow.steps.is_array()) {
      return common::makeError("a call flow needs a name and an array of steps", 400);
    }
    return add(callFlows, flow, "call-flow", [](const CallFlowRecord&) { return false; });
  }
  common::Result<GroupRecord> createGroup(const GroupRecord& group) override {
    if (group.name.empty()) return common::makeError("group name is required", 400);
    return add(groups, group, "group", [](const GroupRecord&) { return false; });
  }
  common::Result<PhoneNumber> updateNumber(const PhoneNumber& number) override;
  common::Result<CallRecord> logCall(const CallLog& log) override {
    return fakeLogCall(calls, org ? org->settings : nlohmann::json::object(), log, logTime);
  }

  // --- call path: held until the test completes them ---
  bool callStarted(const CallRecord& call, Completion done) override {
    return hold(
        "callStarted " + call.id, [this, call] { calls[call.id].call = call; }, done);
  }
  bool offerCreated(const OfferRecord& offer, Completion done) override {
    return hold(
        "offerCreated " + offer.id, [this, offer] { calls[offer.callId].offers.push_back(offer); },
        done);
  }
  bool offerUpdated(const OfferUpdate& u, Completion done) override {
    return hold(
        "offerUpdated " + u.offerId, [this, u] { applyOfferUpdate(u); }, done);
  }
  bool callAnswered(const std::string& callId, const std::string& userId, EpochMs at,
                    Completion done) override {
    return hold(
        "callAnswered " + callId,
        [this, callId, userId, at] {
          CallRecord& c = calls[callId].call;
          c.status = CallStatus::Connected;
          c.answeredByUserId = userId;
          c.answeredAt = at;
        },
        done);
  }
  bool callEnded(const CallEnd& end, Completion done) override {
    return hold(
        "callEnded " + end.callId, [this, end] { applyEnd(end); }, done);
  }
  bool traceAppend(const TraceEntry& entry, Completion done) override {
    return hold(
        "traceAppend " + entry.callId,
        [this, entry] {
          auto& trace = calls[entry.callId].trace;
          trace.push_back(entry);
          trace.back().seq = static_cast<int>(trace.size());
        },
        done);
  }
  bool claimCall(const std::string& callId, const std::string& offerId, const std::string& userId,
                 EpochMs at, ClaimCompletion done) override;
  bool availabilityChanged(const std::string& userId, Availability availability,
                           const std::string& reason, Completion done) override;
  bool leadCreated(const Lead& lead, Completion done) override;
  bool leadAssigned(const std::string& leadId, const std::string& userId, bool onlyIfUnowned,
                    Completion done) override;
  bool callLeadSet(const std::string& callId, const std::string& leadId, Completion done) override;
  bool missedCall(const MissedCall& missed, Completion done) override;
  bool followUpsClosed(const std::string& callerE164, const std::optional<std::string>& leadId,
                       const std::string& callId, EpochMs at, Completion done) override;
  bool voicemailStored(const Voicemail& voicemail, Completion done) override;
  void flush() override { completeAll(); }

  common::Result<int> closeInterruptedCalls(EpochMs now) override {
    int closed = 0;
    for (auto& [id, detail] : calls) {
      if (detail.call.endedAt) continue;
      applyEnd(CallEnd{id, CallStatus::Interrupted, "server restarted", now});
      ++closed;
    }
    return closed;
  }

private:
  template <typename T, typename Pred>
  static Found<T> findIn(const std::vector<T>& items, Pred pred) {
    auto it = std::find_if(items.begin(), items.end(), pred);
    if (it == items.end()) return std::optional<T>{};
    return std::optional<T>{*it};
  }

  template <typename T, typename Clash>
  common::Result<T> add(std::vector<T>& items, const T& item, const std::string& kind,
                        Clash clash) {
    if (std::any_of(items.begin(), items.end(), clash)) {
      return common::makeError(kind + " already exists", 409);
    }
    T stored = item;
    if (stored.id.empty()) stored.id = kind + "-" + std::to_string(++nextId_);
    items.push_back(stored);
    return stored;
  }

  // A write that cannot fail.
  bool hold(std::string what, std::function<void()> apply, Completion done) {
    return holdChecked(
        std::move(what),
        [apply = std::move(apply)]() -> WriteOutcome {
          apply();
          return Committed{};
        },
        std::move(done));
  }
  bool holdChecked(std::string what, std::function<WriteOutcome()> apply, Completion done) {
    if (refuseWrites) return false;
    pending.push_back(PendingWrite{std::move(what), std::move(apply), std::move(done)});
    return true;
  }

  WriteOutcome applyClaim(const std::string& callId, const std::string& offerId,
                          const std::string& userId, EpochMs at, bool& won);
  WriteOutcome applyMissedCall(const MissedCall& missed);

  PendingWrite takeNext() {
    PendingWrite w = std::move(pending.front());
    pending.pop_front();
    return w;
  }

  void applyOfferUpdate(const OfferUpdate& u) {
    for (auto& [id, detail] : calls) {
      for (OfferRecord& o : detail.offers) {
        if (o.id != u.offerId) continue;
        o.status = u.status;
        if (u.endedAt) o.endedAt = u.endedAt;
        if (!u.reason.empty()) o.reason = u.reason;
      }
    }
  }

  void applyEnd(const CallEnd& end) {
    CallDetail& detail = calls[end.callId];
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

  int nextId_ = 0;
};

// --- the newer reads and writes, kept to the real store's rules ---

inline common::Result<std::vector<FollowUp>> FakeStore::listFollowUps(const FollowUpQuery& q) {
  if (q.limit <= 0 || q.limit > 1000) {
    return common::makeError("limit must be between 1 and 1000", 400);
  }
  if (q.unassignedOnly && q.assignedUserId) {
    return common::makeError("ask for one assignee or for the unassigned queue, not both", 400);
  }
  std::vector<FollowUp> found;
  for (const FollowUp& f : followUps) {
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

inline common::Result<PhoneNumber> FakeStore::updateNumber(const PhoneNumber& number) {
  if (number.e164.size() < 2 || number.e164.front() != '+') {
    return common::makeError("number must be in E.164 form (+15551234567)", 400);
  }
  auto it = std::find_if(numbers.begin(), numbers.end(),
                         [&](const PhoneNumber& n) { return n.id == number.id; });
  if (it == numbers.end()) return common::makeError("no number " + number.id, 404);
  const bool clash = std::any_of(numbers.begin(), numbers.end(), [&](const PhoneNumber& n) {
    return n.id != number.id && n.e164 == number.e164;
  });
  if (clash) return common::makeError("number " + number.e164 + " already exists", 409);
  const EpochMs createdAt = it->createdAt;
  *it = number;
  it->createdAt = createdAt;
  return *it;
}

inline WriteOutcome FakeStore::applyClaim(const std::string& callId, const std::string& offerId,
                                          const std::string& userId, EpochMs at, bool& won) {
  auto call = calls.find(callId);
  won = call != calls.end() && !call->second.call.answeredAt && !call->second.call.endedAt;
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
  CallRecord& c = call->second.call;
  c.status = CallStatus::Connected;
  c.answeredByUserId = userId;
  c.answeredAt = at;
  offer->status = OfferStatus::Accepted;
  offer->endedAt = at;
  return Committed{};
}

inline bool FakeStore::claimCall(const std::string& callId, const std::string& offerId,
                                 const std::string& userId, EpochMs at, ClaimCompletion done) {
  // Whether the claim won is decided when the write is applied, as in the real store.
  auto won = std::make_shared<bool>(false);
  Completion report;
  if (done) {
    report = [won, done = std::move(done)](WriteOutcome o) {
      if (!o) return done(o.error());
      done(*won);
    };
  }
  return holdChecked(
      "claimCall " + callId + " " + offerId,
      [this, callId, offerId, userId, at, won] {
        return applyClaim(callId, offerId, userId, at, *won);
      },
      std::move(report));
}

inline bool FakeStore::availabilityChanged(const std::string& userId, Availability availability,
                                           const std::string& reason, Completion done) {
  return holdChecked(
      "availabilityChanged " + userId,
      [this, userId, availability, reason]() -> WriteOutcome {
        for (User& u : users) {
          if (u.id != userId) continue;
          u.availability = availability;
          u.availabilityReason = reason;
          return Committed{};
        }
        return common::makeError("no user " + userId, 404);
      },
      std::move(done));
}

inline bool FakeStore::leadCreated(const Lead& lead, Completion done) {
  return holdChecked(
      "leadCreated " + lead.id,
      [this, lead]() -> WriteOutcome {
        if (lead.id.empty()) return common::makeError("a lead needs an id (store::newId)", 400);
        if (getLead(lead.id)->has_value()) return common::makeError("lead already exists", 409);
        Lead stored = lead;
        stored.phones.clear();
        for (const std::string& p : lead.phones) {
          if (std::find(stored.phones.begin(), stored.phones.end(), p) == stored.phones.end()) {
            stored.phones.push_back(p);
          }
        }
        leads.push_back(std::move(stored));
        return Committed{};
      },
      std::move(done));
}

inline bool FakeStore::leadAssigned(const std::string& leadId, const std::string& userId,
                                    bool onlyIfUnowned, Completion done) {
  return holdChecked(
      "leadAssigned " + leadId,
      [this, leadId, userId, onlyIfUnowned]() -> WriteOutcome {
        for (Lead& l : leads) {
          if (l.id != leadId) continue;
          if (!onlyIfUnowned || !l.ownerUserId) l.ownerUserId = userId;
          return Committed{};
        }
        return common::makeError("no lead " + leadId, 404);
      },
      std::move(done));
}

inline bool FakeStore::callLeadSet(const std::string& callId, const std::string& leadId,
                                   Completion done) {
  return holdChecked(
      "callLeadSet " + callId,
      [this, callId, leadId]() -> WriteOutcome {
        auto it = calls.find(callId);
        if (it == calls.end()) return common::makeError("no call " + callId);
        it->second.call.leadId = leadId;
        return Committed{};
      },
      std::move(done));
}

inline WriteOutcome FakeStore::applyMissedCall(const MissedCall& m) {
  if (m.callerE164.empty()) return common::makeError("a follow-up needs the caller's number", 400);
  if (m.reason != "missed" && m.reason != "voicemail") {
    return common::makeError("follow-up reason must be missed or voicemail", 400);
  }
  for (FollowUp& f : followUps) {
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
  f.id = "follow-up-" + std::to_string(++nextId_);
  f.callerE164 = m.callerE164;
  f.leadId = m.leadId;
  f.assignedUserId = m.ownerUserId;
  f.reason = m.reason;
  f.lastCallId = m.callId;
  f.createdAt = m.at;
  f.updatedAt = m.at;
  followUps.push_back(std::move(f));
  return Committed{};
}

inline bool FakeStore::missedCall(const MissedCall& missed, Completion done) {
  return holdChecked(
      "missedCall " + missed.callId, [this, missed] { return applyMissedCall(missed); },
      std::move(done));
}

inline bool FakeStore::followUpsClosed(const std::string& callerE164,
                                       const std::optional<std::string>& leadId,
                                       const std::string& callId, EpochMs at, Completion done) {
  return hold(
      "followUpsClosed " + callerE164,
      [this, callerE164, leadId, callId, at] {
        for (FollowUp& f : followUps) {
          const bool matches = f.callerE164 == callerE164 || (leadId && f.leadId == leadId);
          if (f.status != FollowUpStatus::Open || !matches) continue;
          f.status = FollowUpStatus::Closed;
          f.closedAt = at;
          f.closedByCallId = callId;
          f.updatedAt = at;
        }
      },
      std::move(done));
}

inline bool FakeStore::voicemailStored(const Voicemail& voicemail, Completion done) {
  return holdChecked(
      "voicemailStored " + voicemail.callId,
      [this, voicemail]() -> WriteOutcome {
        if (voicemail.path.empty())
          return common::makeError("a voicemail needs its recording", 400);
        Voicemail stored = voicemail;
        if (stored.id.empty()) stored.id = "voicemail-" + std::to_string(++nextId_);
        voicemails.push_back(std::move(stored));
        return Committed{};
      },
      std::move(done));
}

} // namespace sb::store::testing

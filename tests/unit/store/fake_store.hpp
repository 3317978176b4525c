#pragma once
// FakeStore: an in-memory Store for the tests of modules that write call records or use
// the admin records (the API).
//
// Asynchronous writes are held, not applied, until the test completes them, so a test
// can check that nothing happens before a write is durable: ring no device before
// callStarted completes, for instance. Admin writes and reads work at once on plain
// containers (FakeRecords), with the real stores' checks and errors.
#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store/admin_checks.hpp"
#include "store/store.hpp"
#include "unit/store/fake_admin_writes.hpp"
#include "unit/store/fake_api_records.hpp"
#include "unit/store/fake_call_path.hpp"
#include "unit/store/fake_call_search.hpp"
#include "unit/store/fake_distribution.hpp"
#include "unit/store/fake_records.hpp"

namespace sb::store::testing {

class FakeStore final : public Store, public FakeRecords {
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

  // --- state, open for tests to arrange and inspect (the records are in FakeRecords) ---
  std::deque<PendingWrite> pending;
  bool refuseWrites = false; // simulates a full write queue
  EpochMs logTime = 0;       // what logCall stamps as loggedAt

  // --- reads ---
  Found<Organization> organization() override { return org; }
  Found<User> getUser(const std::string& id) override { return copyOf(fakeFind(users, id)); }
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
  Found<Lead> getLead(const std::string& id) override { return copyOf(fakeFind(leads, id)); }
  Found<CallDetail> findCall(const std::string& id) override {
    auto it = calls.find(id);
    if (it == calls.end()) return std::optional<CallDetail>{};
    return std::optional<CallDetail>{it->second};
  }
  common::Result<std::vector<CallRecord>> listCalls(const CallPage& page) override;
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
  common::Result<std::vector<FollowUp>> listFollowUps(const FollowUpQuery& q) override {
    return fakeListFollowUps(*this, q);
  }
  common::Result<std::vector<Voicemail>> listVoicemails(const std::string& callId) override {
    std::vector<Voicemail> found;
    for (const Voicemail& v : voicemails) {
      if (v.callId == callId) found.push_back(v);
    }
    return found;
  }
  common::Result<bool> isEmpty() override { return !org && users.empty(); }
  Found<User> findUserByEmail(std::string_view email) override {
    return fakeFindUserByEmail(*this, email);
  }
  common::Result<LeadPage> searchLeads(const LeadQuery& q) override {
    return fakeSearchLeads(*this, q);
  }
  Found<ApiToken> findTokenByHash(std::string_view hash) override {
    return findIn(tokens, [&](const ApiToken& t) { return t.tokenHash == hash; });
  }
  common::Result<std::vector<ApiToken>> listTokens(const std::string& userId) override {
    return fakeListTokens(*this, userId);
  }
  common::Result<std::vector<Webhook>> listWebhooks() override { return webhooks; }
  Found<Webhook> getWebhook(const std::string& id) override {
    return copyOf(fakeFind(webhooks, id));
  }
  common::Result<std::vector<WebhookDelivery>> listDeliveries(const std::string& webhookId,
                                                              int limit) override {
    return fakeListDeliveries(*this, webhookId, limit);
  }
  common::Result<std::vector<WebhookDelivery>> dueDeliveries(EpochMs at, int limit) override {
    return fakeDueDeliveries(*this, at, limit);
  }
  Found<Application> applicationOfLead(const std::string& leadId) override {
    return fakeApplicationOfLead(*this, leadId);
  }
  common::Result<LeadExceptionPage> listLeadExceptions(const LeadExceptionQuery& q) override {
    return fakeListLeadExceptions(*this, q);
  }
  Found<LeadException> getLeadException(const std::string& id) override {
    return copyOf(fakeFind(leadExceptions, id));
  }

  // --- admin writes ---
  common::Result<Organization> updateOrganization(const Organization& o) override {
    org = o;
    return o;
  }
  common::Result<User> createUser(const User& user) override {
    if (auto bad = checkUser(user)) return *bad;
    if (fakeEmailTaken(*this, user)) return fakeTaken("email");
    return add(users, user, "user");
  }
  common::Result<Device> createDevice(const Device& device) override {
    if (auto bad = checkDevice(device)) return *bad;
    const bool clash = std::any_of(devices.begin(), devices.end(), [&](const Device& d) {
      return !device.sipUsername.empty() && d.sipUsername == device.sipUsername;
    });
    if (clash) return fakeTaken("sip_username");
    return add(devices, device, "device");
  }
  common::Result<PhoneNumber> createNumber(const PhoneNumber& number) override {
    if (auto bad = checkNumber(number)) return *bad;
    if (fakeE164Taken(*this, number)) return fakeTaken("e164");
    return add(numbers, number, "number");
  }
  common::Result<Lead> createLead(const Lead& lead) override {
    if (auto bad = checkLead(lead)) return *bad;
    Lead stored = lead;
    stored.phones = distinctPhones(lead.phones);
    return add(leads, stored, "lead");
  }
  common::Result<CallFlowRecord> createCallFlow(const CallFlowRecord& flow) override {
    if (auto bad = checkCallFlow(flow)) return *bad;
    return add(callFlows, flow, "call-flow");
  }
  common::Result<GroupRecord> createGroup(const GroupRecord& group) override {
    if (auto bad = checkGroup(group)) return *bad;
    return add(groups, group, "group");
  }
  common::Result<PhoneNumber> updateNumber(const PhoneNumber& number) override {
    return fakeUpdateNumber(*this, number);
  }
  common::Result<User> updateUser(const User& user) override { return fakeUpdateUser(*this, user); }
  std::optional<common::Error> setPassword(const std::string& userId,
                                           const std::string& passwordHash) override {
    return fakeSetPassword(*this, userId, passwordHash);
  }
  std::optional<common::Error> deleteUser(const std::string& id) override {
    return fakeDeleteUser(*this, id);
  }
  std::optional<common::Error> deleteDevice(const std::string& id) override {
    return fakeDeleteDevice(*this, id);
  }
  std::optional<common::Error> deleteNumber(const std::string& id) override {
    return fakeDeleteNumber(*this, id);
  }
  common::Result<Lead> updateLead(const Lead& lead) override { return fakeUpdateLead(*this, lead); }
  std::optional<common::Error> deleteLead(const std::string& id) override {
    return fakeDeleteLead(*this, id);
  }
  common::Result<CallFlowRecord> updateCallFlow(const CallFlowRecord& flow) override {
    return fakeUpdateCallFlow(*this, flow);
  }
  std::optional<common::Error> deleteCallFlow(const std::string& id) override {
    return fakeDeleteCallFlow(*this, id);
  }
  common::Result<GroupRecord> updateGroup(const GroupRecord& group) override {
    return fakeUpdateGroup(*this, group);
  }
  std::optional<common::Error> deleteGroup(const std::string& id) override {
    return fakeDeleteGroup(*this, id);
  }
  common::Result<ApiToken> createToken(const ApiToken& token) override {
    return fakeCreateToken(*this, token);
  }
  std::optional<common::Error> touchToken(const std::string& id, EpochMs at) override {
    return fakeTouchToken(*this, id, at);
  }
  std::optional<common::Error> revokeToken(const std::string& id, EpochMs at) override {
    return fakeRevokeToken(*this, id, at);
  }
  common::Result<Webhook> createWebhook(const Webhook& webhook) override {
    return fakeCreateWebhook(*this, webhook);
  }
  common::Result<Webhook> updateWebhook(const Webhook& webhook) override {
    return fakeUpdateWebhook(*this, webhook);
  }
  std::optional<common::Error> deleteWebhook(const std::string& id) override {
    return fakeDeleteWebhook(*this, id);
  }
  common::Result<WebhookDelivery> createDelivery(const WebhookDelivery& delivery) override {
    return fakeCreateDelivery(*this, delivery);
  }
  std::optional<common::Error> updateDelivery(const WebhookDelivery& delivery) override {
    return fakeUpdateDelivery(*this, delivery);
  }
  common::Result<LeadException> resolveLeadException(const std::string& id, const std::string& byUserId,
                                                     EpochMs at) override {
    return fakeResolveLeadException(*this, id, byUserId, at);
  }
  common::Result<CallRecord> logCall(const CallLog& log) override {
    return fakeLogCall(calls, org ? org->settings : nlohmann::json::object(), log, logTime);
  }

  // --- call path: held until the test completes them ---
  bool callStarted(const CallRecord& call, Completion done) override {
    return hold("callStarted " + call.id, [this, call] { calls[call.id].call = call; }, done);
  }
  bool offerCreated(const OfferRecord& offer, Completion done) override {
    return hold("offerCreated " + offer.id,
                [this, offer] { calls[offer.callId].offers.push_back(offer); }, done);
  }
  bool offerUpdated(const OfferUpdate& u, Completion done) override {
    return hold("offerUpdated " + u.offerId, [this, u] { fakeApplyOfferUpdate(*this, u); }, done);
  }
  bool callAnswered(const std::string& callId, const std::string& userId, EpochMs at,
                    Completion done) override {
    return hold("callAnswered " + callId,
                [this, callId, userId, at] { fakeApplyAnswer(*this, callId, userId, at); }, done);
  }
  bool callEnded(const CallEnd& end, Completion done) override {
    return hold("callEnded " + end.callId, [this, end] { fakeApplyEnd(*this, end); }, done);
  }
  bool traceAppend(const TraceEntry& entry, Completion done) override {
    return hold("traceAppend " + entry.callId, [this, entry] { fakeAppendTrace(*this, entry); },
                done);
  }
  bool claimCall(const std::string& callId, const std::string& offerId, const std::string& userId,
                 EpochMs at, ClaimCompletion done) override;
  bool availabilityChanged(const std::string& userId, Availability availability,
                           const std::string& reason, Completion done) override {
    return holdChecked(
        "availabilityChanged " + userId,
        [this, userId, availability, reason] {
          return fakeSetAvailability(*this, userId, availability, reason);
        },
        std::move(done));
  }
  bool leadCreated(const Lead& lead, Completion done) override {
    return holdChecked(
        "leadCreated " + lead.id, [this, lead] { return fakeInsertLead(*this, lead); },
        std::move(done));
  }
  bool leadAssigned(const std::string& leadId, const std::string& userId, bool onlyIfUnowned,
                    Completion done) override {
    return holdChecked(
        "leadAssigned " + leadId,
        [this, leadId, userId, onlyIfUnowned] {
          return fakeAssignLead(*this, leadId, userId, onlyIfUnowned);
        },
        std::move(done));
  }
  bool callLeadSet(const std::string& callId, const std::string& leadId, Completion done) override {
    return holdChecked("callLeadSet " + callId,
                       [this, callId, leadId] { return fakeSetCallLead(*this, callId, leadId); },
                       std::move(done));
  }
  bool missedCall(const MissedCall& missed, Completion done) override {
    return holdChecked("missedCall " + missed.callId,
                       [this, missed] { return fakeApplyMissedCall(*this, missed); },
                       std::move(done));
  }
  bool followUpsClosed(const std::string& callerE164, const std::optional<std::string>& leadId,
                       const std::string& callId, EpochMs at, Completion done) override {
    return hold(
        "followUpsClosed " + callerE164,
        [this, callerE164, leadId, callId, at] {
          fakeCloseFollowUps(*this, callerE164, leadId, callId, at);
        },
        std::move(done));
  }
  bool voicemailStored(const Voicemail& voicemail, Completion done) override {
    return holdChecked("voicemailStored " + voicemail.callId,
                       [this, voicemail] { return fakeStoreVoicemail(*this, voicemail); },
                       std::move(done));
  }
  // Stamped when held (an empty id "application-<n>", createdAt `now` when 0), as the real
  // stores stamp them when queued.
  bool applicationCreated(const Application& application, Completion done) override {
    Application stored = application;
    stamp(stored, "application");
    return holdChecked("applicationCreated " + stored.leadId,
                       [this, stored] { return fakeCreateApplication(*this, stored); }, std::move(done));
  }
  bool leadExceptionRaised(const LeadException& exception, Completion done) override {
    LeadException stored = exception;
    stamp(stored, "lead-exception");
    return holdChecked("leadExceptionRaised " + stored.leadId,
                       [this, stored] { return fakeRaiseLeadException(*this, stored); }, std::move(done));
  }
  void flush() override { completeAll(); }

  common::Result<int> closeInterruptedCalls(EpochMs at) override {
    int closed = 0;
    for (auto& [id, detail] : calls) {
      if (detail.call.endedAt) continue;
      fakeApplyEnd(*this, CallEnd{id, CallStatus::Interrupted, "server restarted", at});
      ++closed;
    }
    return closed;
  }

private:
  template <typename T> static Found<T> copyOf(const T* found) {
    if (!found) return std::optional<T>{};
    return std::optional<T>{*found};
  }
  template <typename T, typename Pred>
  static Found<T> findIn(const std::vector<T>& items, Pred pred) {
    auto it = std::find_if(items.begin(), items.end(), pred);
    if (it == items.end()) return std::optional<T>{};
    return std::optional<T>{*it};
  }
  template <typename T>
  common::Result<T> add(std::vector<T>& items, const T& item, const std::string& kind) {
    T stored = item;
    stamp(stored, kind);
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

  PendingWrite takeNext() {
    PendingWrite w = std::move(pending.front());
    pending.pop_front();
    return w;
  }
};

inline common::Result<std::vector<CallRecord>> FakeStore::listCalls(const CallPage& page) {
  std::vector<CallRecord> all;
  for (const auto& [id, detail] : calls)
    all.push_back(detail.call);
  std::sort(all.begin(), all.end(), [](const CallRecord& a, const CallRecord& b) {
    return std::tie(b.startedAt, b.id) < std::tie(a.startedAt, a.id);
  });
  std::vector<CallRecord> rows;
  for (const CallRecord& c : all) {
    const bool older = !page.beforeStartedAt ||
                       std::tie(c.startedAt, c.id) < std::tie(*page.beforeStartedAt, page.beforeId);
    if (older && static_cast<int>(rows.size()) < page.limit) rows.push_back(c);
  }
  return rows;
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
        return fakeApplyClaim(*this, callId, offerId, userId, at, *won);
      },
      std::move(report));
}

} // namespace sb::store::testing

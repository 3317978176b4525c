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
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.hpp"

namespace sb::store::testing {

class FakeStore final : public Store {
public:
  // A write waiting to be "committed": `what` names it ("callStarted c1") for assertions.
  struct PendingWrite {
    std::string what;
    std::function<void()> apply;
    Completion done;
  };

  // --- controls ---
  // Applies the oldest pending write and runs its completion with success.
  void completeNext() {
    PendingWrite w = takeNext();
    w.apply();
    if (w.done) w.done(Committed{});
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
  std::deque<PendingWrite> pending;
  bool refuseWrites = false; // simulates a full write queue

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

  bool hold(std::string what, std::function<void()> apply, Completion done) {
    if (refuseWrites) return false;
    pending.push_back(PendingWrite{std::move(what), std::move(apply), std::move(done)});
    return true;
  }

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

} // namespace sb::store::testing

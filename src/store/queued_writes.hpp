#pragma once
// QueuedWrites: the call-path half of Store, written once for every backend. SqliteStore and
// PostgresStore queue the same writes with the same checks and differ only in the SQL, so
// each override here builds the operation and hands it to the backend's `submit`; the
// write functions (insertCall, claimOpenCall, ...) are called unqualified and found by
// argument-dependent lookup in the namespace of `Connection` (sqlite:: or postgres::).
//
// A backend derives as `class SqliteStore final : public QueuedWrites<SqliteStore,
// Connection, Done>`, befriends the base and provides, privately:
//   bool submit(std::function<common::Result<Done>(Connection&)> op, Completion done);
//   EpochMs nowMs() const;
//   common::Result<Done> inTransaction(const std::function<common::Result<Done>(Connection&)>&);
//   std::unique_ptr<Writer> writer_;
// Because the write functions are only visible where the backend's write headers are
// included, the backend's header declares `extern template class QueuedWrites<...>` and its
// source file, which includes them, holds the one explicit instantiation.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/log.hpp"
#include "common/result.hpp"
#include "store/id.hpp"
#include "store/lead_exceptions.hpp"
#include "store/records.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace sb::store {

template <typename Derived, typename Connection, typename Done> class QueuedWrites : public Store {
public:
  bool callStarted(const CallRecord& call, Completion done) override;
  bool offerCreated(const OfferRecord& offer, Completion done) override;
  bool offerUpdated(const OfferUpdate& update, Completion done) override;
  bool callAnswered(const std::string& callId, const std::string& userId, EpochMs at,
                    Completion done) override;
  bool callEnded(const CallEnd& end, Completion done) override;
  bool traceAppend(const TraceEntry& entry, Completion done) override;
  bool claimCall(const std::string& callId, const std::string& offerId, const std::string& userId,
                 EpochMs at, ClaimCompletion done) override;
  bool availabilityChanged(const std::string& userId, Availability availability,
                           const std::string& reason, Completion done) override;
  bool leadCreated(const Lead& lead, Completion done) override;
  bool leadAssigned(const std::string& leadId, const std::string& userId, bool onlyIfUnowned,
                    Completion done) override;
  bool callLeadSet(const std::string& callId, const std::string& leadId, Completion done) override;
  void flush() override;
  common::Result<int> closeInterruptedCalls(EpochMs now) override;
  bool missedCall(const MissedCall& missed, Completion done) override;
  bool followUpsClosed(const std::string& callerE164, const std::optional<std::string>& leadId,
                       const std::string& callId, EpochMs at, Completion done) override;
  bool voicemailStored(const Voicemail& voicemail, Completion done) override;
  bool applicationCreated(const Application& application, Completion done) override;
  bool leadExceptionRaised(const LeadException& exception, Completion done) override;

private:
  Derived& backend() { return static_cast<Derived&>(*this); }
};

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::callStarted(const CallRecord& call, Completion done) {
  return backend().submit([call](Connection& c) { return insertCall(c, call); }, std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::offerCreated(const OfferRecord& offer,
                                                           Completion done) {
  return backend().submit([offer](Connection& c) { return insertOffer(c, offer); },
                          std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::offerUpdated(const OfferUpdate& update,
                                                           Completion done) {
  return backend().submit([update](Connection& c) { return updateOffer(c, update); },
                          std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::callAnswered(const std::string& callId,
                                                           const std::string& userId, EpochMs at,
                                                           Completion done) {
  return backend().submit(
      [callId, userId, at](Connection& c) { return markAnswered(c, callId, userId, at); },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::callEnded(const CallEnd& end, Completion done) {
  return backend().submit([end](Connection& c) { return markEnded(c, end); }, std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::traceAppend(const TraceEntry& entry,
                                                          Completion done) {
  return backend().submit([entry](Connection& c) { return appendTrace(c, entry); },
                          std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::claimCall(const std::string& callId,
                                                        const std::string& offerId,
                                                        const std::string& userId, EpochMs at,
                                                        ClaimCompletion done) {
  // The writer reports only whether the write committed; whether the claim won rides
  // from the operation (writer thread) to the completion, which runs after it.
  auto won = std::make_shared<bool>(false);
  Completion report;
  if (done) {
    report = [won, done = std::move(done)](WriteOutcome outcome) {
      if (!outcome) return done(outcome.error());
      done(*won);
    };
  }
  return backend().submit(
      [won, callId, offerId, userId, at](Connection& c) -> common::Result<Done> {
        auto claimed = claimOpenCall(c, callId, offerId, userId, at);
        if (!claimed) return claimed.error();
        *won = *claimed;
        return Done{};
      },
      std::move(report));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::availabilityChanged(const std::string& userId,
                                                                  Availability availability,
                                                                  const std::string& reason,
                                                                  Completion done) {
  return backend().submit(
      [userId, availability, reason](Connection& c) {
        return setAvailability(c, userId, availability, reason);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::leadCreated(const Lead& lead, Completion done) {
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones);
  if (stored.createdAt == 0) stored.createdAt = backend().nowMs();
  return backend().submit(
      [stored](Connection& c) -> common::Result<Done> {
        if (stored.id.empty()) return common::makeError("a lead needs an id (store::newId)", 400);
        if (!stored.attributes.is_object()) {
          return common::makeError("lead attributes must be a JSON object", 400);
        }
        return insertLead(c, stored);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::leadAssigned(const std::string& leadId,
                                                           const std::string& userId,
                                                           bool onlyIfUnowned, Completion done) {
  return backend().submit(
      [leadId, userId, onlyIfUnowned, at = backend().nowMs()](Connection& c) {
        return assignLead(c, leadId, userId, onlyIfUnowned, at);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::callLeadSet(const std::string& callId,
                                                          const std::string& leadId,
                                                          Completion done) {
  return backend().submit(
      [callId, leadId](Connection& c) { return setCallLead(c, callId, leadId); }, std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::missedCall(const MissedCall& missed,
                                                         Completion done) {
  const std::string followUpId = newId(missed.at);
  return backend().submit(
      [missed, followUpId](Connection& c) -> common::Result<Done> {
        // Nobody can call back a withheld number: there is nothing to follow up.
        if (missed.callerE164.empty()) {
          return common::makeError("a follow-up needs the caller's number", 400);
        }
        if (missed.reason != "missed" && missed.reason != "voicemail") {
          return common::makeError("follow-up reason must be missed or voicemail", 400);
        }
        return upsertMissedCall(c, missed, followUpId);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::followUpsClosed(
    const std::string& callerE164, const std::optional<std::string>& leadId,
    const std::string& callId, EpochMs at, Completion done) {
  return backend().submit(
      [callerE164, leadId, callId, at](Connection& c) {
        return closeFollowUps(c, callerE164, leadId, callId, at);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::voicemailStored(const Voicemail& voicemail,
                                                              Completion done) {
  Voicemail stored = voicemail;
  if (stored.createdAt == 0) stored.createdAt = backend().nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  return backend().submit(
      [stored](Connection& c) -> common::Result<Done> {
        if (stored.path.empty()) return common::makeError("a voicemail needs its recording", 400);
        return insertVoicemail(c, stored);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::applicationCreated(const Application& application,
                                                                 Completion done) {
  Application stored = application;
  if (stored.createdAt == 0) stored.createdAt = backend().nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  return backend().submit(
      [stored](Connection& c) -> common::Result<Done> {
        if (auto bad = checkApplication(stored)) return *bad;
        return insertApplication(c, stored);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
bool QueuedWrites<Derived, Connection, Done>::leadExceptionRaised(const LeadException& exception,
                                                                  Completion done) {
  LeadException stored = exception;
  if (stored.createdAt == 0) stored.createdAt = backend().nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  stored.resolvedAt.reset(); // raised open; only resolving closes it
  stored.resolvedByUserId.reset();
  return backend().submit(
      [stored](Connection& c) -> common::Result<Done> {
        if (auto bad = checkLeadException(stored)) return *bad;
        return insertLeadException(c, stored);
      },
      std::move(done));
}

template <typename Derived, typename Connection, typename Done>
void QueuedWrites<Derived, Connection, Done>::flush() {
  backend().writer_->flush();
}

template <typename Derived, typename Connection, typename Done>
common::Result<int> QueuedWrites<Derived, Connection, Done>::closeInterruptedCalls(EpochMs now) {
  int closed = 0;
  auto s = backend().inTransaction([&](Connection& c) -> common::Result<Done> {
    auto n = closeOpenCalls(c, now);
    if (!n) return n.error();
    closed = *n;
    return Done{};
  });
  if (!s) return s.error();
  if (closed > 0) SB_LOG_WARN("store: closed {} call(s) left open by a previous run", closed);
  return closed;
}

} // namespace sb::store

#include "server/store_call_log.hpp"

#include "api/auth/metrics.hpp"
#include "common/log.hpp"
#include "server/event_feed.hpp"
#include "server/transfer_json.hpp"
#include "store/id.hpp"

#include <chrono>

namespace sb::server {

namespace {

store::CallStatus toStore(calls::CallStatus s) {
  switch (s) {
  case calls::CallStatus::Ringing: return store::CallStatus::Ringing;
  case calls::CallStatus::Connected: return store::CallStatus::Connected;
  case calls::CallStatus::Completed: return store::CallStatus::Completed;
  case calls::CallStatus::NoAnswer: return store::CallStatus::NoAnswer;
  case calls::CallStatus::Busy: return store::CallStatus::Busy;
  case calls::CallStatus::Cancelled: return store::CallStatus::Cancelled;
  case calls::CallStatus::Failed: return store::CallStatus::Failed;
  case calls::CallStatus::Voicemail: return store::CallStatus::Voicemail;
  }
  return store::CallStatus::Failed;
}

store::OfferStatus toStore(calls::OfferStatus s) {
  switch (s) {
  case calls::OfferStatus::Ringing: return store::OfferStatus::Ringing;
  case calls::OfferStatus::Accepted: return store::OfferStatus::Accepted;
  case calls::OfferStatus::Declined: return store::OfferStatus::Declined;
  case calls::OfferStatus::NoAnswer: return store::OfferStatus::NoAnswer;
  case calls::OfferStatus::Cancelled: return store::OfferStatus::Cancelled;
  case calls::OfferStatus::TakenByOther: return store::OfferStatus::TakenByOther;
  case calls::OfferStatus::Failed: return store::OfferStatus::Failed;
  }
  return store::OfferStatus::Failed;
}

store::Completion committedAs(std::function<void(bool)> committed) {
  return [committed = std::move(committed)](store::WriteOutcome outcome) {
    if (!outcome.ok()) SB_LOG_ERROR("store: write failed: {}", outcome.error().message);
    committed(outcome.ok());
  };
}

} // namespace

store::Completion StoreCallLog::report(const char* what, std::function<void()> committed) {
  return [this, what, committed = std::move(committed)](store::WriteOutcome outcome) {
    if (outcome.ok()) {
      if (committed) committed();
      return;
    }
    ++failed_;
    SB_LOG_ERROR("store: {} failed: {}", what, outcome.error().message);
  };
}

void StoreCallLog::callStarted(const calls::CallStarted& call, std::function<void(bool ok)> committed) {
  store::CallRecord record;
  record.id = call.callId;
  switch (call.direction) {
  case calls::CallDirection::Inbound: record.direction = store::CallDirection::Inbound; break;
  case calls::CallDirection::Outbound: record.direction = store::CallDirection::Outbound; break;
  case calls::CallDirection::Distribution: record.direction = store::CallDirection::Distribution; break;
  }
  record.numberE164 = call.numberE164;
  record.callerE164 = call.callerE164;
  record.startedAt = call.startedAtMs;
  record.leadId = call.leadId;
  record.status = store::CallStatus::Ringing;
  auto submitted = std::chrono::steady_clock::now();
  auto published = [this, record, submitted, committed = std::move(committed)](bool ok) {
    if (ok && commitSeconds_)
      commitSeconds_->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - submitted).count());
    if (ok && events_) events_->callStarted(record);
    committed(ok);
  };
  if (!db_.callStarted(record, committedAs(published))) {
    SB_LOG_ERROR("store: write queue full; refusing call {}", call.callId);
    published(false);
  }
}

void StoreCallLog::offerCreated(const std::string& offerId, const std::string& callId, const std::string& userId,
                                const std::string& transferredBy, std::int64_t atMs) {
  store::OfferRecord offer;
  offer.id = offerId;
  offer.callId = callId;
  offer.userId = userId;
  offer.createdAt = atMs;
  if (!transferredBy.empty()) offer.transferredByUserId = transferredBy;
  auto published = [this, offer] {
    if (events_)
      events_->offerCreated(offer.id, offer.callId, offer.userId, offer.createdAt,
                            offer.transferredByUserId.value_or(""));
  };
  if (!db_.offerCreated(offer, report("offer created", published))) ++failed_;
}

void StoreCallLog::offerEnded(const std::string& offerId, calls::OfferStatus status, const std::string& reason,
                              std::int64_t atMs) {
  store::OfferUpdate update{offerId, toStore(status), atMs, reason};
  auto published = [this, update] {
    if (events_) events_->offerEnded(update.offerId, update.status, update.reason);
  };
  if (!db_.offerUpdated(update, report("offer update", published))) ++failed_;
}

void StoreCallLog::claimAnswer(const std::string& callId, const std::string& offerId, const std::string& userId,
                               std::int64_t atMs, std::function<void(calls::ClaimOutcome)> decided) {
  auto done = [this, decided, callId, userId, atMs](common::Result<bool> won) {
    if (!won.ok()) {
      SB_LOG_ERROR("store: claim failed: {}", won.error().message);
      decided(calls::ClaimOutcome::Failed);
      return;
    }
    if (*won && events_) events_->callAccepted(callId, userId, atMs);
    decided(*won ? calls::ClaimOutcome::Won : calls::ClaimOutcome::Lost);
  };
  if (!db_.claimCall(callId, offerId, userId, atMs, done)) decided(calls::ClaimOutcome::Failed);
}

void StoreCallLog::callEnded(const std::string& callId, calls::CallStatus status, const std::string& reason,
                             std::int64_t atMs) {
  store::CallEnd end{callId, toStore(status), reason, atMs};
  auto published = [this, end] {
    if (events_) events_->callEnded(end);
  };
  if (!db_.callEnded(end, report("call end", published))) ++failed_;
}

void StoreCallLog::trace(const std::string& callId, const std::string& userId, const std::string& action,
                         const std::string& reason, std::int64_t atMs) {
  store::TraceEntry entry;
  entry.callId = callId;
  entry.at = atMs;
  if (!userId.empty()) entry.userId = userId;
  entry.action = action;
  entry.reason = reason;
  if (!db_.traceAppend(entry, report("trace"))) ++failed_;
}

void StoreCallLog::transfer(const calls::TransferNotice& notice, std::int64_t atMs) {
  // the trace says what happened; R-27: the event follows once that is stored.
  store::TraceEntry entry;
  entry.callId = notice.callId;
  entry.at = atMs;
  entry.reason = notice.detail;
  std::function<void()> published;
  auto target = transferTargetJson(notice.target);
  switch (notice.kind) {
  case calls::TransferNotice::Kind::Started:
    entry.action = "transfer";
    entry.userId = notice.byUserId;
    published = [this, notice, target] {
      if (events_) events_->transferStarted(notice.callId, notice.byUserId, target);
    };
    break;
  case calls::TransferNotice::Kind::Accepted:
    entry.action = "transfer_accepted";
    if (!notice.toUserId.empty()) entry.userId = notice.toUserId;
    published = [this, notice, atMs] {
      if (events_)
        events_->transferred(notice.callId, notice.fromUserId, notice.toUserId,
                             notice.toUserId.empty() ? notice.target.number : "", atMs);
    };
    break;
  case calls::TransferNotice::Kind::Failed:
    entry.action = "transfer_failed";
    entry.userId = notice.byUserId;
    published = [this, notice, target] {
      if (events_) events_->transferFailed(notice.callId, notice.byUserId, target, notice.outcome);
    };
    break;
  }
  if (entry.userId && entry.userId->empty()) entry.userId.reset();
  if (!db_.traceAppend(entry, report("trace", published))) ++failed_;
}

void StoreCallLog::voicemailLeft(const std::string& callId, const std::optional<std::string>& leadId,
                                 const std::string& path, std::int64_t durationMs, std::int64_t atMs) {
  store::Voicemail voicemail;
  voicemail.id = store::newId(atMs); // chosen here so that the event names it too
  voicemail.callId = callId;
  voicemail.leadId = leadId;
  voicemail.path = path;
  voicemail.durationMs = static_cast<int>(durationMs);
  voicemail.createdAt = atMs;
  auto published = [this, voicemail] {
    if (events_) events_->voicemailLeft(voicemail);
  };
  if (!db_.voicemailStored(voicemail, report("voicemail", published))) ++failed_;
}

} // namespace sb::server

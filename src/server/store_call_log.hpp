#pragma once
// calls::CallLog on the store: the B2BUA's durable writes, group-committed by the
// store's writer; `committed` runs on the signalling loop after the commit.
#include "calls/ports.hpp"
#include "store/store.hpp"

namespace sb::server {

class EventFeed;
}
namespace sb::api::auth {
class Histogram;
}
namespace sb::server {

class StoreCallLog final : public calls::CallLog {
public:
  explicit StoreCallLog(store::Store& db) : db_(db) {}
  // each change, once committed, is also published as an event.
  void publishTo(EventFeed* events) { events_ = events; }
  // Observes how long a call's first write takes to commit (R-29: nobody rings before).
  void measureCommits(api::auth::Histogram* seconds) { commitSeconds_ = seconds; }
  void callStarted(const calls::CallStarted& call, std::function<void(bool ok)> committed) override;
  void offerCreated(const std::string& offerId, const std::string& callId, const std::string& userId,
                    const std::string& transferredBy, std::int64_t atMs) override;
  void offerEnded(const std::string& offerId, calls::OfferStatus status, const std::string& reason,
                  std::int64_t atMs) override;
  void claimAnswer(const std::string& callId, const std::string& offerId, const std::string& userId,
                   std::int64_t atMs, std::function<void(calls::ClaimOutcome)> decided) override;
  void callEnded(const std::string& callId, calls::CallStatus status, const std::string& reason,
                 std::int64_t atMs) override;
  void trace(const std::string& callId, const std::string& userId, const std::string& action,
             const std::string& reason, std::int64_t atMs) override;
  void voicemailLeft(const std::string& callId, const std::optional<std::string>& leadId, const std::string& path,
                     std::int64_t durationMs, std::int64_t atMs) override;
  void transfer(const calls::TransferNotice& notice, std::int64_t atMs) override;
  std::uint64_t failedWrites() const { return failed_; }

private:
  // Logs a failed write; runs `committed` after a successful one.
  store::Completion report(const char* what, std::function<void()> committed = {});
  store::Store& db_;
  EventFeed* events_ = nullptr;
  api::auth::Histogram* commitSeconds_ = nullptr;
  std::uint64_t failed_ = 0;
};

} // namespace sb::server

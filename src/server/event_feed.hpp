#pragma once
// every state change of the call path becomes an event, published once the change
// is durable (the call path calls these from its store completions). Events that need
// more than the change itself (the screen-pop summary of R-16, the full lead on
// acceptance, the call as stored at its end) are completed from the store on the feed's
// own thread, in order, so that the signalling loop never waits for a read.
#include "api/auth/metrics.hpp"
#include "api/events/event_hub.hpp"
#include "store/store.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <map>
#include <set>
#include <string>
#include <thread>

namespace sb::server {

class EventFeed {
public:
  // Offers are counted, and the time from a call's start to its acceptance observed.
  EventFeed(store::Store& db, api::events::EventHub& hub, api::auth::MetricsRegistry& metrics);
  ~EventFeed(); // publishes what is queued, then stops its thread

  void callStarted(const store::CallRecord& call);
  // `transferredBy`: the user who transferred the call, for a transfer's offer.
  void offerCreated(const std::string& offerId, const std::string& callId, const std::string& userId,
                    store::EpochMs at, const std::string& transferredBy = "");
  void offerEnded(const std::string& offerId, store::OfferStatus status, const std::string& reason);
  void callAccepted(const std::string& callId, const std::string& userId, store::EpochMs at);
  void callEnded(const store::CallEnd& end);
  void voicemailLeft(const store::Voicemail& voicemail);
  void followUpOpened(const store::MissedCall& missed);
  void followUpsClosed(const std::string& callerE164, const std::optional<std::string>& leadId,
                       const std::string& callId);
  void availabilityChanged(const std::string& userId, bool available, const std::string& reason);
  // `until` is when the cool-down ends; 0 when it ended (or none started).
  void coolDown(const std::string& userId, store::EpochMs until);
  void leadAssigned(const std::string& leadId, const std::string& userId);
  // a distributed lead nobody took (to admins), with the lead as stored.
  void leadException(const store::LeadException& exception);
  // a transfer started, was taken (`toUserId` empty for a number, `toName` then the
  // number) or failed; `target` as transfer_json.hpp shows it.
  void transferStarted(const std::string& callId, const std::string& byUserId, const nlohmann::json& target);
  void transferred(const std::string& callId, const std::string& fromUserId, const std::string& toUserId,
                   const std::string& toName, store::EpochMs at);
  void transferFailed(const std::string& callId, const std::string& byUserId, const nlohmann::json& target,
                      const std::string& reason);
  // Waits until everything queued so far is published (tests, shutdown).
  void drain();

private:
  struct Offer {
    std::string callId;
    std::string userId;
  };
  struct LiveCall {
    std::set<std::string> involved; // offered or answered: who hears about the call
    std::string answeredBy;
    store::EpochMs startedAt = 0;
  };
  template <typename Fn> void later(Fn&& fn);
  nlohmann::json offerSummary(const std::string& callId);
  std::string userName(const std::string& userId);

  store::Store& db_;
  api::events::EventHub& hub_;
  api::auth::Counter& offers_;
  api::auth::Histogram& answerSeconds_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  // Only touched on the feed's thread.
  std::map<std::string, Offer> ringing_;
  std::map<std::string, LiveCall> calls_;
  std::thread thread_;
};

} // namespace sb::server

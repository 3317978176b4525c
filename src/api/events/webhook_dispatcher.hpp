#pragma once
// WebhookDispatcher: sends every event to the webhooks that want it. Each event
// becomes one stored delivery per webhook (so that nothing is lost across a restart),
// POSTed signed (webhook_signature.hpp) and retried with exponential backoff until the
// receiver answers 2xx or the attempts run out. Deliveries and their status are in the
// store for the API to show.
#include "api/events/event.hpp"
#include "api/events/webhook_post.hpp"
#include "common/clock.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace sb::api::events {

struct WebhookOptions {
  common::Duration firstRetry{5'000}; // after the first failed attempt; doubles each time
  common::Duration maxRetry{3'600'000};
  int maxAttempts = 8; // then the delivery is Failed
  common::Duration requestTimeout{10'000};
  int maxInFlight = 16; // POSTs under way at once, over every webhook
};

// The wait after `attempts` failed attempts: firstRetry x 2^(attempts-1), at most maxRetry.
common::Duration retryDelay(const WebhookOptions& options, int attempts);

// Everything runs on `io`: the public calls post to it (even from the io thread, so that
// a publisher never waits on the store) and the store is only used from it. The counters
// may be read from any thread. Destroy it on the io thread or once io no longer runs.
class WebhookDispatcher {
public:
  // `tls` verifies https receivers; nullptr uses the system trust store.
  WebhookDispatcher(store::Store& db, boost::asio::io_context& io, const common::Clock& clock,
                    WebhookOptions options = {},
                    std::unique_ptr<boost::asio::ssl::context> tls = nullptr);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Loads the webhooks and starts sending, beginning with deliveries left pending.
  void start();
  // Re-reads the webhooks after the API changed them.
  void reload();
  // Stops sending; attempts under way are abandoned and stay pending for the next start.
  void stop();

  // Any thread (register it with EventHub::addListener).
  void onEvent(const std::shared_ptr<const Event>& event);

  // Deliveries that reached Delivered / Failed, and POSTs attempted, since construction.
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t failed() const { return failed_.load(); }
  std::uint64_t attempts() const { return attempts_.load(); }

private:
  // On io from here on.
  void loadWebhooks();
  void createDeliveries(const Event& event);
  void sweep();
  void attempt(store::WebhookDelivery delivery);
  void record(store::WebhookDelivery delivery, const WebhookPostOutcome& outcome);
  void giveUp(store::WebhookDelivery delivery, std::string reason);
  void save(const store::WebhookDelivery& delivery);
  void wakeAt(store::EpochMs at);
  bool hasRoom() const;
  store::EpochMs nowMs() const;
  // Runs `task` later on io, unless the dispatcher is gone by then.
  template <typename Task> void onIo(Task task);

  store::Store& db_;
  boost::asio::io_context& io_;
  const common::Clock& clock_;
  const WebhookOptions options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  // Handlers queued on io hold it weakly: once it is gone, they do nothing.
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);

  bool running_ = false;
  bool loaded_ = false;
  std::unordered_map<std::string, store::Webhook> webhooks_;               // by id
  std::unordered_map<std::string, std::shared_ptr<WebhookPost>> inFlight_; // by delivery id
  boost::asio::steady_timer timer_;
  std::optional<store::EpochMs> timerAt_; // when the armed timer fires, if armed

  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> attempts_{0};
};

} // namespace sb::api::events

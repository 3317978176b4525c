#include "api/events/webhook_dispatcher.hpp"

#include "api/events/webhook_signature.hpp"
#include "api/events/webhook_url.hpp"
#include "common/log.hpp"
#include "net/tls_context.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace sb::api::events {

namespace {

// How often the store is asked for due deliveries nobody here scheduled (those left from
// before a restart); retries scheduled here wake the dispatcher at their own time.
constexpr common::Duration kPollInterval{1'000};

bool wants(const store::Webhook& webhook, const std::string& eventType) {
  const auto& types = webhook.eventTypes;
  return types.empty() || std::find(types.begin(), types.end(), eventType) != types.end();
}

bool isSuccess(const WebhookPostOutcome& outcome) {
  return outcome.statusCode && *outcome.statusCode >= 200 && *outcome.statusCode < 300;
}

std::string describeFailure(const WebhookPostOutcome& outcome) {
  if (!outcome.statusCode) return outcome.error;
  const int code = *outcome.statusCode;
  std::string text = "the receiver answered " + std::to_string(code);
  if (code >= 300 && code < 400) text += " (redirects are not followed)";
  return text;
}

} // namespace

common::Duration retryDelay(const WebhookOptions& options, int attempts) {
  common::Duration delay = options.firstRetry;
  for (int i = 1; i < attempts && delay < options.maxRetry; ++i)
    delay *= 2;
  return std::min(delay, options.maxRetry);
}

WebhookDispatcher::WebhookDispatcher(store::Store& db, boost::asio::io_context& io,
                                     const common::Clock& clock, WebhookOptions options,
                                     std::unique_ptr<boost::asio::ssl::context> tls)
    : db_(db), io_(io), clock_(clock), options_(options),
      tls_(tls ? std::move(tls) : net::makeClientTlsContext(/*verifyPeer=*/true)), timer_(io) {}

WebhookDispatcher::~WebhookDispatcher() {
  alive_.reset(); // first, so that nothing cancelled below reports back
  for (auto& [id, post] : inFlight_)
    post->cancel();
}

template <typename Task> void WebhookDispatcher::onIo(Task task) {
  boost::asio::post(io_,
                    [alive = std::weak_ptr<const bool>(alive_), task = std::move(task)]() mutable {
                      if (alive.lock()) task();
                    });
}

void WebhookDispatcher::start() {
  onIo([this] {
    running_ = true;
    loadWebhooks();
    sweep();
  });
}

void WebhookDispatcher::reload() {
  onIo([this] { loadWebhooks(); });
}

void WebhookDispatcher::stop() {
  onIo([this] {
    running_ = false;
    timer_.cancel();
    timerAt_.reset();
    for (auto& [id, post] : inFlight_)
      post->cancel();
    inFlight_.clear();
  });
}

void WebhookDispatcher::onEvent(const std::shared_ptr<const Event>& event) {
  onIo([this, event] { createDeliveries(*event); });
}

void WebhookDispatcher::loadWebhooks() {
  auto webhooks = db_.listWebhooks();
  if (!webhooks) {
    SB_LOG_ERROR("webhooks: cannot load them: {}", webhooks.error().message);
    return;
  }
  webhooks_.clear();
  for (auto& webhook : *webhooks)
    webhooks_.emplace(webhook.id, std::move(webhook));
  loaded_ = true;
}

// Stored even while stopped, so that the next start sends them.
void WebhookDispatcher::createDeliveries(const Event& event) {
  if (!loaded_) loadWebhooks();
  const store::EpochMs now = nowMs();
  for (const auto& [id, webhook] : webhooks_) {
    if (!webhook.active || !wants(webhook, event.type)) continue;
    store::WebhookDelivery delivery;
    delivery.webhookId = webhook.id;
    delivery.eventId = event.id;
    delivery.eventType = event.type;
    delivery.payload = event.text;
    delivery.status = store::DeliveryStatus::Pending;
    delivery.nextAttemptAt = now;
    delivery.createdAt = now;
    auto created = db_.createDelivery(delivery);
    if (!created) {
      SB_LOG_ERROR("webhooks: cannot store event {} for webhook {}: {}", event.id, webhook.id,
                   created.error().message);
      continue;
    }
    if (running_ && hasRoom()) attempt(std::move(created.value()));
  }
}

void WebhookDispatcher::sweep() {
  if (!running_) return;
  if (hasRoom()) {
    // Those under way are still pending and due: ask for enough to find the others.
    auto due = db_.dueDeliveries(nowMs(), std::clamp(options_.maxInFlight, 1, 1'000));
    if (!due) {
      SB_LOG_ERROR("webhooks: cannot read due deliveries: {}", due.error().message);
    } else {
      for (auto& delivery : due.value()) {
        if (!hasRoom()) break;
        if (!inFlight_.contains(delivery.id)) attempt(std::move(delivery));
      }
    }
  }
  wakeAt(nowMs() + kPollInterval.count());
}

void WebhookDispatcher::attempt(store::WebhookDelivery delivery) {
  auto webhook = webhooks_.find(delivery.webhookId);
  if (webhook == webhooks_.end()) {
    auto found = db_.getWebhook(delivery.webhookId); // created since the last reload?
    if (!found) return; // the store is failing; the next sweep tries again
    if (!found.value()) return giveUp(std::move(delivery), "the webhook was deleted");
    webhook = webhooks_.emplace(delivery.webhookId, std::move(*found.value())).first;
  }
  if (!webhook->second.active) return giveUp(std::move(delivery), "the webhook is disabled");
  auto url = parseWebhookUrl(webhook->second.url);
  if (!url)
    return record(std::move(delivery),
                  WebhookPostOutcome{std::nullopt, "url: " + url.error().message});

  WebhookPostRequest request;
  request.url = std::move(url.value());
  request.timeout = options_.requestTimeout;
  request.body = delivery.payload;
  request.headers = {
      {"Content-Type", "application/json"},
      {"User-Agent", std::string(kWebhookUserAgent)},
      {std::string(kEventHeader), delivery.eventType},
      {std::string(kDeliveryHeader), delivery.id},
      {std::string(kSignatureHeader),
       signPayload(webhook->second.secret, nowMs() / 1000, delivery.payload)},
  };
  const std::string deliveryId = delivery.id;
  auto done = [this, alive = std::weak_ptr<const bool>(alive_),
               delivery = std::move(delivery)](WebhookPostOutcome outcome) mutable {
    if (!alive.lock()) return;
    inFlight_.erase(delivery.id);
    record(std::move(delivery), outcome);
    sweep();
  };
  inFlight_[deliveryId] = startWebhookPost(io_, *tls_, std::move(request), std::move(done));
}

void WebhookDispatcher::record(store::WebhookDelivery delivery, const WebhookPostOutcome& outcome) {
  ++attempts_;
  delivery.attempts += 1;
  delivery.lastStatusCode = outcome.statusCode;
  const store::EpochMs now = nowMs();
  if (isSuccess(outcome)) {
    delivery.status = store::DeliveryStatus::Delivered;
    delivery.deliveredAt = now;
    delivery.lastError.clear();
    ++delivered_;
  } else {
    delivery.lastError = describeFailure(outcome);
    if (delivery.attempts >= options_.maxAttempts) {
      delivery.status = store::DeliveryStatus::Failed;
      ++failed_;
      SB_LOG_WARN("webhooks: delivery {} failed after {} attempts: {}", delivery.id,
                  delivery.attempts, delivery.lastError);
    } else {
      delivery.nextAttemptAt = now + retryDelay(options_, delivery.attempts).count();
      wakeAt(delivery.nextAttemptAt);
    }
  }
  save(delivery);
}

void WebhookDispatcher::giveUp(store::WebhookDelivery delivery, std::string reason) {
  delivery.status = store::DeliveryStatus::Failed;
  delivery.lastError = std::move(reason);
  ++failed_;
  save(delivery);
}

void WebhookDispatcher::save(const store::WebhookDelivery& delivery) {
  if (auto error = db_.updateDelivery(delivery))
    SB_LOG_ERROR("webhooks: cannot store delivery {}: {}", delivery.id, error->message);
}

void WebhookDispatcher::wakeAt(store::EpochMs at) {
  if (!running_ || (timerAt_ && *timerAt_ <= at)) return;
  timerAt_ = at;
  timer_.expires_after(common::Duration{std::max<store::EpochMs>(0, at - nowMs())});
  timer_.async_wait(
      [this, alive = std::weak_ptr<const bool>(alive_)](boost::system::error_code ec) {
        if (ec || !alive.lock()) return;
        timerAt_.reset();
        sweep();
      });
}

bool WebhookDispatcher::hasRoom() const {
  return inFlight_.size() < static_cast<std::size_t>(std::max(options_.maxInFlight, 1));
}

store::EpochMs WebhookDispatcher::nowMs() const {
  return common::toEpochMs(clock_.wallNow());
}

} // namespace sb::api::events

#include "api/events/event_hub.hpp"
#include "api/events/webhook_dispatcher.hpp"
#include "api/events/webhook_signature.hpp"
#include "unit/api/events/webhook_receiver.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>

namespace sb::api::events {
namespace {

using std::chrono::milliseconds;
using testing::runUntil;
using testing::WebhookReceiver;

const Audience kEveryone{true, {}};
const std::string kSecret = "whsec_test_0123456789";

// Fast retries so that the retry tests take milliseconds.
WebhookOptions quick(int maxAttempts = 8) {
  WebhookOptions options;
  options.firstRetry = milliseconds{5};
  options.maxRetry = milliseconds{20};
  options.maxAttempts = maxAttempts;
  options.requestTimeout = milliseconds{2'000};
  return options;
}

class WebhookDispatcherTest : public ::testing::Test {
protected:
  boost::asio::io_context io;
  store::testing::FakeStore db;
  common::SystemClock clock;
  EventHub hub{clock};
  WebhookReceiver receiver{io};

  store::Webhook addWebhook(const std::string& url, std::vector<std::string> types = {},
                            bool active = true) {
    store::Webhook webhook;
    webhook.url = url;
    webhook.secret = kSecret;
    webhook.eventTypes = std::move(types);
    webhook.active = active;
    auto created = db.createWebhook(webhook);
    EXPECT_TRUE(created.ok());
    return created.ok() ? created.value() : webhook;
  }
  std::unique_ptr<WebhookDispatcher> dispatcher(WebhookOptions options) {
    auto made = std::make_unique<WebhookDispatcher>(db, io, clock, options);
    hub.addListener(
        [d = made.get()](const std::shared_ptr<const Event>& event) { d->onEvent(event); });
    return made;
  }
  const store::WebhookDelivery& onlyDelivery() {
    EXPECT_EQ(db.deliveries.size(), 1u);
    return db.deliveries.front();
  }
};

TEST(RetryDelay, DoublesFromTheFirstRetryUpToTheCap) {
  WebhookOptions options; // 5 s first, 1 h cap
  EXPECT_EQ(retryDelay(options, 1), milliseconds{5'000});
  EXPECT_EQ(retryDelay(options, 2), milliseconds{10'000});
  EXPECT_EQ(retryDelay(options, 4), milliseconds{40'000});
  EXPECT_EQ(retryDelay(options, 10), milliseconds{2'560'000});
  EXPECT_EQ(retryDelay(options, 11), milliseconds{3'600'000});
  EXPECT_EQ(retryDelay(options, 1'000'000), milliseconds{3'600'000});
}

TEST_F(WebhookDispatcherTest, DeliversTheEventSignedToTheReceiver) {
  auto webhook = addWebhook(receiver.url("/hooks/crm?team=west"));
  auto webhooks = dispatcher(quick());
  webhooks->start();
  auto event = hub.publish("call.ended", kEveryone, {{"call_id", "c1"}});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));

  ASSERT_EQ(receiver.requests.size(), 1u);
  const auto& request = receiver.requests[0];
  EXPECT_EQ(request.method(), testing::bhttp::verb::post);
  EXPECT_EQ(request.target(), "/hooks/crm?team=west");
  EXPECT_EQ(request.body(), event->text);
  EXPECT_EQ(request["Content-Type"], "application/json");
  EXPECT_EQ(request["User-Agent"], "Switchboard-Webhooks/1");
  EXPECT_EQ(request["Switchboard-Event"], "call.ended");
  EXPECT_TRUE(verifySignature(request["Switchboard-Signature"], kSecret, request.body(),
                              clock.wallNow(), std::chrono::seconds(60)))
      << request["Switchboard-Signature"];
  EXPECT_FALSE(verifySignature(request["Switchboard-Signature"], "whsec_wrong", request.body(),
                               clock.wallNow(), std::chrono::seconds(60)));

  const auto& delivery = onlyDelivery();
  EXPECT_EQ(request["Switchboard-Delivery"], delivery.id);
  EXPECT_EQ(delivery.webhookId, webhook.id);
  EXPECT_EQ(delivery.eventId, event->id);
  EXPECT_EQ(delivery.eventType, "call.ended");
  EXPECT_EQ(delivery.payload, event->text);
  EXPECT_EQ(delivery.status, store::DeliveryStatus::Delivered);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.lastStatusCode, 200);
  EXPECT_TRUE(delivery.deliveredAt.has_value());
  EXPECT_EQ(webhooks->attempts(), 1u);
  EXPECT_EQ(webhooks->failed(), 0u);
}

TEST_F(WebhookDispatcherTest, OnlyActiveWebhooksThatWantTheTypeGetADelivery) {
  auto endedOnly = addWebhook(receiver.url("/ended"), {"call.ended"});
  auto everything = addWebhook(receiver.url("/all"));
  addWebhook(receiver.url("/disabled"), {}, /*active=*/false);
  auto webhooks = dispatcher(quick());
  webhooks->start();

  hub.publish("call.offered", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));
  ASSERT_EQ(db.deliveries.size(), 1u);
  EXPECT_EQ(db.deliveries[0].webhookId, everything.id);

  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 3; }));
  ASSERT_EQ(db.deliveries.size(), 3u);
  std::vector<std::string> targets;
  for (const auto& request : receiver.requests)
    targets.emplace_back(request.target());
  std::sort(targets.begin(), targets.end());
  EXPECT_EQ(targets, (std::vector<std::string>{"/all", "/all", "/ended"}));
  EXPECT_TRUE(db.deliveries[1].webhookId == endedOnly.id ||
              db.deliveries[2].webhookId == endedOnly.id);
}

TEST_F(WebhookDispatcherTest, RetriesAfterServerErrorsUntilTheReceiverAccepts) {
  receiver.answers = {500, 503};
  addWebhook(receiver.url());
  auto webhooks = dispatcher(quick());
  webhooks->start();
  hub.publish("lead.assigned", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));

  ASSERT_EQ(receiver.requests.size(), 3u);
  const auto& delivery = onlyDelivery();
  for (const auto& request : receiver.requests) {
    EXPECT_EQ(request["Switchboard-Delivery"], delivery.id); // the same delivery each time
    EXPECT_TRUE(verifySignature(request["Switchboard-Signature"], kSecret, request.body(),
                                clock.wallNow(), std::chrono::seconds(60)));
  }
  EXPECT_EQ(delivery.status, store::DeliveryStatus::Delivered);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(delivery.lastStatusCode, 200);
  EXPECT_EQ(webhooks->attempts(), 3u);
}

TEST_F(WebhookDispatcherTest, AFailedAttemptIsRecordedWithItsNextTime) {
  receiver.answers = {500};
  addWebhook(receiver.url());
  WebhookOptions slow = quick();
  slow.firstRetry = milliseconds{60'000}; // far enough not to happen during the test
  slow.maxRetry = milliseconds{3'600'000};
  auto webhooks = dispatcher(slow);
  webhooks->start();
  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->attempts() == 1; }));
  const auto& delivery = onlyDelivery();
  EXPECT_EQ(delivery.status, store::DeliveryStatus::Pending);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.lastStatusCode, 500);
  EXPECT_EQ(delivery.lastError, "the receiver answered 500");
  const auto now = common::toEpochMs(clock.wallNow());
  EXPECT_GT(delivery.nextAttemptAt, now + 55'000);
  EXPECT_LE(delivery.nextAttemptAt, now + 60'000);
}

TEST_F(WebhookDispatcherTest, ARefusedConnectionIsRetriedThenFailed) {
  addWebhook("http://127.0.0.1:" + std::to_string(testing::closedPort(io)) + "/hook");
  auto webhooks = dispatcher(quick(/*maxAttempts=*/3));
  webhooks->start();
  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->failed() == 1; }));
  const auto& delivery = onlyDelivery();
  EXPECT_EQ(delivery.status, store::DeliveryStatus::Failed);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_FALSE(delivery.lastStatusCode.has_value());
  EXPECT_NE(delivery.lastError.find("connect"), std::string::npos) << delivery.lastError;
  EXPECT_EQ(webhooks->attempts(), 3u);
  EXPECT_EQ(webhooks->delivered(), 0u);
}

TEST_F(WebhookDispatcherTest, RedirectsAreFailuresAndNotFollowed) {
  WebhookReceiver elsewhere(io);
  receiver.answers = {302};
  receiver.location = elsewhere.url();
  addWebhook(receiver.url());
  auto webhooks = dispatcher(quick(/*maxAttempts=*/1));
  webhooks->start();
  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->failed() == 1; }));
  EXPECT_EQ(receiver.requests.size(), 1u);
  EXPECT_TRUE(elsewhere.requests.empty());
  const auto& delivery = onlyDelivery();
  EXPECT_EQ(delivery.status, store::DeliveryStatus::Failed);
  EXPECT_EQ(delivery.lastStatusCode, 302);
  EXPECT_NE(delivery.lastError.find("redirects are not followed"), std::string::npos);
}

TEST_F(WebhookDispatcherTest, ASilentReceiverTimesOut) {
  receiver.silent = true;
  addWebhook(receiver.url());
  WebhookOptions options = quick(/*maxAttempts=*/1);
  options.requestTimeout = milliseconds{100};
  auto webhooks = dispatcher(options);
  webhooks->start();
  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->failed() == 1; }));
  EXPECT_EQ(receiver.requests.size(), 1u);
  EXPECT_EQ(onlyDelivery().lastError, "timed out");
}

TEST_F(WebhookDispatcherTest, DeliveriesLeftPendingBeforeARestartAreSentAfterStart) {
  auto webhook = addWebhook(receiver.url());
  store::WebhookDelivery left;
  left.webhookId = webhook.id;
  left.eventId = 42;
  left.eventType = "call.ended";
  left.payload = R"({"id":42,"type":"call.ended","at":"2023-11-14T22:13:20.000Z","data":{}})";
  left.attempts = 2;
  left.nextAttemptAt = common::toEpochMs(clock.wallNow()) - 1'000;
  ASSERT_TRUE(db.createDelivery(left).ok());

  auto webhooks = dispatcher(quick());
  webhooks->start();
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));
  ASSERT_EQ(receiver.requests.size(), 1u);
  EXPECT_EQ(receiver.requests[0].body(), left.payload);
  EXPECT_EQ(onlyDelivery().attempts, 3);
  EXPECT_EQ(onlyDelivery().status, store::DeliveryStatus::Delivered);
}

TEST_F(WebhookDispatcherTest, EventsBeforeStartAreStoredAndSentOnStart) {
  addWebhook(receiver.url());
  auto webhooks = dispatcher(quick());
  hub.publish("call.ended", kEveryone, {});
  io.poll(); // the event is handled on io
  ASSERT_EQ(db.deliveries.size(), 1u);
  EXPECT_EQ(db.deliveries[0].status, store::DeliveryStatus::Pending);
  EXPECT_TRUE(receiver.requests.empty());

  webhooks->start();
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));
}

TEST_F(WebhookDispatcherTest, PendingDeliveriesOfADisabledWebhookFail) {
  auto webhook = addWebhook(receiver.url());
  auto webhooks = dispatcher(quick());
  hub.publish("call.ended", kEveryone, {});
  io.poll();
  webhook.active = false;
  ASSERT_TRUE(db.updateWebhook(webhook).ok());
  webhooks->reload();
  webhooks->start();
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->failed() == 1; }));
  EXPECT_TRUE(receiver.requests.empty());
  EXPECT_EQ(onlyDelivery().lastError, "the webhook is disabled");
}

TEST_F(WebhookDispatcherTest, StopAbandonsAttemptsUnderWayAndTheNextStartSendsThem) {
  receiver.silent = true;
  addWebhook(receiver.url());
  WebhookOptions options = quick();
  options.requestTimeout = milliseconds{30'000};
  auto webhooks = dispatcher(options);
  webhooks->start();
  hub.publish("call.ended", kEveryone, {});
  ASSERT_TRUE(runUntil(io, [&] { return receiver.requests.size() == 1; }));
  webhooks->stop();
  io.poll();
  EXPECT_EQ(onlyDelivery().status, store::DeliveryStatus::Pending);
  EXPECT_EQ(onlyDelivery().attempts, 0); // abandoned, not counted as a failure
  EXPECT_EQ(webhooks->attempts(), 0u);

  receiver.silent = false;
  webhooks->start();
  ASSERT_TRUE(runUntil(io, [&] { return webhooks->delivered() == 1; }));
  EXPECT_EQ(receiver.requests.size(), 2u);
  EXPECT_EQ(onlyDelivery().attempts, 1);
}

} // namespace
} // namespace sb::api::events

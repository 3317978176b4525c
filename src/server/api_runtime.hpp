#pragma once
// Everything the HTTP API needs at run time, owned in one place by the server: the event
// hub and the feed that publishes the call path's changes to it, webhooks with their
// own thread, authentication, metrics, the bridge to the signalling loop, and the HTTP
// server on --http. Built after the B2BUA; stopped before it.
#include "api/api_service.hpp"
#include "api/auth/authenticator.hpp"
#include "api/auth/metrics.hpp"
#include "api/events/event_hub.hpp"
#include "api/events/webhook_dispatcher.hpp"
#include "api/http/http_server.hpp"
#include "server/config.hpp"
#include "server/event_feed.hpp"
#include "server/live_control.hpp"
#include "server/prompt_uploads.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>

namespace sb::server {

struct ApiRuntimeDeps {
  const Config& config;
  store::Store& db;
  const common::Clock& clock;
  boost::asio::io_context& loop; // the signalling loop
  CallRoutingService& routing;
  calls::B2bua& b2bua;
  std::function<void()> afterEvent;
  std::function<std::optional<common::Error>()> reloadDevices;
  std::function<bool()> ready;
  prompts::PromptLibrary* prompts = nullptr; // the calls' prompts, changed through the API
};

class ApiRuntime {
public:
  explicit ApiRuntime(ApiRuntimeDeps deps);
  ~ApiRuntime();
  // Binds --http and starts the API threads and webhooks.
  std::optional<common::Error> start();
  // Stops taking requests and closes event streams; webhooks stop. Idempotent.
  void stop();
  std::uint16_t boundPort() const;
  bool tls() const;

  EventFeed& events() { return *feed_; }
  // A value read on the signalling loop (for metrics of what lives there); 0 when the
  // loop does not answer in time.
  double readOnLoop(std::function<double()> read);
  api::auth::MetricsRegistry& metrics() { return metrics_; }

private:
  ApiRuntimeDeps deps_;
  api::auth::MetricsRegistry metrics_;
  api::events::EventHub hub_;
  std::unique_ptr<EventFeed> feed_;
  api::auth::Authenticator auth_;
  LiveControl control_;
  boost::asio::io_context webhookIo_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> webhookWork_;
  std::unique_ptr<api::events::WebhookDispatcher> webhooks_;
  std::thread webhookThread_;
  std::unique_ptr<PromptUploads> prompts_; // before the service that uses it
  std::unique_ptr<api::ApiService> service_;
  std::unique_ptr<api::http::HttpServer> http_;
  bool stopped_ = false;
};

} // namespace sb::server

#include "server/api_runtime.hpp"

#include "api/openapi_document.hpp"
#include "common/log.hpp"
#include "server/startup.hpp"

#include <cstdlib>

namespace sb::server {

namespace {

std::string adminTokenFromEnvironment() {
  const char* token = std::getenv("SWITCHBOARD_ADMIN_TOKEN");
  if (token == nullptr || *token == '\0') return {};
  if (std::string_view(token).size() < 16)
    SB_LOG_WARN("SWITCHBOARD_ADMIN_TOKEN is shorter than 16 characters; anyone who guesses it is an admin");
  return token;
}

std::string countryOf(const Config& config, store::Store& db) {
  auto org = db.organization();
  if (org.ok() && *org && !(*org)->defaultCountry.empty()) return (*org)->defaultCountry;
  return config.defaultCountry;
}

} // namespace

ApiRuntime::ApiRuntime(ApiRuntimeDeps deps)
    : deps_(std::move(deps)), hub_(deps_.clock), feed_(std::make_unique<EventFeed>(deps_.db, hub_, metrics_)),
      auth_(deps_.db, deps_.clock, adminTokenFromEnvironment()),
      control_(deps_.loop, deps_.db, deps_.routing, deps_.b2bua, deps_.afterEvent, deps_.reloadDevices),
      webhookWork_(webhookIo_.get_executor()) {
  api::events::WebhookOptions webhookOptions;
  webhookOptions.firstRetry = common::Duration{deps_.config.webhookFirstRetryMs};
  webhooks_ = std::make_unique<api::events::WebhookDispatcher>(deps_.db, webhookIo_, deps_.clock, webhookOptions);
  hub_.addListener([this](const std::shared_ptr<const api::events::Event>& event) { webhooks_->onEvent(event); });
  api::ApiContext context{deps_.db,  auth_,         control_,    hub_,        *webhooks_,
                          metrics_,  deps_.clock,   deps_.config.dataDir, deps_.ready,
                          countryOf(deps_.config, deps_.db), deps_.config.sipWs, deps_.config.sipWss,
                          deps_.config.webRoot};
  if (deps_.prompts) {
    prompts_ = std::make_unique<PromptUploads>(*deps_.prompts);
    context.prompts = prompts_.get();
  }
  service_ = std::make_unique<api::ApiService>(std::move(context), api::openapiDocument());
  metrics_.counterFunction("switchboard_events_published_total", "Events published (R-27)",
                           [this] { return static_cast<double>(hub_.published()); });
  metrics_.counterFunction("switchboard_webhook_deliveries_total", "Webhook deliveries that succeeded",
                           [this] { return static_cast<double>(webhooks_->delivered()); }, {{"result", "delivered"}});
  metrics_.counterFunction("switchboard_webhook_deliveries_total", "Webhook deliveries that succeeded",
                           [this] { return static_cast<double>(webhooks_->failed()); }, {{"result", "failed"}});
  metrics_.counterFunction("switchboard_webhook_attempts_total", "Webhook POSTs tried",
                           [this] { return static_cast<double>(webhooks_->attempts()); });
}

ApiRuntime::~ApiRuntime() { stop(); }

std::optional<common::Error> ApiRuntime::start() {
  auto address = parseHostPort(deps_.config.http, 8080);
  if (!address.ok()) return common::makeError("--http: " + address.error().message);
  api::http::HttpServerOptions options;
  options.host = address->host;
  options.port = address->port;
  options.threads = deps_.config.apiThreads;
  options.bodyLimitFor = [this](api::http::Verb method, std::string_view path) {
    return service_->bodyLimit(method, path);
  };
  if (deps_.config.httpTls) {
    auto files = tlsFilesOf(deps_.config);
    if (!files.ok()) return files.error();
    options.certificateFile = files->certificateChain;
    options.privateKeyFile = files->privateKey;
  }
  http_ = std::make_unique<api::http::HttpServer>(
      options, [this](api::http::ApiRequest& request) { return service_->handle(request); },
      [this](api::http::ApiRequest& request, std::shared_ptr<api::http::WebSocketConnection> connection) {
        return service_->upgrade(request, std::move(connection));
      });
  if (auto e = http_->start()) return e;
  webhooks_->start();
  webhookThread_ = std::thread([this] { webhookIo_.run(); });
  return std::nullopt;
}

void ApiRuntime::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (http_) http_->stop();
  if (webhooks_) webhooks_->stop();
  webhookWork_.reset();
  webhookIo_.stop();
  if (webhookThread_.joinable()) webhookThread_.join();
  feed_->drain();
}

double ApiRuntime::readOnLoop(std::function<double()> read) {
  auto value = control_.onLoop([read = std::move(read)]() -> common::Result<nlohmann::json> { return nlohmann::json(read()); });
  return value.ok() ? value->get<double>() : 0.0;
}

std::uint16_t ApiRuntime::boundPort() const { return http_ ? http_->boundPort() : 0; }
bool ApiRuntime::tls() const { return http_ && http_->tls(); }

} // namespace sb::server

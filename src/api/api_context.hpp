#pragma once
// Everything the route handlers reach: the store (reads and admin writes, safe from the
// API threads), authentication, the live call system (through CallControl), events,
// webhooks, metrics and where recordings live.
#include "api/call_control.hpp"
#include "common/clock.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace sb::api::auth {
class Authenticator;
class MetricsRegistry;
} // namespace sb::api::auth
namespace sb::api::events {
class EventHub;
class WebhookDispatcher;
} // namespace sb::api::events

namespace sb::api {

class PromptStore;

struct ApiContext {
  store::Store& db;
  auth::Authenticator& auth;
  CallControl& control;
  events::EventHub& hub;
  events::WebhookDispatcher& webhooks;
  auth::MetricsRegistry& metrics;
  const common::Clock& clock;
  std::filesystem::path dataDir;    // recordings/ and voicemail files are under it
  std::function<bool()> ready;      // /readyz: taking calls (false while draining)
  std::string defaultCountry = "US"; // for phone numbers typed without a country code
  // Where browsers reach SIP over WebSocket (RFC 7118): the listeners' ADDR:PORT, "" when off.
  std::string sipWebSocket;
  std::string sipSecureWebSocket;
  std::filesystem::path webRoot; // the built web app (index.html, assets/), served outside /api
  PromptStore* prompts = nullptr; // the prompts calls play (not owned); none: 503 on /prompts

  store::EpochMs nowMs() const { return common::toEpochMs(clock.wallNow()); }
};

} // namespace sb::api

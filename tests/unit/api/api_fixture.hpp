#pragma once
// The API service in process, over the in-memory store, with real authentication, event
// hub, webhooks and metrics. The live call system behind CallControl is replaced by a
// recorder (these tests are about the HTTP side; the e2e suite drives the real one).
#include "api/api_service.hpp"
#include "api/auth/authenticator.hpp"
#include "api/auth/metrics.hpp"
#include "api/events/event_hub.hpp"
#include "api/events/webhook_dispatcher.hpp"
#include "api/prompt_store.hpp"
#include "unit/store/fake_store.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>
#include <map>
#include <string>
#include <vector>

namespace sb::api::testing {

inline constexpr const char* kAdminToken = "unit-admin-token-0123456789";

class RecordingControl final : public CallControl {
public:
  common::Result<nlohmann::json> setAvailability(const std::string& userId, bool available,
                                                 const std::string& reason) override;
  common::Result<nlohmann::json> endCoolDown(const std::string& userId) override;
  std::optional<common::Error> declineOffer(const std::string& callId, const std::string& userId) override;
  std::optional<common::Error> endCall(const std::string& callId, const std::string& reason) override;
  std::optional<common::Error> acceptOffer(const std::string& callId, const std::string& userId) override;
  std::optional<common::Error> holdCall(const std::string& callId, bool hold, const std::string& byUserId,
                                        bool byAdmin) override;
  TransferReply transferCall(const TransferRequest& request) override;
  std::optional<common::Error> cancelTransfer(const std::string& callId, const std::string& byUserId,
                                              bool byAdmin) override;
  nlohmann::json agentState(const std::string& userId) override;
  nlohmann::json board() override;
  std::optional<common::Error> reloadRouting() override;
  void leadChanged(const store::Lead& lead) override;
  void leadRemoved(const std::string& leadId) override;
  std::optional<common::Error> distributeLead(const DistributionRequest& request) override;

  std::vector<std::string> requests; // "availability alice 0 lunch", "reload", ...
  std::map<std::string, nlohmann::json> live; // the live state set through setAvailability
  // What the live system answers the next transfer with (the B2BUA's refusals are its
  // own tests'); without one, 202 with the transfer as asked.
  std::optional<TransferReply> transferReply;
  std::optional<common::Error> cancelError; // what cancelling answers; none: cancelled
  std::optional<common::Error> holdError;   // what holding answers (the B2BUA decides who may); none: held
  std::vector<DistributionRequest> distributions; // every distributeLead, in order
  std::optional<common::Error> distributionError;  // what distributeLead answers; none: started
};

class ApiFixture {
public:
  // `prompts` (not owned): what /api/v1/prompts works on; none: those routes answer 503.
  explicit ApiFixture(PromptStore* prompts = nullptr);
  ~ApiFixture();

  http::ApiResponse call(http::Verb method, const std::string& target, const std::string& body = "",
                         const std::string& token = kAdminToken);
  nlohmann::json json(const http::ApiResponse& response) const;
  // A user with a password, and a session token for them.
  std::string userWithSession(const std::string& email, store::Role role);

  common::ManualClock clock;
  store::testing::FakeStore db;
  auth::MetricsRegistry metrics;
  events::EventHub hub{clock};
  auth::Authenticator auth{db, clock, kAdminToken};
  RecordingControl control;
  boost::asio::io_context io;
  events::WebhookDispatcher webhooks{db, io, clock, {}};
  std::unique_ptr<ApiService> service;
};

} // namespace sb::api::testing

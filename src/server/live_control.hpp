#pragma once
// api::CallControl on the running server: each request from an API thread is posted to
// the signalling loop, where calls, routing and the agent board live, and the API thread
// waits for the answer (bounded, so a stuck loop gives a 503 rather than a hung request).
#include "api/call_control.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>

namespace sb::calls {
class B2bua;
}

namespace sb::server {

class CallRoutingService;

class LiveControl final : public api::CallControl {
public:
  // `afterEvent` runs on the loop after each request (the server arms its timers there).
  LiveControl(boost::asio::io_context& loop, store::Store& db, CallRoutingService& routing, calls::B2bua& b2bua,
              std::function<void()> afterEvent, std::function<std::optional<common::Error>()> reloadDevices);

  common::Result<nlohmann::json> setAvailability(const std::string& userId, bool available,
                                                 const std::string& reason) override;
  common::Result<nlohmann::json> endCoolDown(const std::string& userId) override;
  std::optional<common::Error> declineOffer(const std::string& callId, const std::string& userId) override;
  std::optional<common::Error> endCall(const std::string& callId, const std::string& reason) override;
  std::optional<common::Error> acceptOffer(const std::string& callId, const std::string& userId) override;
  std::optional<common::Error> holdCall(const std::string& callId, bool hold, const std::string& byUserId,
                                        bool byAdmin) override;
  api::TransferReply transferCall(const api::TransferRequest& request) override;
  std::optional<common::Error> cancelTransfer(const std::string& callId, const std::string& byUserId,
                                              bool byAdmin) override;
  std::optional<common::Error> distributeLead(const api::DistributionRequest& request) override;
  nlohmann::json agentState(const std::string& userId) override;
  nlohmann::json board() override;
  std::optional<common::Error> reloadRouting() override;
  void leadChanged(const store::Lead& lead) override;
  void leadRemoved(const std::string& leadId) override;

  // Runs `fn` on the loop and returns its result; an Error 503 when the loop does not
  // answer within the bound.
  common::Result<nlohmann::json> onLoop(std::function<common::Result<nlohmann::json>()> fn);

private:
  boost::asio::io_context& loop_;
  store::Store& db_;
  CallRoutingService& routing_;
  calls::B2bua& b2bua_;
  std::function<void()> afterEvent_;
  std::function<std::optional<common::Error>()> reloadDevices_;
};

} // namespace sb::server

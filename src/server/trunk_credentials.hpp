#pragma once
// Answers the trunk's digest challenges with the configured credentials (RFC 3261 22.2).
#include "calls/ports.hpp"
#include "sip/auth/client_auth.hpp"

namespace sb::server {

class TrunkCredentials final : public calls::ChallengeAnswerer {
public:
  TrunkCredentials(std::string username, std::string password)
      : username_(std::move(username)), password_(std::move(password)) {}
  std::optional<sip::Header> answer(const sip::Message& challenge, const sip::Message& request) override;

private:
  std::string username_, password_;
};

} // namespace sb::server

#pragma once
// In-memory views the signalling loop reads instead of the database: numbers and
// device credentials, loaded from the store at start (routing never waits on SQL).
#include "calls/ports.hpp"
#include "sip/auth/credential_source.hpp"
#include "store/store.hpp"

#include <map>
#include <string>

namespace sb::server {

class NumberSnapshot final : public calls::NumberDirectory {
public:
  common::Result<std::size_t> load(store::Store& db);
  std::optional<calls::NumberRoute> findNumber(const std::string& e164) const override;

private:
  std::map<std::string, calls::NumberRoute, std::less<>> numbers_;
};

class CredentialSnapshot final : public sip::auth::CredentialSource {
public:
  common::Result<std::size_t> load(store::Store& db);
  std::optional<sip::auth::DeviceCredential> find(std::string_view username) const override;

private:
  std::map<std::string, sip::auth::DeviceCredential, std::less<>> byUsername_;
};

} // namespace sb::server

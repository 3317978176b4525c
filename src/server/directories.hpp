#pragma once
// The device credentials the signalling loop reads instead of the database, loaded from
// the store at start (digest authentication never waits on SQL).
#include "calls/ports.hpp"
#include "sip/auth/credential_source.hpp"
#include "store/store.hpp"

#include <map>
#include <string>

namespace sb::server {

class CredentialSnapshot final : public sip::auth::CredentialSource {
public:
  common::Result<std::size_t> load(store::Store& db);
  std::optional<sip::auth::DeviceCredential> find(std::string_view username) const override;

private:
  std::map<std::string, sip::auth::DeviceCredential, std::less<>> byUsername_;
};

} // namespace sb::server

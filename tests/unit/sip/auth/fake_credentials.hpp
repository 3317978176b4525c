#pragma once
// An in-memory CredentialSource for tests of auth and of the modules that use it.
#include "sip/auth/credential_source.hpp"

#include <map>
#include <string>

namespace sb::sip::auth::testing {

class FakeCredentials final : public CredentialSource {
public:
  void add(DeviceCredential credential) {
    std::string key = credential.username;
    devices_[key] = std::move(credential);
  }
  void remove(const std::string& username) { devices_.erase(username); }

  std::optional<DeviceCredential> find(std::string_view username) const override {
    ++lookups;
    auto it = devices_.find(std::string(username));
    if (it == devices_.end()) return std::nullopt;
    return it->second;
  }

  mutable int lookups = 0;

private:
  std::map<std::string, DeviceCredential> devices_;
};

} // namespace sb::sip::auth::testing

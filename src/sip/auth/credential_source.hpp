#pragma once
// Where the server finds the SIP credentials of devices. The store implements this;
// tests use a fake. The device secret is kept as given so that HA1 can be computed for
// whichever algorithm and realm a request uses.
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

struct DeviceCredential {
  std::string username; // SIP auth username, also the user part of the device's AOR
  std::string password;
  std::string userId; // the person the device belongs to
  std::string deviceId;
};

class CredentialSource {
public:
  virtual ~CredentialSource() = default;
  // nullopt when no device has this username. Called on every authenticated request.
  virtual std::optional<DeviceCredential> find(std::string_view username) const = 0;
};

} // namespace sb::sip::auth

#pragma once
// Users' devices as the call path sees them: the registrar's live bindings (where to
// ring), digest authentication of their requests, and the OPTIONS keep-alives
// that find dead devices.
#include "calls/ports.hpp"
#include "server/directories.hpp"
#include "sip/auth/server_auth.hpp"
#include "sip/registrar/registrar.hpp"

#include <functional>
#include <memory>

namespace sb::server {

class DeviceRegistry final : public calls::DeviceDirectory,
                             public calls::DeviceAuthenticator,
                             public sip::registrar::Registrar::Listener {
public:
  // Told how many devices a user can be rung on whenever that changes.
  using ReachabilityListener = std::function<void(const std::string& userId, int devices)>;
  DeviceRegistry(const common::Clock& clock, const CredentialSnapshot& credentials, sip::auth::AuthConfig auth,
                 sip::registrar::RegistrarConfig registrar, ReachabilityListener onReachability);

  sip::Message handleRegister(const sip::Message& request, const net::Endpoint& source);
  std::vector<sip::registrar::PingTarget> duePings();
  // The OPTIONS that checks a binding is alive; `local` is our address on its transport.
  sip::Message makePing(const sip::registrar::PingTarget& target, const net::Endpoint& local) const;
  void pingResult(sip::registrar::BindingId binding, bool answered);
  void connectionClosed(net::ConnectionId connection);
  void purgeExpired();

  // calls::DeviceDirectory
  std::vector<calls::DeviceContact> contactsOfUser(const std::string& userId) const override;
  std::optional<std::string> userOfSipUsername(const std::string& username) const override;
  bool isRegisteredSource(const net::Endpoint& source) const override;
  // calls::DeviceAuthenticator
  std::variant<calls::AuthenticatedDevice, sip::Message> authenticate(const sip::Message& request) override;
  // Registrar::Listener
  void onReachabilityChanged(const std::string& userId, bool reachable) override;

private:
  const common::Clock& clock_;
  const CredentialSnapshot& credentials_;
  sip::auth::DigestAuthenticator auth_;
  sip::registrar::Registrar registrar_;
  ReachabilityListener onReachability_;
};

} // namespace sb::server

#include "server/device_registry.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "sip/transaction/transaction_layer.hpp"

namespace sb::server {

DeviceRegistry::DeviceRegistry(const common::Clock& clock, const CredentialSnapshot& credentials,
                               sip::auth::AuthConfig auth, sip::registrar::RegistrarConfig registrar,
                               ReachabilityListener onReachability)
    : clock_(clock), credentials_(credentials), auth_(clock, credentials, std::move(auth)),
      registrar_(clock, auth_, registrar, this), onReachability_(std::move(onReachability)) {}

sip::Message DeviceRegistry::handleRegister(const sip::Message& request, const net::Endpoint& source) {
  return registrar_.handleRegister(request, source);
}

std::vector<sip::registrar::PingTarget> DeviceRegistry::duePings() { return registrar_.duePings(clock_.now()); }

sip::Message DeviceRegistry::makePing(const sip::registrar::PingTarget& target, const net::Endpoint& local) const {
  std::string host = local.address.find(':') != std::string::npos ? "[" + local.address + "]" : local.address;
  sip::Message options;
  options.method = "OPTIONS";
  options.requestUri = target.contact;
  options.addHeader("Via", std::string("SIP/2.0/") + net::viaToken(target.destination.transport) + " " + host + ":" +
                               std::to_string(local.port) + ";branch=" + sip::transaction::newBranch() + ";rport");
  options.addHeader("Max-Forwards", "70");
  options.addHeader("From", "<sip:switchboard@" + host + ":" + std::to_string(local.port) +
                                ">;tag=" + sip::transaction::randomToken(10));
  sip::NameAddr to;
  to.uri = target.contact;
  to.uri.params.clear();
  options.addHeader("To", to.str());
  options.addHeader("Call-ID", sip::transaction::randomToken(20));
  options.addHeader("CSeq", "1 OPTIONS");
  options.addHeader("Content-Length", "0");
  return options;
}

void DeviceRegistry::pingResult(sip::registrar::BindingId binding, bool answered) {
  registrar_.pingResult(binding, answered, clock_.now());
}

void DeviceRegistry::connectionClosed(net::ConnectionId connection) { registrar_.connectionClosed(connection); }

void DeviceRegistry::purgeExpired() { registrar_.purge(clock_.now()); }

std::vector<calls::DeviceContact> DeviceRegistry::contactsOfUser(const std::string& userId) const {
  std::vector<calls::DeviceContact> out;
  for (const auto& b : registrar_.bindingsOfUser(userId))
    out.push_back(calls::DeviceContact{b.userId, b.deviceId, b.contact.uri, b.source});
  return out;
}

std::optional<std::string> DeviceRegistry::userOfSipUsername(const std::string& username) const {
  auto credential = credentials_.find(username);
  if (!credential) return std::nullopt;
  return credential->userId;
}

bool DeviceRegistry::isRegisteredSource(const net::Endpoint& source) const {
  return registrar_.hasBindingFrom(source);
}

std::variant<calls::AuthenticatedDevice, sip::Message> DeviceRegistry::authenticate(const sip::Message& request) {
  auto outcome = registrar_.authenticateDeviceRequest(request);
  if (outcome.authenticated() && outcome.credential)
    return calls::AuthenticatedDevice{outcome.credential->userId, outcome.credential->deviceId,
                                      outcome.credential->username};
  if (outcome.response) return *outcome.response;
  return sip::makeResponse(request, 403, "Forbidden", sip::transaction::randomToken(10));
}

void DeviceRegistry::onReachabilityChanged(const std::string& userId, bool reachable) {
  // R-13: routing skips unreachable users; the event reaches browsers once the API lands.
  SB_LOG_INFO("user {} is now {}", userId, reachable ? "reachable" : "unreachable");
  int devices = reachable ? static_cast<int>(std::max<std::size_t>(contactsOfUser(userId).size(), 1)) : 0;
  if (onReachability_) onReachability_(userId, devices);
}

} // namespace sb::server

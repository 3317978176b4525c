#pragma once
// The registrar (RFC 3261 section 10.3) for the devices of users: SIP phones and
// browser softphones. Pure: it takes a REGISTER and gives back the response to send;
// it never sends anything, not even the OPTIONS keep-alives it asks for.
//
// The AOR's user part is the device username. Each device may hold several contacts;
// a user may own several devices. Requests to a binding go to the flow the REGISTER
// came from (RFC 5626-lite), and a binding dies by expiry, by a REGISTER with expires
// 0, by its connection closing, or by N unanswered OPTIONS in a row.
#include "common/clock.hpp"
#include "net/endpoint.hpp"
#include "sip/auth/server_auth.hpp"
#include "sip/message/message.hpp"
#include "sip/registrar/binding.hpp"
#include "sip/registrar/binding_table.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::sip::registrar {

struct RegistrarConfig {
  std::chrono::seconds minExpires{60};       // below this (and not 0): 423
  std::chrono::seconds maxExpires{3600};     // above this: shortened
  std::chrono::seconds defaultExpires{3600}; // when the REGISTER names none
  common::Duration pingInterval = std::chrono::seconds{30};
  int maxPingFailures = 2;               // consecutive unanswered OPTIONS before dropping
  std::size_t maxBindingsPerDevice = 10; // beyond this the oldest binding makes room
};

class Registrar {
public:
  class Listener {
  public:
    virtual ~Listener() = default;
    // A user's first live binding appeared (reachable) or their last one went away.
    // Called from inside handleRegister, purge, duePings, pingResult and
    // connectionClosed: it may query the registrar but must not change it.
    virtual void onReachabilityChanged(const std::string& userId, bool reachable) = 0;
  };

  // `clock`, `auth` and `listener` must outlive the registrar; listener may be null.
  Registrar(const common::Clock& clock, auth::DigestAuthenticator& auth, RegistrarConfig config,
            Listener* listener);

  // Handles one REGISTER received from `source`; returns the response to send back.
  Message handleRegister(const Message& request, const net::Endpoint& source);

  // For any other request from a device (an INVITE from a phone): the authenticated
  // credential, or the 407/403/400 to answer with.
  auth::AuthOutcome authenticateDeviceRequest(const Message& request);

  // Reachability and routing. Expired bindings never show, even before purge().
  bool isReachable(const std::string& userId) const;
  std::vector<Binding> bindingsOfUser(const std::string& userId) const;
  std::vector<Binding> bindingsOfDevice(const std::string& username) const;
  // whether requests from `source` come from a registered device.
  bool hasBindingFrom(const net::Endpoint& source) const;
  // A copy of one binding, nullopt once it is gone (or expired).
  std::optional<Binding> binding(BindingId id) const;

  // Drops expired bindings; the server calls this every second or so, which is also
  // when an expiry turns into an unreachable event.
  void purge(common::TimePoint now);

  // Bindings whose last REGISTER or OPTIONS is at least pingInterval old; each one is
  // counted as pinged at `now`. The caller sends OPTIONS and reports with pingResult.
  std::vector<PingTarget> duePings(common::TimePoint now);
  void pingResult(BindingId bindingId, bool answered, common::TimePoint now);

  // A stream connection closed: its bindings cannot be reached any more.
  void connectionClosed(net::ConnectionId connection);

  std::size_t bindingCount() const { return table_.size(); }

private:
  struct ContactChange;
  struct Plan;

  Result<Plan> planChanges(const Message& request, const std::string& username);
  Result<ContactChange> planContact(const NameAddr& contact, std::uint32_t expires,
                                    const Message& request, const std::string& username);
  Binding* matchBinding(const std::string& username, const NameAddr& contact);
  void apply(const Plan& plan, const auth::DeviceCredential& device, const Message& request,
             const net::Endpoint& source);
  void store(const ContactChange& change, const auth::DeviceCredential& device,
             const Message& request, const net::Endpoint& source);
  void makeRoom(const std::string& username);
  Message okResponse(const Message& request, const std::string& username,
                     const std::string& toTag) const;
  std::uint32_t requestedExpires(const NameAddr& contact, const Message& request) const;

  const common::Clock& clock_;
  auth::DigestAuthenticator& auth_;
  RegistrarConfig config_;
  BindingTable table_;
};

} // namespace sb::sip::registrar

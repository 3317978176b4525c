#pragma once
// One registered contact of one device (RFC 3261 10.3), with what the registrar needs
// to reach it again: the flow it registered over (RFC 5626-lite) and its liveness.
#include "common/clock.hpp"
#include "net/endpoint.hpp"
#include "sip/message/uri.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sb::sip::registrar {

using BindingId = std::uint64_t;

struct Binding {
  BindingId id = 0;
  std::string username; // device username = user part of the AOR
  std::string userId;   // the person the device belongs to
  std::string deviceId;
  NameAddr contact; // as registered, without its expires parameter
  // Where the REGISTER came from. Requests to this binding go here, not to the
  // Contact's host, which is often a private address behind NAT or a ".invalid"
  // WebSocket name; over TCP/TLS/WS the connection id picks the flow.
  net::Endpoint source;
  std::string callId; // of the REGISTER that last touched the binding
  std::uint32_t cseq = 0;
  common::TimePoint expiresAt{};
  std::string instanceId;             // +sip.instance, "" when absent
  std::optional<std::uint32_t> regId; // reg-id (RFC 5626), with an instance only
  common::TimePoint lastPingAt{};     // the REGISTER or the last OPTIONS sent
  int failedPings = 0;                // consecutive unanswered OPTIONS

  bool isLive(common::TimePoint now) const { return now < expiresAt; }
  // Whole seconds until expiry, rounded up so a live binding never shows 0.
  std::uint32_t secondsLeft(common::TimePoint now) const;
};

// An OPTIONS keep-alive to send (the registrar never sends anything itself).
struct PingTarget {
  BindingId bindingId = 0;
  std::string userId;
  std::string username;
  Uri contact;               // the Request-URI of the OPTIONS
  net::Endpoint destination; // the binding's source flow
};

} // namespace sb::sip::registrar

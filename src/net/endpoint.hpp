#pragma once
// Where a SIP message came from or goes to. Shared by the transport and transaction layers.
#include <cstdint>
#include <string>

namespace sb::net {

enum class TransportKind { Udp, Tcp, Tls, Ws, Wss };

// Reliable transports do not retransmit (RFC 3261 17.1.1.2, 17.1.2.2).
constexpr bool isReliable(TransportKind k) { return k != TransportKind::Udp; }
// "UDP", "TCP", "TLS", "WS", "WSS": the Via transport token.
const char* viaToken(TransportKind k);

// A connection of a stream transport; 0 means "none" (UDP, or open a new one).
using ConnectionId = std::uint64_t;

struct Endpoint {
  TransportKind transport = TransportKind::Udp;
  std::string address; // IPv4 dotted quad or IPv6 without brackets
  std::uint16_t port = 0;
  ConnectionId connection = 0;

  // "udp:127.0.0.1:5060", for logs.
  std::string str() const;
  bool operator==(const Endpoint& o) const {
    return transport == o.transport && address == o.address && port == o.port;
  }
};

} // namespace sb::net

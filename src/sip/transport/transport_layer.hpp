#pragma once
// SIP over UDP, TCP, TLS, WS and WSS (RFC 3261 section 18, RFC 7118), on Boost.Asio.
// Receives bytes, frames and parses them, and hands whole messages up; sends messages
// to an Endpoint. Holds no protocol state beyond connections.
#include "net/endpoint.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sb::sip::transport {

struct ListenAddress {
  std::string address;    // "127.0.0.1", "0.0.0.0", "::1"
  std::uint16_t port = 0; // 0: pick a free port (see boundPort())
};

struct TlsFiles {
  std::string certificateChain; // PEM file
  std::string privateKey;       // PEM file
};

struct TransportConfig {
  std::optional<ListenAddress> udpTcp; // --sip: UDP and TCP on the same address and port
  std::optional<ListenAddress> tls;    // --sip-tls
  std::optional<ListenAddress> ws;     // SIP over WebSocket (plain)
  std::optional<ListenAddress> wss;    // SIP over secure WebSocket
  std::optional<TlsFiles> tlsFiles;    // needed for tls and wss
  std::size_t maxMessageSize = 65535;
  std::chrono::seconds idleTimeout{300}; // stream connections with no traffic are closed
  // Outbound TLS: check the peer's chain against the system trust store (no host name
  // check, peers are addressed by IP). Off by default: carriers often use private CAs.
  bool tlsVerifyPeer = false;
};

// What the transport reports upwards.
class TransportListener {
public:
  virtual ~TransportListener() = default;
  // A message that parsed (parseMessage() succeeded; validate() is the next layer's job).
  virtual void onMessage(Message message, const net::Endpoint& source) = 0;
  // A message that did not even frame (parse error code 0 means drop; 400 means the
  // caller may answer it if it can). Default: ignore. Reported for counting.
  // `bytes` is what failed (a datagram or a frame), so the caller can still answer a 400.
  virtual void onBadMessage(const common::Error& /*error*/, std::string_view /*bytes*/,
                            const net::Endpoint& /*source*/) {}
  // A stream connection closed (both directions gone).
  virtual void onConnectionClosed(net::ConnectionId /*connection*/) {}
};

class TransportLayer final : public transaction::MessageSender {
public:
  TransportLayer(boost::asio::io_context& io, TransportListener& listener, TransportConfig config);
  ~TransportLayer() override;

  // Opens every configured listener. Returns an error naming the address that failed.
  std::optional<common::Error> start();
  void stop(); // closes listeners and connections

  // MessageSender: UDP sends a datagram; TCP/TLS use destination.connection when it is
  // still open, else an open connection to the same address and port, else connect
  // (asynchronously; the message is queued). WS/WSS only over an existing connection.
  bool send(const Message& message, const net::Endpoint& destination) override;

  // The port actually bound for a transport (useful with port 0). 0 if not listening.
  std::uint16_t boundPort(net::TransportKind kind) const;
  // The address and port to put in Via, Record-Route and Contact for messages sent on `kind`.
  // A wildcard listen address (0.0.0.0, ::) gives 127.0.0.1 (or ::1): the real address a
  // peer reaches us on is not known here, so deployments must configure it explicitly.
  net::Endpoint localEndpoint(net::TransportKind kind) const;

  // received: messages parsed and handed up; sent: messages handed to a socket (or queued
  // on a connection); dropped: bad messages, framing errors and failed sends;
  // connections: stream connections open (or connecting) right now.
  struct Stats {
    std::uint64_t received = 0, sent = 0, dropped = 0, connections = 0;
  };
  Stats stats() const;

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace sb::sip::transport

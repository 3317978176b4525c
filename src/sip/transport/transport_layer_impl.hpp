#pragma once
// TransportLayer's insides: listeners, the connection table and routing of sends.
#include "sip/transport/connection.hpp"
#include "sip/transport/stream_acceptor.hpp"
#include "sip/transport/transport_layer.hpp"
#include "sip/transport/udp_socket.hpp"

#include <boost/asio/ssl/context.hpp>

#include <unordered_map>
#include <vector>

namespace sb::sip::transport {

class TransportLayer::Impl final : public Connection::Owner {
public:
  Impl(boost::asio::io_context& io, TransportListener& listener, TransportConfig config);
  ~Impl() override;

  std::optional<common::Error> start();
  void stop();
  bool send(const Message& message, const net::Endpoint& destination);
  std::uint16_t boundPort(net::TransportKind kind) const;
  net::Endpoint localEndpoint(net::TransportKind kind) const;
  Stats stats() const { return stats_; }

  void onFrame(Connection& connection, std::string_view frame) override;
  void onFramingError(Connection& connection, const common::Error& error) override;
  void onClosed(Connection& connection) override;

private:
  std::optional<common::Error> openTls();
  std::optional<common::Error> openUdpAndTcp(const ListenAddress& where);
  std::optional<common::Error> openListener(net::TransportKind kind, const ListenAddress& where);
  void onDatagram(std::string_view bytes, const net::Endpoint& source);
  void onAccepted(net::TransportKind kind, boost::asio::ip::tcp::socket socket);
  bool sendDatagram(const std::string& bytes, const net::Endpoint& destination);
  std::shared_ptr<Connection> findConnection(const net::Endpoint& destination) const;
  std::shared_ptr<Connection> connectTo(const net::Endpoint& destination);
  boost::asio::ip::tcp::socket outboundSocket(net::TransportKind kind,
                                              const boost::asio::ip::address& peer);
  void adopt(const std::shared_ptr<Connection>& connection);
  std::shared_ptr<Connection> makeConnection(net::TransportKind kind, net::Endpoint remote,
                                             boost::asio::ip::tcp::socket socket);
  const std::optional<ListenAddress>& listenAddress(net::TransportKind kind) const;

  boost::asio::io_context& io_;
  TransportListener& listener_;
  TransportConfig config_;
  std::unique_ptr<boost::asio::ssl::context> serverTls_;
  std::unique_ptr<boost::asio::ssl::context> clientTls_;
  std::unique_ptr<UdpSocket> udp_;
  std::unordered_map<net::TransportKind, std::unique_ptr<StreamAcceptor>> acceptors_;
  std::unordered_map<net::ConnectionId, std::shared_ptr<Connection>> connections_;
  // Endpoint::str() of the peer -> connection, to reuse a connection for the same peer.
  std::unordered_map<std::string, net::ConnectionId> byPeer_;
  net::ConnectionId nextConnectionId_ = 1;
  Stats stats_;
};

} // namespace sb::sip::transport

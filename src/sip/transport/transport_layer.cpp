#include "sip/transport/transport_layer.hpp"

#include "common/log.hpp"
#include "net/tls_context.hpp"
#include "sip/transport/stream_connection.hpp"
#include "sip/transport/transport_layer_impl.hpp"
#include "sip/transport/ws_connection.hpp"

namespace sb::sip::transport {

using boost::asio::ip::tcp;
using net::TransportKind;

namespace {

std::optional<boost::asio::ip::address> parseAddress(const std::string& text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  return address;
}

std::string peerKey(TransportKind kind, const std::string& address, std::uint16_t port) {
  return net::Endpoint{kind, address, port, 0}.str();
}

} // namespace

TransportLayer::Impl::Impl(boost::asio::io_context& io, TransportListener& listener,
                           TransportConfig config)
    : io_(io), listener_(listener), config_(std::move(config)) {}

TransportLayer::Impl::~Impl() {
  stop();
}

std::optional<common::Error> TransportLayer::Impl::start() {
  if (config_.tls || config_.wss) {
    if (auto error = openTls()) return error;
  }
  if (config_.udpTcp) {
    if (auto error = openUdpAndTcp(*config_.udpTcp)) return error;
  }
  for (auto kind : {TransportKind::Tls, TransportKind::Ws, TransportKind::Wss}) {
    const auto& where = listenAddress(kind);
    if (!where) continue;
    if (auto error = openListener(kind, *where)) return error;
  }
  return std::nullopt;
}

// TCP takes the port UDP got, so that port 0 still gives one port for both (RFC 3261 18).
// With port 0 the port UDP picked may be taken for TCP (another socket's local port), so a
// few fresh ports are tried before giving up.
std::optional<common::Error> TransportLayer::Impl::openUdpAndTcp(const ListenAddress& where) {
  auto address = parseAddress(where.address);
  if (!address) return common::makeError("bad --sip address " + where.address);
  const int attempts = where.port == 0 ? 8 : 1;
  std::optional<common::Error> error;
  std::vector<std::unique_ptr<UdpSocket>> refused; // held so the kernel picks another port
  for (int attempt = 0; attempt < attempts; ++attempt) {
    udp_ = std::make_unique<UdpSocket>(
        io_,
        [this](std::string_view bytes, const net::Endpoint& source) { onDatagram(bytes, source); });
    if ((error = udp_->open({*address, where.port}))) return error;
    error = openListener(TransportKind::Tcp, ListenAddress{where.address, udp_->port()});
    if (!error) return std::nullopt;
    refused.push_back(std::move(udp_));
  }
  return error;
}

std::optional<common::Error> TransportLayer::Impl::openTls() {
  if (!config_.tlsFiles) return common::makeError("TLS and WSS need a certificate and private key");
  auto context =
      net::makeServerTlsContext(config_.tlsFiles->certificateChain, config_.tlsFiles->privateKey);
  if (!context) return context.error();
  serverTls_ = std::move(*context);
  return std::nullopt;
}

std::optional<common::Error> TransportLayer::Impl::openListener(TransportKind kind,
                                                                const ListenAddress& where) {
  auto address = parseAddress(where.address);
  if (!address)
    return common::makeError(std::string("bad ") + net::viaToken(kind) + " address " +
                             where.address);
  auto acceptor = std::make_unique<StreamAcceptor>(
      io_, [this, kind](tcp::socket socket) { onAccepted(kind, std::move(socket)); });
  if (auto error = acceptor->open({*address, where.port})) {
    return common::makeError(std::string(net::viaToken(kind)) + ": " + error->message);
  }
  acceptors_[kind] = std::move(acceptor);
  return std::nullopt;
}

void TransportLayer::Impl::stop() {
  if (udp_) udp_->close();
  for (auto& [kind, acceptor] : acceptors_)
    acceptor->close();
  auto connections = std::move(connections_);
  connections_.clear();
  byPeer_.clear();
  stats_.connections = 0;
  for (auto& [id, connection] : connections)
    connection->detach();
}

const std::optional<ListenAddress>& TransportLayer::Impl::listenAddress(TransportKind kind) const {
  switch (kind) {
  case TransportKind::Udp:
  case TransportKind::Tcp:
    return config_.udpTcp;
  case TransportKind::Tls:
    return config_.tls;
  case TransportKind::Ws:
    return config_.ws;
  case TransportKind::Wss:
    return config_.wss;
  }
  return config_.udpTcp;
}

std::uint16_t TransportLayer::Impl::boundPort(TransportKind kind) const {
  if (kind == TransportKind::Udp) return udp_ ? udp_->port() : 0;
  auto it = acceptors_.find(kind);
  return it == acceptors_.end() ? 0 : it->second->port();
}

// A wildcard listen address cannot go in a Via or Contact, and the address a peer reaches
// us on is only known per connection; loopback is the safe stand-in. Deployments that
// talk to other hosts must configure the address they are reached on.
net::Endpoint TransportLayer::Impl::localEndpoint(TransportKind kind) const {
  net::Endpoint local{kind, "127.0.0.1", boundPort(kind), 0};
  const auto& where = listenAddress(kind);
  if (!where) return local;
  auto address = parseAddress(where->address);
  if (address && !address->is_unspecified())
    local.address = address->to_string();
  else if (address && address->is_v6())
    local.address = "::1";
  return local;
}

void TransportLayer::Impl::onDatagram(std::string_view bytes, const net::Endpoint& source) {
  // CRLF keep-alives over UDP (RFC 5626 uses STUN there, but some phones send CRLF).
  if (bytes.find_first_not_of("\r\n") == std::string_view::npos) return;
  auto message = parseMessage(bytes);
  if (!message) {
    ++stats_.dropped;
    listener_.onBadMessage(message.error(), bytes, source);
    return;
  }
  ++stats_.received;
  listener_.onMessage(std::move(*message), source);
}

void TransportLayer::Impl::onFrame(Connection& connection, std::string_view frame) {
  auto message = parseMessage(frame);
  if (!message) {
    ++stats_.dropped;
    listener_.onBadMessage(message.error(), frame, connection.remote());
    return;
  }
  ++stats_.received;
  listener_.onMessage(std::move(*message), connection.remote());
}

void TransportLayer::Impl::onFramingError(Connection& connection, const common::Error& error) {
  SB_LOG_DEBUG("closing {}: {}", connection.remote().str(), error.message);
  ++stats_.dropped;
  listener_.onBadMessage(error, {}, connection.remote());
}

void TransportLayer::Impl::onClosed(Connection& connection) {
  const net::ConnectionId id = connection.id();
  const auto key =
      peerKey(connection.remote().transport, connection.remote().address, connection.remote().port);
  auto peer = byPeer_.find(key);
  if (peer != byPeer_.end() && peer->second == id) byPeer_.erase(peer);
  auto keepAlive = connections_.find(id); // the caller may hold the last other reference
  if (keepAlive == connections_.end()) return;
  auto holder = std::move(keepAlive->second);
  connections_.erase(keepAlive);
  stats_.connections = connections_.size();
  listener_.onConnectionClosed(id);
}

void TransportLayer::Impl::adopt(const std::shared_ptr<Connection>& connection) {
  connections_[connection->id()] = connection;
  const auto& remote = connection->remote();
  byPeer_[peerKey(remote.transport, remote.address, remote.port)] = connection->id();
  stats_.connections = connections_.size();
}

std::shared_ptr<Connection>
TransportLayer::Impl::makeConnection(TransportKind kind, net::Endpoint remote, tcp::socket socket) {
  const auto idle = config_.idleTimeout;
  const auto max = config_.maxMessageSize;
  switch (kind) {
  case TransportKind::Tcp:
    return std::make_shared<TcpConnection>(*this, std::move(remote), idle, max, std::move(socket));
  case TransportKind::Tls:
    return std::make_shared<TlsConnection>(*this, std::move(remote), idle, max, std::move(socket),
                                           *serverTls_);
  case TransportKind::Ws:
    return std::make_shared<WsPlainConnection>(*this, std::move(remote), idle, max,
                                               std::move(socket));
  case TransportKind::Wss:
    return std::make_shared<WssConnection>(*this, std::move(remote), idle, max, std::move(socket),
                                           *serverTls_);
  case TransportKind::Udp:
    break;
  }
  return nullptr;
}

void TransportLayer::Impl::onAccepted(TransportKind kind, tcp::socket socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) return; // reset before we got to it
  socket.set_option(tcp::no_delay(true), ec);
  net::Endpoint remote{kind, peer.address().to_string(), peer.port(), nextConnectionId_++};
  auto connection = makeConnection(kind, std::move(remote), std::move(socket));
  if (!connection) return;
  adopt(connection);
  connection->startAccepted();
}

std::shared_ptr<Connection>
TransportLayer::Impl::findConnection(const net::Endpoint& destination) const {
  if (destination.connection != 0) {
    auto it = connections_.find(destination.connection);
    if (it != connections_.end() && it->second->remote().transport == destination.transport)
      return it->second;
  }
  auto peer = byPeer_.find(peerKey(destination.transport, destination.address, destination.port));
  if (peer == byPeer_.end()) return nullptr;
  auto it = connections_.find(peer->second);
  return it == connections_.end() ? nullptr : it->second;
}

// On a host with several addresses, connections we open leave from the address we listen
// on, so the peer sees the same address our Via and Contact name.
tcp::socket TransportLayer::Impl::outboundSocket(TransportKind kind,
                                                 const boost::asio::ip::address& peer) {
  tcp::socket socket(io_);
  const auto& where = listenAddress(kind);
  auto local = where ? parseAddress(where->address) : std::nullopt;
  if (!local || local->is_unspecified() || local->is_v4() != peer.is_v4()) return socket;
  boost::system::error_code ec;
  socket.open(local->is_v4() ? tcp::v4() : tcp::v6(), ec);
  if (!ec) socket.bind({*local, 0}, ec);
  if (ec) return tcp::socket(io_); // let connect pick the route's address
  return socket;
}

std::shared_ptr<Connection> TransportLayer::Impl::connectTo(const net::Endpoint& destination) {
  auto address = parseAddress(destination.address);
  if (!address) return nullptr;
  net::Endpoint remote{destination.transport, address->to_string(), destination.port,
                       nextConnectionId_++};
  tcp::endpoint peer{*address, destination.port};
  if (destination.transport == TransportKind::Tcp) {
    auto connection = std::make_shared<TcpConnection>(
        *this, std::move(remote), config_.idleTimeout, config_.maxMessageSize,
        outboundSocket(destination.transport, *address));
    adopt(connection);
    connection->connect(peer);
    return connection;
  }
  if (!clientTls_) clientTls_ = net::makeClientTlsContext(config_.tlsVerifyPeer);
  auto connection = std::make_shared<TlsConnection>(
      *this, std::move(remote), config_.idleTimeout, config_.maxMessageSize,
      outboundSocket(destination.transport, *address), *clientTls_);
  adopt(connection);
  connection->connect(peer);
  return connection;
}

bool TransportLayer::Impl::sendDatagram(const std::string& bytes,
                                        const net::Endpoint& destination) {
  auto address = parseAddress(destination.address);
  if (!udp_ || !address) return false;
  return udp_->send(bytes, {*address, destination.port});
}

bool TransportLayer::Impl::send(const Message& message, const net::Endpoint& destination) {
  const std::string bytes = message.serialize();
  bool sent = false;
  if (destination.transport == TransportKind::Udp) {
    sent = sendDatagram(bytes, destination);
  } else {
    auto connection = findConnection(destination);
    const bool mayConnect =
        destination.transport == TransportKind::Tcp || destination.transport == TransportKind::Tls;
    if (!connection && mayConnect) connection = connectTo(destination);
    sent = connection && connection->send(bytes);
  }
  ++(sent ? stats_.sent : stats_.dropped);
  return sent;
}

// TransportLayer forwards to Impl so the header stays free of Asio socket types.
TransportLayer::TransportLayer(boost::asio::io_context& io, TransportListener& listener,
                               TransportConfig config)
    : impl_(std::make_unique<Impl>(io, listener, std::move(config))) {}
TransportLayer::~TransportLayer() = default;
std::optional<common::Error> TransportLayer::start() {
  return impl_->start();
}
void TransportLayer::stop() {
  impl_->stop();
}
bool TransportLayer::send(const Message& message, const net::Endpoint& destination) {
  return impl_->send(message, destination);
}
std::uint16_t TransportLayer::boundPort(TransportKind kind) const {
  return impl_->boundPort(kind);
}
net::Endpoint TransportLayer::localEndpoint(TransportKind kind) const {
  return impl_->localEndpoint(kind);
}
TransportLayer::Stats TransportLayer::stats() const {
  return impl_->stats();
}

} // namespace sb::sip::transport

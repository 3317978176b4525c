#pragma once
// SIP over TCP or TLS (RFC 3261 18.3): a byte stream cut into messages by StreamFramer,
// with CRLF ping/pong keep-alives (RFC 5626 3.5.1). Socket is boost::asio::ip::tcp::socket
// or boost::asio::ssl::stream<tcp::socket>.
#include "sip/transport/connection.hpp"
#include "sip/transport/stream_framer.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include <array>
#include <type_traits>
#include <utility>

namespace sb::sip::transport {

template <typename Socket> class StreamConnection final : public Connection {
public:
  static constexpr bool kSecure =
      std::is_same_v<Socket, boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

  // socketArgs construct the Socket: (tcp::socket&&) or (tcp::socket&&, ssl::context&).
  template <typename... SocketArgs>
  StreamConnection(Owner& owner, net::Endpoint remote, std::chrono::seconds idleTimeout,
                   std::size_t maxMessageSize, SocketArgs&&... socketArgs)
      : Connection(lowest(socketArgs...).get_executor(), owner, std::move(remote), idleTimeout),
        socket_(std::forward<SocketArgs>(socketArgs)...), framer_(maxMessageSize) {}

  void startAccepted() override {
    startIdleTimer();
    handshake(handshakeSide(true));
  }

  // Client side: connects to `peer` (and runs the TLS handshake); queued bytes go out after.
  void connect(const boost::asio::ip::tcp::endpoint& peer) {
    startIdleTimer();
    boost::beast::get_lowest_layer(socket_).async_connect(
        peer, [self = self()](const boost::system::error_code& ec) {
          if (self->isClosed()) return;
          if (ec) return self->close();
          self->handshake(self->handshakeSide(false));
        });
  }

private:
  static boost::asio::ip::tcp::socket& lowest(boost::asio::ip::tcp::socket& s, auto&&...) {
    return s;
  }

  std::shared_ptr<StreamConnection> self() {
    return std::static_pointer_cast<StreamConnection>(shared_from_this());
  }

  static int handshakeSide(bool server) {
    return server ? boost::asio::ssl::stream_base::server : boost::asio::ssl::stream_base::client;
  }

  void handshake(int side) {
    if constexpr (kSecure) {
      socket_.async_handshake(static_cast<boost::asio::ssl::stream_base::handshake_type>(side),
                              [self = self()](const boost::system::error_code& ec) {
                                if (self->isClosed()) return;
                                if (ec) return self->close();
                                self->established();
                              });
    } else {
      (void)side;
      established();
    }
  }

  void startReading() override {
    socket_.async_read_some(boost::asio::buffer(readBuffer_),
                            [self = self()](const boost::system::error_code& ec, std::size_t n) {
                              if (self->isClosed()) return;
                              if (ec) return self->close(); // eof, reset, TLS alert
                              self->onBytes(std::string_view(self->readBuffer_.data(), n));
                            });
  }

  void onBytes(std::string_view bytes) {
    touch();
    framer_.append(bytes);
    while (!isClosed()) {
      auto frame = framer_.next();
      if (!frame) return reportFramingError(frame.error());
      if (!frame->has_value()) break;
      StreamFrame& f = **frame;
      if (f.kind == StreamFrame::Kind::Ping) send("\r\n");
      if (f.kind == StreamFrame::Kind::Message) reportFrame(f.bytes);
    }
    if (!isClosed()) startReading();
  }

  void writeBytes(const std::string& bytes) override {
    boost::asio::async_write(
        socket_, boost::asio::buffer(bytes),
        [self = self()](const boost::system::error_code& ec, std::size_t) { self->writeDone(ec); });
  }

  // An abrupt close: a TLS close_notify would need one more round trip on a connection
  // we are giving up on, and SIP never relies on it to know a message is complete.
  void closeSocket() override {
    boost::system::error_code ignored;
    auto& tcp = boost::beast::get_lowest_layer(socket_);
    tcp.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    tcp.close(ignored);
  }

  Socket socket_;
  StreamFramer framer_;
  std::array<char, 16384> readBuffer_{};
};

using TcpConnection = StreamConnection<boost::asio::ip::tcp::socket>;
using TlsConnection = StreamConnection<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace sb::sip::transport

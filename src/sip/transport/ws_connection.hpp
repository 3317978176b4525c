#pragma once
// SIP over WebSocket (RFC 7118), server side only: browsers connect to us. Each text or
// binary WebSocket message carries exactly one SIP message, so no stream framing is needed.
// NextLayer is boost::asio::ip::tcp::socket (WS) or ssl::stream<tcp::socket> (WSS).
#include "sip/transport/connection.hpp"
#include "sip/transport/ws_handshake.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <optional>
#include <type_traits>
#include <utility>

namespace sb::sip::transport {

template <typename NextLayer> class WsConnection final : public Connection {
public:
  static constexpr bool kSecure =
      std::is_same_v<NextLayer, boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

  // Upgrade requests larger than this are refused: browsers send well under 2 KiB.
  static constexpr std::uint32_t kMaxUpgradeHeaderBytes = 8192;

  template <typename... LayerArgs>
  WsConnection(Owner& owner, net::Endpoint remote, std::chrono::seconds idleTimeout,
               std::size_t maxMessageSize, boost::asio::ip::tcp::socket&& socket,
               LayerArgs&... args)
      : Connection(socket.get_executor(), owner, std::move(remote), idleTimeout),
        ws_(std::move(socket), args...) {
    ws_.read_message_max(maxMessageSize);
    upgrade_.emplace();
    upgrade_->header_limit(kMaxUpgradeHeaderBytes);
    upgrade_->body_limit(0);
  }

  void startAccepted() override {
    startIdleTimer();
    if constexpr (kSecure) {
      ws_.next_layer().async_handshake(boost::asio::ssl::stream_base::server,
                                       [self = self()](const boost::system::error_code& ec) {
                                         if (self->isClosed()) return;
                                         if (ec) return self->close();
                                         self->readUpgrade();
                                       });
    } else {
      readUpgrade();
    }
  }

private:
  std::shared_ptr<WsConnection> self() {
    return std::static_pointer_cast<WsConnection>(shared_from_this());
  }

  void readUpgrade() {
    namespace http = boost::beast::http;
    http::async_read(ws_.next_layer(), buffer_, *upgrade_,
                     [self = self()](const boost::system::error_code& ec, std::size_t) {
                       if (self->isClosed()) return;
                       if (ec) return self->close();
                       self->onUpgradeRequest();
                     });
  }

  void onUpgradeRequest() {
    namespace http = boost::beast::http;
    namespace websocket = boost::beast::websocket;
    const auto& request = upgrade_->get();
    if (!websocket::is_upgrade(request)) return refuse("WebSocket upgrade expected");
    // RFC 6455 4.1: a client sends nothing more until our 101. Bytes already here would be
    // mistaken for the start of the first SIP message.
    if (buffer_.size() != 0) return refuse("data sent before the WebSocket handshake completed");
    if (!offersSipSubprotocol(request[http::field::sec_websocket_protocol]))
      return refuse("the \"sip\" WebSocket subprotocol is required (RFC 7118)");
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(http::field::sec_websocket_protocol, kSipSubprotocol);
      response.set(http::field::server, "switchboard");
    }));
    ws_.async_accept(request, [self = self()](const boost::system::error_code& ec) {
      if (self->isClosed()) return;
      self->upgrade_.reset();
      if (ec) return self->close();
      self->established();
    });
  }

  // RFC 6455 4.2.2 lets the server fail the handshake with any HTTP error; 400 says why.
  void refuse(std::string reason) {
    namespace http = boost::beast::http;
    refusal_.emplace(http::status::bad_request, upgrade_->get().version());
    refusal_->set(http::field::server, "switchboard");
    refusal_->set(http::field::content_type, "text/plain");
    refusal_->set(http::field::connection, "close");
    refusal_->body() = std::move(reason) + "\r\n";
    refusal_->prepare_payload();
    http::async_write(
        ws_.next_layer(), *refusal_,
        [self = self()](const boost::system::error_code&, std::size_t) { self->close(); });
  }

  void startReading() override {
    ws_.async_read(buffer_, [self = self()](const boost::system::error_code& ec, std::size_t) {
      if (self->isClosed()) return;
      if (ec) return self->close(); // close frame, reset, oversized message
      std::string message = boost::beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->reportFrame(message);
      if (!self->isClosed()) self->startReading();
    });
  }

  // Text frames must be UTF-8 (RFC 6455 8.1) and browsers drop the connection otherwise,
  // so a message with any non-ASCII byte (a binary body) goes as a binary frame.
  void writeBytes(const std::string& bytes) override {
    const bool ascii =
        std::ranges::all_of(bytes, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    ws_.text(ascii);
    ws_.async_write(
        boost::asio::buffer(bytes),
        [self = self()](const boost::system::error_code& ec, std::size_t) { self->writeDone(ec); });
  }

  void closeSocket() override {
    boost::system::error_code ignored;
    auto& tcp = boost::beast::get_lowest_layer(ws_);
    tcp.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    tcp.close(ignored);
  }

  boost::beast::websocket::stream<NextLayer> ws_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> upgrade_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> refusal_;
};

using WsPlainConnection = WsConnection<boost::asio::ip::tcp::socket>;
using WssConnection = WsConnection<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace sb::sip::transport

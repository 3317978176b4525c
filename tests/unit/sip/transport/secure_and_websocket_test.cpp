// TLS, WS and WSS on loopback with a generated self-signed certificate.
#include "sip/transport/transport_layer.hpp"
#include "unit/sip/transport/loopback.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace sb::sip::transport {
namespace {

namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using boost::asio::ip::tcp;
using net::TransportKind;
using testing::optionsRequest;
using testing::RecordingListener;
using testing::runUntil;

tcp::endpoint loopback(std::uint16_t port) {
  return {boost::asio::ip::make_address("127.0.0.1"), port};
}

class SecureTransportTest : public ::testing::Test {
protected:
  void SetUp() override {
    TransportConfig config;
    config.tls = ListenAddress{"127.0.0.1", 0};
    config.ws = ListenAddress{"127.0.0.1", 0};
    config.wss = ListenAddress{"127.0.0.1", 0};
    config.tlsFiles = certificate_.files;
    layer_ = std::make_unique<TransportLayer>(io_, listener_, config);
    auto error = layer_->start();
    ASSERT_FALSE(error.has_value()) << error->message;
    clientTls_.set_verify_mode(ssl::verify_none);
  }

  // Sends a 200 for the first received request back to where it came from.
  std::string answerFirstRequest() {
    const auto& request = listener_.messages.at(0);
    Message response = makeResponse(request.message, 200);
    EXPECT_TRUE(layer_->send(response, request.source));
    return response.serialize();
  }

  boost::asio::io_context io_;
  testing::TestCertificate certificate_;
  RecordingListener listener_;
  std::unique_ptr<TransportLayer> layer_;
  ssl::context clientTls_{ssl::context::tls_client};
};

TEST_F(SecureTransportTest, TlsRoundTrip) {
  ssl::stream<tcp::socket> client(io_, clientTls_);
  client.next_layer().connect(loopback(layer_->boundPort(TransportKind::Tls)));
  std::optional<boost::system::error_code> handshake;
  client.async_handshake(ssl::stream_base::client, [&](auto ec) { handshake = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return handshake.has_value(); }));
  ASSERT_FALSE(*handshake) << handshake->message();
  EXPECT_GE(SSL_version(client.native_handle()), TLS1_2_VERSION);

  const std::string request = optionsRequest("TLS");
  bool written = false;
  boost::asio::async_write(client, boost::asio::buffer(request),
                           [&](auto, auto) { written = true; });
  ASSERT_TRUE(runUntil(io_, [&] { return written && listener_.messages.size() == 1; }));
  EXPECT_EQ(listener_.messages[0].source.transport, TransportKind::Tls);

  const std::string response = answerFirstRequest();
  std::string received(response.size(), '\0');
  std::optional<boost::system::error_code> read;
  boost::asio::async_read(client, boost::asio::buffer(received), [&](auto ec, auto) { read = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return read.has_value(); }));
  ASSERT_FALSE(*read) << read->message();
  EXPECT_EQ(received, response);
}

TEST_F(SecureTransportTest, TlsRefusesTls11) {
  ssl::context old(ssl::context::tls_client);
  SSL_CTX_set_max_proto_version(old.native_handle(), TLS1_1_VERSION);
  ssl::stream<tcp::socket> client(io_, old);
  client.next_layer().connect(loopback(layer_->boundPort(TransportKind::Tls)));
  std::optional<boost::system::error_code> handshake;
  client.async_handshake(ssl::stream_base::client, [&](auto ec) { handshake = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return handshake.has_value(); }));
  EXPECT_TRUE(*handshake);
}

// Runs the client side of a WebSocket upgrade offering `subprotocol` ("" offers none).
template <typename Stream>
std::optional<boost::system::error_code> upgrade(boost::asio::io_context& io, Stream& ws,
                                                 const std::string& subprotocol,
                                                 websocket::response_type& response) {
  if (!subprotocol.empty()) {
    ws.set_option(websocket::stream_base::decorator([subprotocol](websocket::request_type& r) {
      r.set(boost::beast::http::field::sec_websocket_protocol, subprotocol);
    }));
  }
  std::optional<boost::system::error_code> result;
  ws.async_handshake(response, "127.0.0.1", "/", [&](auto ec) { result = ec; });
  runUntil(io, [&] { return result.has_value(); });
  return result;
}

TEST_F(SecureTransportTest, WebSocketRoundTripWithSipSubprotocol) {
  websocket::stream<tcp::socket> ws(io_);
  ws.next_layer().connect(loopback(layer_->boundPort(TransportKind::Ws)));
  websocket::response_type handshakeResponse;
  auto handshake = upgrade(io_, ws, "chat, sip", handshakeResponse);
  ASSERT_TRUE(handshake.has_value());
  ASSERT_FALSE(*handshake) << handshake->message();
  EXPECT_EQ(handshakeResponse[boost::beast::http::field::sec_websocket_protocol], "sip");

  const std::string request = optionsRequest("WS");
  bool written = false;
  ws.text(true);
  ws.async_write(boost::asio::buffer(request), [&](auto, auto) { written = true; });
  ASSERT_TRUE(runUntil(io_, [&] { return written && listener_.messages.size() == 1; }));
  EXPECT_EQ(listener_.messages[0].source.transport, TransportKind::Ws);

  const std::string response = answerFirstRequest();
  boost::beast::flat_buffer buffer;
  std::optional<boost::system::error_code> read;
  ws.async_read(buffer, [&](auto ec, auto) { read = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return read.has_value(); }));
  ASSERT_FALSE(*read) << read->message();
  EXPECT_TRUE(ws.got_text());
  EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), response);
}

TEST_F(SecureTransportTest, WebSocketWithoutSipSubprotocolIsRefused) {
  websocket::stream<tcp::socket> ws(io_);
  ws.next_layer().connect(loopback(layer_->boundPort(TransportKind::Ws)));
  websocket::response_type handshakeResponse;
  auto handshake = upgrade(io_, ws, "", handshakeResponse);
  ASSERT_TRUE(handshake.has_value());
  EXPECT_TRUE(*handshake);
  EXPECT_EQ(handshakeResponse.result(), boost::beast::http::status::bad_request);
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.closed.size() == 1; }));
  EXPECT_EQ(layer_->stats().connections, 0u);
}

TEST_F(SecureTransportTest, SecureWebSocketRoundTrip) {
  websocket::stream<ssl::stream<tcp::socket>> wss(io_, clientTls_);
  boost::beast::get_lowest_layer(wss).connect(loopback(layer_->boundPort(TransportKind::Wss)));
  std::optional<boost::system::error_code> tlsHandshake;
  wss.next_layer().async_handshake(ssl::stream_base::client, [&](auto ec) { tlsHandshake = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return tlsHandshake.has_value(); }));
  ASSERT_FALSE(*tlsHandshake) << tlsHandshake->message();
  websocket::response_type handshakeResponse;
  auto handshake = upgrade(io_, wss, "sip", handshakeResponse);
  ASSERT_TRUE(handshake.has_value());
  ASSERT_FALSE(*handshake) << handshake->message();

  const std::string request = optionsRequest("WSS");
  bool written = false;
  wss.binary(true); // RFC 7118 allows binary frames too
  wss.async_write(boost::asio::buffer(request), [&](auto, auto) { written = true; });
  ASSERT_TRUE(runUntil(io_, [&] { return written && listener_.messages.size() == 1; }));
  EXPECT_EQ(listener_.messages[0].source.transport, TransportKind::Wss);

  const std::string response = answerFirstRequest();
  boost::beast::flat_buffer buffer;
  std::optional<boost::system::error_code> read;
  wss.async_read(buffer, [&](auto ec, auto) { read = ec; });
  ASSERT_TRUE(runUntil(io_, [&] { return read.has_value(); }));
  ASSERT_FALSE(*read) << read->message();
  EXPECT_EQ(boost::beast::buffers_to_string(buffer.data()), response);
}

TEST_F(SecureTransportTest, WebSocketSendAfterCloseFails) {
  websocket::stream<tcp::socket> ws(io_);
  ws.next_layer().connect(loopback(layer_->boundPort(TransportKind::Ws)));
  websocket::response_type handshakeResponse;
  auto handshake = upgrade(io_, ws, "sip", handshakeResponse);
  ASSERT_TRUE(handshake && !*handshake);
  const std::string request = optionsRequest("WS");
  ws.async_write(boost::asio::buffer(request), [](auto, auto) {});
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.messages.size() == 1; }));
  ws.next_layer().close();
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.closed.size() == 1; }));
  EXPECT_FALSE(
      layer_->send(makeResponse(listener_.messages[0].message, 200), listener_.messages[0].source));
}

TEST(TlsHandshakeTest, ClientThatNeverHandshakesIsClosed) {
  boost::asio::io_context io;
  testing::TestCertificate certificate;
  RecordingListener listener;
  TransportConfig config;
  config.tls = ListenAddress{"127.0.0.1", 0};
  config.tlsFiles = certificate.files;
  config.idleTimeout = std::chrono::seconds(1); // the handshake bound is at most this
  TransportLayer layer(io, listener, config);
  ASSERT_FALSE(layer.start().has_value());
  tcp::socket silent(io);
  silent.connect(loopback(layer.boundPort(TransportKind::Tls)));
  ASSERT_TRUE(runUntil(io, [&] { return listener.closed.size() == 1; }));
  EXPECT_EQ(layer.stats().connections, 0u);
}

TEST(TransportConfigTest, TlsWithoutCertificateFailsToStart) {
  boost::asio::io_context io;
  RecordingListener listener;
  TransportConfig config;
  config.tls = ListenAddress{"127.0.0.1", 0};
  TransportLayer layer(io, listener, config);
  EXPECT_TRUE(layer.start().has_value());
}

} // namespace
} // namespace sb::sip::transport

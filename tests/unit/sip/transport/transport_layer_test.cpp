// UDP, TCP and the connection life cycle on loopback, port 0.
#include "sip/transport/transport_layer.hpp"
#include "unit/sip/transport/loopback.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>

namespace sb::sip::transport {
namespace {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;
using net::TransportKind;
using testing::optionsRequest;
using testing::parsed;
using testing::RecordingListener;
using testing::runUntil;

// A plain TCP peer driven synchronously from the test (non-blocking reads).
class RawClient {
public:
  RawClient(boost::asio::io_context& io, std::uint16_t port) : socket_(io) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    socket_.non_blocking(true);
  }
  void write(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }
  // Collects what has arrived; notes when the peer closed.
  void poll() {
    std::array<char, 4096> chunk{};
    boost::system::error_code ec;
    while (!closed) {
      const std::size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec == boost::asio::error::would_block) return;
      if (ec) closed = true;
      received.append(chunk.data(), n);
    }
  }
  std::uint16_t localPort() const { return socket_.local_endpoint().port(); }
  void close() { socket_.close(); }

  std::string received;
  bool closed = false;

private:
  tcp::socket socket_;
};

class TransportLayerTest : public ::testing::Test {
protected:
  void startLayer(std::chrono::seconds idleTimeout = std::chrono::seconds(300)) {
    TransportConfig config;
    config.udpTcp = ListenAddress{"127.0.0.1", 0};
    config.idleTimeout = idleTimeout;
    layer_ = std::make_unique<TransportLayer>(io_, listener_, config);
    auto error = layer_->start();
    ASSERT_FALSE(error.has_value()) << error->message;
    port_ = layer_->boundPort(TransportKind::Udp);
    ASSERT_NE(port_, 0);
  }

  boost::asio::io_context io_;
  RecordingListener listener_;
  std::unique_ptr<TransportLayer> layer_;
  std::uint16_t port_ = 0;
};

TEST_F(TransportLayerTest, UdpAndTcpShareOnePortAndLocalEndpointNamesIt) {
  startLayer();
  EXPECT_EQ(layer_->boundPort(TransportKind::Tcp), port_);
  EXPECT_EQ(layer_->boundPort(TransportKind::Tls), 0);
  const auto local = layer_->localEndpoint(TransportKind::Tcp);
  EXPECT_EQ(local.address, "127.0.0.1");
  EXPECT_EQ(local.port, port_);
  EXPECT_EQ(local.transport, TransportKind::Tcp);
}

TEST_F(TransportLayerTest, WildcardAddressAdvertisesLoopback) {
  TransportConfig config;
  config.udpTcp = ListenAddress{"0.0.0.0", 0};
  TransportLayer layer(io_, listener_, config);
  ASSERT_FALSE(layer.start().has_value());
  EXPECT_EQ(layer.localEndpoint(TransportKind::Udp).address, "127.0.0.1");
}

TEST_F(TransportLayerTest, StartReportsAPortInUse) {
  startLayer();
  TransportConfig config;
  config.udpTcp = ListenAddress{"127.0.0.1", port_};
  TransportLayer second(io_, listener_, config);
  auto error = second.start();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find(std::to_string(port_)), std::string::npos) << error->message;
}

TEST_F(TransportLayerTest, UdpRoundTrip) {
  startLayer();
  udp::socket peer(io_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const std::string request = optionsRequest("UDP");
  peer.send_to(boost::asio::buffer(request), udp::endpoint(peer.local_endpoint().address(), port_));
  ASSERT_TRUE(runUntil(io_, [&] { return !listener_.messages.empty(); }));

  const auto& received = listener_.messages[0];
  EXPECT_EQ(received.message.method, "OPTIONS");
  EXPECT_EQ(received.source.transport, TransportKind::Udp);
  EXPECT_EQ(received.source.port, peer.local_endpoint().port());
  EXPECT_EQ(received.source.connection, 0u);

  ASSERT_TRUE(layer_->send(makeResponse(received.message, 200), received.source));
  std::array<char, 2048> buffer{};
  peer.non_blocking(true);
  std::size_t got = 0;
  ASSERT_TRUE(runUntil(io_, [&] {
    boost::system::error_code ec;
    got = peer.receive(boost::asio::buffer(buffer), 0, ec);
    return !ec;
  }));
  auto response = parseMessage(std::string_view(buffer.data(), got));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->statusCode, 200);
  EXPECT_EQ(layer_->stats().received, 1u);
  EXPECT_EQ(layer_->stats().sent, 1u);
}

TEST_F(TransportLayerTest, UdpOverIpv6Loopback) {
  TransportConfig config;
  config.udpTcp = ListenAddress{"::1", 0};
  TransportLayer layer(io_, listener_, config);
  if (layer.start().has_value()) GTEST_SKIP() << "no IPv6 loopback here";
  EXPECT_EQ(layer.localEndpoint(TransportKind::Udp).address, "::1");
  udp::socket peer(io_, udp::endpoint(boost::asio::ip::make_address("::1"), 0));
  const std::string request = optionsRequest("UDP");
  peer.send_to(boost::asio::buffer(request),
               udp::endpoint(peer.local_endpoint().address(), layer.boundPort(TransportKind::Udp)));
  ASSERT_TRUE(runUntil(io_, [&] { return !listener_.messages.empty(); }));
  EXPECT_EQ(listener_.messages[0].source.address, "::1");
  EXPECT_TRUE(
      layer.send(makeResponse(listener_.messages[0].message, 200), listener_.messages[0].source));
}

TEST_F(TransportLayerTest, UdpGarbageIsReportedNotDelivered) {
  startLayer();
  udp::socket peer(io_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  peer.send_to(boost::asio::buffer(std::string("\r\n\r\n")),
               udp::endpoint(peer.local_endpoint().address(), port_));
  peer.send_to(boost::asio::buffer(std::string("hello\r\n\r\n")),
               udp::endpoint(peer.local_endpoint().address(), port_));
  ASSERT_TRUE(runUntil(io_, [&] { return !listener_.badMessages.empty(); }));
  EXPECT_TRUE(listener_.messages.empty());
  EXPECT_EQ(listener_.badMessages.size(), 1u); // the CRLF keep-alive is not an error
}

TEST_F(TransportLayerTest, TcpFramesSplitAndCoalescedMessages) {
  startLayer();
  RawClient client(io_, port_);
  const std::string first = optionsRequest("TCP", "first");
  const std::string second = optionsRequest("TCP", "second");
  client.write(first.substr(0, 50));
  runUntil(
      io_, [&] { return false; }, std::chrono::milliseconds(100));
  EXPECT_TRUE(listener_.messages.empty());
  client.write(first.substr(50) + second);
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.messages.size() == 2; }));

  EXPECT_EQ(listener_.messages[0].message.callId(), "first");
  EXPECT_EQ(listener_.messages[1].message.callId(), "second");
  const auto source = listener_.messages[0].source;
  EXPECT_EQ(source.transport, TransportKind::Tcp);
  EXPECT_NE(source.connection, 0u);
  EXPECT_EQ(listener_.messages[1].source.connection, source.connection);
  EXPECT_EQ(source.port, client.localPort());

  const std::string response = makeResponse(listener_.messages[0].message, 200).serialize();
  ASSERT_TRUE(layer_->send(parsed(response), source));
  ASSERT_TRUE(runUntil(io_, [&] {
    client.poll();
    return client.received.size() >= response.size();
  }));
  EXPECT_EQ(client.received, response);
  EXPECT_EQ(layer_->stats().connections, 1u);
}

TEST_F(TransportLayerTest, AnswersDoubleCrlfPingWithSingleCrlfPong) {
  startLayer();
  RawClient client(io_, port_);
  client.write("\r\n");
  client.write("\r\n");
  ASSERT_TRUE(runUntil(io_, [&] {
    client.poll();
    return !client.received.empty();
  }));
  runUntil(
      io_,
      [&] {
        client.poll();
        return false;
      },
      std::chrono::milliseconds(50));
  EXPECT_EQ(client.received, "\r\n");
  EXPECT_TRUE(listener_.messages.empty());
  EXPECT_TRUE(listener_.badMessages.empty());
}

TEST_F(TransportLayerTest, MalformedStreamClosesTheConnection) {
  startLayer();
  RawClient client(io_, port_);
  client.write("INVITE sip:bob@127.0.0.1 SIP/2.0\r\nContent-Length: many\r\n\r\n");
  ASSERT_TRUE(runUntil(io_, [&] {
    client.poll();
    return client.closed;
  }));
  ASSERT_EQ(listener_.badMessages.size(), 1u);
  EXPECT_EQ(listener_.badMessages[0].second.transport, TransportKind::Tcp);
  ASSERT_EQ(listener_.closed.size(), 1u);
  EXPECT_EQ(listener_.closed[0], listener_.badMessages[0].second.connection);
  EXPECT_EQ(layer_->stats().connections, 0u);
}

TEST_F(TransportLayerTest, IdleConnectionIsClosed) {
  startLayer(std::chrono::seconds(1));
  RawClient client(io_, port_);
  ASSERT_TRUE(runUntil(io_, [&] {
    client.poll();
    return client.closed;
  }));
  EXPECT_EQ(listener_.closed.size(), 1u);
  EXPECT_EQ(layer_->stats().connections, 0u);
}

TEST_F(TransportLayerTest, OutboundConnectQueuesAndReusesTheConnection) {
  startLayer();
  RecordingListener otherListener;
  TransportConfig config;
  config.udpTcp = ListenAddress{"127.0.0.1", 0};
  TransportLayer other(io_, otherListener, config);
  ASSERT_FALSE(other.start().has_value());

  net::Endpoint target{TransportKind::Tcp, "127.0.0.1", other.boundPort(TransportKind::Tcp), 0};
  ASSERT_TRUE(layer_->send(parsed(optionsRequest("TCP", "one")), target));
  ASSERT_TRUE(layer_->send(parsed(optionsRequest("TCP", "two")), target)); // queued behind connect
  ASSERT_TRUE(runUntil(io_, [&] { return otherListener.messages.size() == 2; }));
  EXPECT_EQ(otherListener.messages[1].message.callId(), "two");
  EXPECT_EQ(layer_->stats().connections, 1u);

  const auto& request = otherListener.messages[0];
  ASSERT_TRUE(other.send(makeResponse(request.message, 200), request.source));
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.messages.size() == 1; }));
  EXPECT_EQ(listener_.messages[0].message.statusCode, 200);
  EXPECT_EQ(other.stats().connections, 1u);
}

TEST_F(TransportLayerTest, SendToClosedConnectionFailsCleanly) {
  startLayer();
  {
    RawClient client(io_, port_);
    client.write(optionsRequest("TCP"));
    ASSERT_TRUE(runUntil(io_, [&] { return listener_.messages.size() == 1; }));
    client.close();
  }
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.closed.size() == 1; }));
  // The peer's ephemeral port no longer listens: the layer tries a new connection, which
  // fails and is reported closed, without delivering anything.
  const auto source = listener_.messages[0].source;
  layer_->send(makeResponse(listener_.messages[0].message, 200), source);
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.closed.size() == 2; }));
  EXPECT_EQ(layer_->stats().connections, 0u);

  net::Endpoint websocket = source;
  websocket.transport = TransportKind::Ws; // WS never connects out
  EXPECT_FALSE(layer_->send(makeResponse(listener_.messages[0].message, 200), websocket));
}

TEST_F(TransportLayerTest, StopClosesEverythingAndSendFails) {
  startLayer();
  RawClient client(io_, port_);
  client.write(optionsRequest("TCP"));
  ASSERT_TRUE(runUntil(io_, [&] { return listener_.messages.size() == 1; }));
  layer_->stop();
  ASSERT_TRUE(runUntil(io_, [&] {
    client.poll();
    return client.closed;
  }));
  EXPECT_FALSE(layer_->send(parsed(optionsRequest("UDP")),
                            {TransportKind::Udp, "127.0.0.1", client.localPort(), 0}));
  layer_.reset();
  io_.poll(); // completions queued before destruction must not touch the dead layer
}

} // namespace
} // namespace sb::sip::transport

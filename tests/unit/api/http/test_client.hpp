#pragma once
// Beast clients for the server tests, plain or TLS, every operation bounded in time, and a
// thread-safe record of what the server's callbacks saw.
#include "api/http/http_server.hpp"
#include "api/http/router.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sb::api::http::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;

inline constexpr std::chrono::seconds kBound{5};

// Runs `io` until `done` holds, at most `bound`; whether it did. (Running until the
// io_context is out of work would also wait for timers Beast leaves behind.)
inline bool runUntil(net::io_context& io, const bool& done,
                     std::chrono::milliseconds bound = kBound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  io.restart();
  while (!done && std::chrono::steady_clock::now() < deadline) {
    if (io.stopped()) io.restart();
    io.run_one_until(deadline);
  }
  return done;
}

inline tcp::endpoint loopback(std::uint16_t port) {
  return {net::ip::make_address("127.0.0.1"), port};
}

// One HTTP connection. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream> class BasicClient {
public:
  template <class... TlsContext>
  explicit BasicClient(std::uint16_t port, TlsContext&... tls) : stream_(io_, tls...) {
    tcp().expires_after(kBound);
    tcp().async_connect(loopback(port), [this](beast::error_code ec) { finish(ec); });
    connected = await() && !error;
    if constexpr (sizeof...(TlsContext) > 0) {
      stream_.async_handshake(net::ssl::stream_base::client,
                              [this](beast::error_code ec) { finish(ec); });
      connected = connected && await() && !error;
    }
  }

  bool writeRaw(const std::string& bytes) {
    tcp().expires_after(kBound);
    net::async_write(stream_, net::buffer(bytes),
                     [this](beast::error_code ec, std::size_t) { finish(ec); });
    return await() && !error;
  }

  bool write(bhttp::request<bhttp::string_body> request) {
    request.version(11);
    request.set(bhttp::field::host, "localhost");
    request.prepare_payload();
    tcp().expires_after(kBound);
    bhttp::async_write(stream_, request, [this](beast::error_code ec, std::size_t) { finish(ec); });
    return await() && !error;
  }

  // The next response; `head` when it answers a HEAD request (headers only).
  std::optional<Response> read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(head);
    tcp().expires_after(kBound);
    bhttp::async_read(stream_, buffer_, parser,
                      [this](beast::error_code ec, std::size_t) { finish(ec); });
    if (!await() || error) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> request(bhttp::verb method, const std::string& target,
                                  std::string body = "") {
    bhttp::request<bhttp::string_body> message{method, target, 11};
    message.body() = std::move(body);
    if (!write(std::move(message))) return std::nullopt;
    return read(method == bhttp::verb::head);
  }

  // Whether the server closes the connection (within the bound) rather than sending more.
  bool closedByServer() {
    std::array<char, 256> scratch{};
    tcp().expires_after(kBound);
    std::size_t received = 0;
    tcp().async_read_some(net::buffer(scratch),
                          [this, &received](beast::error_code ec, std::size_t n) {
                            received = n;
                            finish(ec);
                          });
    if (!await()) return false;
    return received == 0 && (error == net::error::eof || error == net::error::connection_reset);
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  // Runs the operation just started to its end; past the bound it is cancelled, so that no
  // handler outlives the call.
  bool await() {
    done_ = false;
    if (runUntil(io_, done_)) return true;
    tcp().close();
    runUntil(io_, done_);
    return false;
  }
  void finish(beast::error_code ec) {
    error = ec;
    done_ = true;
  }

  bool connected = false;
  beast::error_code error;

private:
  net::io_context io_;
  bool done_ = false;
  Stream stream_;
  beast::flat_buffer buffer_;
};

using Client = BasicClient<beast::tcp_stream>;
using TlsClient = BasicClient<beast::ssl_stream<beast::tcp_stream>>;

// One WebSocket client connection.
template <class NextLayer> class BasicWsClient {
public:
  template <class... TlsContext> explicit BasicWsClient(TlsContext&... tls) : ws_(io_, tls...) {}

  // Connects and upgrades; false with `response` holding what the server answered instead.
  bool open(std::uint16_t port, const std::string& target, std::size_t receiveBuffer = 0) {
    auto& lowest = beast::get_lowest_layer(ws_);
    if (receiveBuffer) {
      lowest.socket().open(tcp::v4());
      lowest.socket().set_option(
          net::socket_base::receive_buffer_size(static_cast<int>(receiveBuffer)));
    }
    lowest.expires_after(kBound);
    lowest.async_connect(loopback(port), [this](beast::error_code ec) { finish(ec); });
    if (!await() || error) return false;
    if constexpr (!std::is_same_v<NextLayer, beast::tcp_stream>) {
      ws_.next_layer().async_handshake(net::ssl::stream_base::client,
                                       [this](beast::error_code ec) { finish(ec); });
      if (!await() || error) return false;
    }
    lowest.expires_never();
    ws_.set_option(websocket::stream_base::timeout{kBound, websocket::stream_base::none(), false});
    ws_.async_handshake(response, "localhost", target,
                        [this](beast::error_code ec) { finish(ec); });
    return await() && !error;
  }

  bool write(const std::string& text) {
    ws_.async_write(net::buffer(text), [this](beast::error_code ec, std::size_t) { finish(ec); });
    return await() && !error;
  }

  // The next message; nullopt with `error` set when the connection ended instead.
  std::optional<std::string> read() {
    buffer_.consume(buffer_.size());
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) { finish(ec); });
    if (!await() || error) return std::nullopt;
    return beast::buffers_to_string(buffer_.data());
  }

  bool close() {
    ws_.async_close(websocket::close_code::normal, [this](beast::error_code ec) { finish(ec); });
    return await() && !error;
  }

  websocket::close_reason reason() const { return ws_.reason(); }

  // Runs the operation just started to its end; past the bound it is cancelled, so that no
  // handler outlives the call.
  bool await() {
    done_ = false;
    if (runUntil(io_, done_)) return true;
    beast::get_lowest_layer(ws_).close();
    runUntil(io_, done_);
    return false;
  }
  void finish(beast::error_code ec) {
    error = ec;
    done_ = true;
  }

  websocket::response_type response;
  beast::error_code error;

private:
  net::io_context io_;
  bool done_ = false;
  websocket::stream<NextLayer> ws_;
  beast::flat_buffer buffer_;
};

using WsClient = BasicWsClient<beast::tcp_stream>;
using WssClient = BasicWsClient<beast::ssl_stream<beast::tcp_stream>>;

// Things the server's callbacks report from its threads, waited for with a bound.
class Events {
public:
  void push(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
    changed_.notify_all();
  }
  bool waitFor(const std::string& event, std::chrono::milliseconds bound = kBound) {
    return waitUntil(
        [&] { return std::find(events_.begin(), events_.end(), event) != events_.end(); }, bound);
  }
  bool waitUntil(const std::function<bool()>& ready, std::chrono::milliseconds bound = kBound) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, bound, ready);
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mutex_);
    return events_;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> events_;
};

// A server on a free loopback port whose requests go through a Router.
class ServerFixture : public ::testing::Test {
protected:
  ServerFixture() { options.port = 0; }

  void startServer() {
    server = std::make_unique<HttpServer>(
        options,
        [this](ApiRequest& request) {
          auto match = router.match(request.method, request.path);
          if (!match) return errorResponse(match.error());
          request.params = match->params;
          return match->route->handler(request);
        },
        upgrade);
    auto error = server->start();
    ASSERT_FALSE(error.has_value()) << error->message;
  }

  std::uint16_t port() const { return server->boundPort(); }

  HttpServerOptions options;
  Router router;
  UpgradeHandler upgrade;
  std::unique_ptr<HttpServer> server;
};

inline nlohmann::json jsonBody(const Response& response) {
  return nlohmann::json::parse(response.body(), nullptr, false);
}

} // namespace sb::api::http::testing

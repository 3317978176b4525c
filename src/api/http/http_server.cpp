#include "api/http/http_server.hpp"

#include "api/http/connection_registry.hpp"
#include "api/http/http_session.hpp"
#include "common/log.hpp"
#include "net/tls_context.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <future>
#include <thread>
#include <vector>

namespace sb::api::http {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

// The sockets and threads of a started server. The io_context is declared first so that
// it is destroyed last, after everything that does I/O on it.
struct HttpServer::Listener {
  explicit Listener(int threadCount) : io(threadCount) {}

  net::io_context io;
  std::unique_ptr<net::ssl::context> tls; // null: plain HTTP
  net::strand<net::io_context::executor_type> acceptStrand{io.get_executor()};
  tcp::acceptor acceptor{acceptStrand};
  net::steady_timer acceptRetry{acceptStrand};
  net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool stopped = false;
};

namespace {

// Accepts connections one after another, each on a strand of its own.
void acceptNext(HttpServer::Listener& listener, ServerState& state);

void retryAcceptSoon(HttpServer::Listener& listener, ServerState& state) {
  // Out of file descriptors, say: wait rather than spin.
  listener.acceptRetry.expires_after(std::chrono::milliseconds(100));
  listener.acceptRetry.async_wait([&listener, &state](const boost::system::error_code& ec) {
    if (!ec && listener.acceptor.is_open()) acceptNext(listener, state);
  });
}

void acceptNext(HttpServer::Listener& listener, ServerState& state) {
  listener.acceptor.async_accept(
      net::make_strand(listener.io),
      [&listener, &state](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !listener.acceptor.is_open()) return;
        if (ec) {
          SB_LOG_WARN("api: accepting a connection failed: {}", ec.message());
          return retryAcceptSoon(listener, state);
        }
        startHttpSession(std::move(socket), listener.tls.get(), state);
        acceptNext(listener, state);
      });
}

void runLoop(net::io_context& io) {
  while (true) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      SB_LOG_ERROR("api: an HTTP server thread caught: {}", e.what());
    }
  }
}

} // namespace

HttpServer::HttpServer(HttpServerOptions options, std::function<ApiResponse(ApiRequest&)> handle,
                       UpgradeHandler upgrade)
    : state_(std::make_unique<ServerState>()) {
  state_->options = std::move(options);
  state_->handle = std::move(handle);
  state_->upgrade = std::move(upgrade);
}

HttpServer::~HttpServer() {
  stop();
}

std::optional<common::Error> HttpServer::start() {
  const HttpServerOptions& options = state_->options;
  const std::string where = "HTTP API " + options.host + ":" + std::to_string(options.port);
  if (listener_) return common::makeError(where + ": already started");
  if (options.threads < 1) return common::makeError(where + ": needs at least one thread");
  if (options.certificateFile.empty() != options.privateKeyFile.empty())
    return common::makeError(where + ": TLS needs both a certificate and a private key file");
  auto listener = std::make_unique<Listener>(options.threads);
  if (!options.certificateFile.empty()) {
    auto context = sb::net::makeServerTlsContext(options.certificateFile, options.privateKeyFile);
    if (!context) return common::makeError(where + ": " + context.error().message);
    listener->tls = std::move(*context);
  }
  boost::system::error_code ec;
  const auto address = net::ip::make_address(options.host, ec);
  if (ec) return common::makeError(where + ": '" + options.host + "' is not an IP address");
  const tcp::endpoint endpoint(address, options.port);
  auto& acceptor = listener->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) listener->port = acceptor.local_endpoint(ec).port();
  if (ec) return common::makeError(where + ": " + ec.message());

  acceptNext(*listener, *state_);
  for (int i = 0; i < options.threads; ++i)
    listener->threads.emplace_back([&io = listener->io] { runLoop(io); });
  listener_ = std::move(listener);
  SB_LOG_INFO("api: listening on {}:{}{}", options.host, listener_->port, tls() ? " (TLS)" : "");
  return std::nullopt;
}

void HttpServer::stop() {
  if (!listener_ || listener_->stopped) return;
  listener_->stopped = true;
  std::promise<void> listenerClosed;
  net::post(listener_->acceptStrand, [this, &listenerClosed] {
    boost::system::error_code ignored;
    listener_->acceptor.close(ignored);
    listener_->acceptRetry.cancel();
    listenerClosed.set_value();
  });
  listenerClosed.get_future().wait();

  state_->connections.shutdownAll();
  const auto bound = state_->options.webSocketCloseGrace + std::chrono::seconds(2);
  if (!state_->connections.waitUntilEmpty(
          std::chrono::duration_cast<std::chrono::milliseconds>(bound)))
    SB_LOG_WARN("api: connections still open when the HTTP server stopped");
  listener_->work.reset();
  listener_->io.stop();
  for (auto& thread : listener_->threads)
    thread.join();
  listener_->threads.clear();
}

std::uint16_t HttpServer::boundPort() const {
  return listener_ ? listener_->port : 0;
}

bool HttpServer::tls() const {
  return listener_ && listener_->tls != nullptr;
}

std::size_t HttpServer::openWebSockets() const {
  return state_->openWebSockets.load();
}

} // namespace sb::api::http

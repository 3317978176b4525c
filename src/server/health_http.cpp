#include "server/health_http.hpp"

#include "common/log.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace sb::server {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// One request, one response, then close: probes do not need keep-alive.
class ProbeExchange : public std::enable_shared_from_this<ProbeExchange> {
public:
  ProbeExchange(tcp::socket socket, std::function<bool()> ready)
      : stream_(std::move(socket)), ready_(std::move(ready)) {}

  void run() {
    stream_.expires_after(std::chrono::seconds(10));
    parser_.body_limit(0);
    parser_.header_limit(8 * 1024);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](boost::beast::error_code ec, std::size_t) { self->onRead(ec); });
  }

private:
  void onRead(boost::beast::error_code ec) {
    if (ec) return;
    const auto& request = parser_.get();
    response_.version(request.version());
    response_.set(http::field::content_type, "application/json");
    response_.set(http::field::connection, "close");
    std::string target(request.target());
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      respond(http::status::method_not_allowed, R"({"error":{"code":"method_not_allowed","message":"use GET"}})");
    } else if (target == "/healthz") {
      respond(http::status::ok, R"({"status":"ok"})");
    } else if (target == "/readyz") {
      bool ready = ready_();
      respond(ready ? http::status::ok : http::status::service_unavailable,
              ready ? R"({"status":"ready"})" : R"({"status":"draining"})");
    } else {
      respond(http::status::not_found, R"({"error":{"code":"not_found","message":"no such path"}})");
    }
  }

  void respond(http::status status, std::string body) {
    response_.result(status);
    response_.body() = std::move(body);
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](boost::beast::error_code, std::size_t) {
      boost::beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  http::request_parser<http::empty_body> parser_;
  http::response<http::string_body> response_;
  std::function<bool()> ready_;
};

} // namespace

HealthHttp::HealthHttp(boost::asio::io_context& io, std::function<bool()> ready) : io_(io), ready_(std::move(ready)) {}

HealthHttp::~HealthHttp() { stop(); }

std::optional<common::Error> HealthHttp::start(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  if (ec) return common::makeError("--http: '" + host + "' is not an IP address");
  auto acceptor = std::make_unique<tcp::acceptor>(io_);
  tcp::endpoint endpoint(address, port);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return common::makeError("--http " + host + ":" + std::to_string(port) + ": " + ec.message());
  acceptor_ = std::move(acceptor);
  accept();
  return std::nullopt;
}

void HealthHttp::accept() {
  acceptor_->async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_) return;
    if (!ec) std::make_shared<ProbeExchange>(std::move(socket), ready_)->run();
    accept();
  });
}

void HealthHttp::stop() {
  if (!acceptor_) return;
  boost::system::error_code ignored;
  acceptor_->close(ignored);
  acceptor_.reset();
}

std::uint16_t HealthHttp::boundPort() const {
  if (!acceptor_) return 0;
  boost::system::error_code ec;
  auto ep = acceptor_->local_endpoint(ec);
  return ec ? 0 : ep.port();
}

} // namespace sb::server

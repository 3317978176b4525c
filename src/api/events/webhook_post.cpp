#include "api/events/webhook_post.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>

#include <type_traits>

namespace sb::api::events {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::string hostHeader(const WebhookUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  const std::uint16_t defaultPort = url.tls ? 443 : 80;
  if (url.port != defaultPort) host += ":" + std::to_string(url.port);
  return host;
}

// One exchange over `Stream`: resolve, connect, [TLS handshake], write, read the status.
template <typename Stream>
class Exchange final : public WebhookPost, public std::enable_shared_from_this<Exchange<Stream>> {
public:
  template <typename... StreamArgs>
  Exchange(asio::io_context& io, WebhookPostRequest request,
           std::function<void(WebhookPostOutcome)> done, StreamArgs&&... streamArgs)
      : resolver_(io), deadline_(io), stream_(std::forward<StreamArgs>(streamArgs)...),
        request_(std::move(request)), done_(std::move(done)) {}

  void run() {
    auto self = this->shared_from_this();
    deadline_.expires_after(request_.timeout);
    deadline_.async_wait([self](beast::error_code ec) {
      if (ec) return; // cancelled: the exchange finished first
      self->timedOut_ = true;
      self->stopEverything();
    });
    resolver_.async_resolve(request_.url.host, std::to_string(request_.url.port),
                            [self](beast::error_code ec, tcp::resolver::results_type results) {
                              if (ec) return self->fail("resolve", ec);
                              self->connect(results);
                            });
  }

  void cancel() override {
    done_ = nullptr;
    stopEverything();
  }

private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  void connect(const tcp::resolver::results_type& endpoints) {
    beast::get_lowest_layer(stream_).async_connect(
        endpoints, [self = this->shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return self->fail("connect", ec);
          if constexpr (kTls)
            self->handshake();
          else
            self->write();
        });
  }

  void handshake() {
    const std::string& host = request_.url.host;
    beast::error_code notAnAddress;
    asio::ip::make_address(host, notAnAddress);
    // SNI carries names only (RFC 6066); the certificate is checked against either.
    // SSL_set_tlsext_host_name without its C cast.
    if (notAnAddress && SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                                 TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str())) != 1)
      return fail("tls", asio::error::invalid_argument);
    stream_.set_verify_mode(asio::ssl::verify_peer);
    stream_.set_verify_callback(asio::ssl::host_name_verification(host));
    stream_.async_handshake(asio::ssl::stream_base::client,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              if (ec) return self->fail("tls", ec);
                              self->write();
                            });
  }

  void write() {
    message_.method(http::verb::post);
    message_.target(request_.url.target);
    message_.version(11);
    message_.set(http::field::host, hostHeader(request_.url));
    for (const auto& [name, value] : request_.headers)
      message_.set(name, value);
    message_.set(http::field::connection, "close");
    message_.body() = std::move(request_.body);
    message_.prepare_payload();
    http::async_write(stream_, message_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->fail("write", ec);
                        self->readStatus();
                      });
  }

  void readStatus() {
    parser_.header_limit(16 * 1024);
    http::async_read_header(
        stream_, buffer_, parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->fail("read", ec);
          self->finish(WebhookPostOutcome{self->parser_.get().result_int(), {}});
        });
  }

  void fail(const char* stage, beast::error_code ec) {
    std::string error = timedOut_ ? "timed out" : std::string(stage) + ": " + ec.message();
    finish(WebhookPostOutcome{std::nullopt, std::move(error)});
  }

  void finish(WebhookPostOutcome outcome) {
    auto done = std::move(done_);
    done_ = nullptr;
    stopEverything();
    if (done) done(std::move(outcome));
  }

  void stopEverything() {
    deadline_.cancel();
    resolver_.cancel();
    beast::get_lowest_layer(stream_).close();
  }

  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  Stream stream_;
  WebhookPostRequest request_;
  std::function<void(WebhookPostOutcome)> done_;
  bool timedOut_ = false;
  http::request<http::string_body> message_;
  beast::flat_buffer buffer_;
  http::response_parser<http::empty_body> parser_;
};

} // namespace

std::shared_ptr<WebhookPost> startWebhookPost(asio::io_context& io, asio::ssl::context& tls,
                                              WebhookPostRequest request,
                                              std::function<void(WebhookPostOutcome)> done) {
  if (request.url.tls) {
    auto exchange =
        std::make_shared<Exchange<TlsStream>>(io, std::move(request), std::move(done), io, tls);
    exchange->run();
    return exchange;
  }
  auto exchange =
      std::make_shared<Exchange<PlainStream>>(io, std::move(request), std::move(done), io);
  exchange->run();
  return exchange;
}

} // namespace sb::api::events

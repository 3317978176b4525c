#include "api/http/http_session.hpp"

#include "api/http/request_target.hpp"
#include "api/http/response_writer.hpp"
#include "api/http/stream_types.hpp"
#include "api/http/websocket_session.hpp"
#include "common/log.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

namespace sb::api::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;

// After a response that closes the connection, what the client still sends is read and
// dropped for at most this long, so that closing with unread bytes does not reset the
// connection before the client has read the response (a 413 sent mid-upload).
constexpr std::chrono::seconds kLingerBound{5};

bool isHttpParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::short_read;
}

template <class Stream>
class HttpSession final : public LiveConnection,
                          public std::enable_shared_from_this<HttpSession<Stream>> {
public:
  template <class... TlsContext>
  HttpSession(ServerState& state, std::string remote, tcp::socket&& socket, TlsContext&... tls)
      : state_(state), remote_(std::move(remote)), stream_(std::move(socket), tls...),
        executor_(stream_.get_executor()) {}

  ~HttpSession() override { state_.connections.remove(id_); }

  void start() {
    id_ = state_.connections.add(this->shared_from_this());
    if constexpr (kIsTls<Stream>) {
      tcp().expires_after(state_.options.idleTimeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](const beast::error_code& ec) {
                                if (ec) return self->closeNow();
                                self->readHeader();
                              });
    } else {
      readHeader();
    }
  }

  void shutdown() override {
    net::post(executor_, [self = this->shared_from_this()] { self->closeNow(); });
  }

private:
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void readHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(state_.options.maxHeaderBytes, UINT32_MAX)));
    // The body limit depends on the route, known once the header is: onHeader sets it.
    parser_->body_limit(boost::none);
    bodyLimit_ = state_.options.maxBodyBytes;
    tcp().expires_after(state_.options.idleTimeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](
                                 const beast::error_code& ec, std::size_t) { self->onHeader(ec); });
  }

  void onHeader(const beast::error_code& ec) {
    if (ec) return onReadFailed(ec);
    const auto& request = parser_->get();
    context_ = ResponseContext{
        request.version(), request.keep_alive(), request.method() == bhttp::verb::head,
        request.method() == bhttp::verb::get ? std::string(request[bhttp::field::range])
                                             : std::string()};
    if (beast::websocket::is_upgrade(request)) return upgrade();
    bodyLimit_ = bodyLimitOf(request);
    if (const auto length = parser_->content_length(); length && *length > bodyLimit_)
      return respondAndClose(tooLarge());
    parser_->body_limit(bodyLimit_); // for chunked bodies, checked as they come
    if (beast::iequals(request[bhttp::field::expect], "100-continue") && !parser_->is_done())
      return sendContinue();
    readBody();
  }

  // A client that sent "Expect: 100-continue" waits for this before sending its body.
  void sendContinue() {
    continue_.emplace(bhttp::status::continue_, context_.version);
    bhttp::async_write(stream_, *continue_,
                       [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                         self->continue_.reset();
                         if (ec) return self->closeNow();
                         self->readBody();
                       });
  }

  void readBody() {
    if (parser_->is_done()) return onBody({});
    tcp().expires_after(state_.options.idleTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                        self->onBody(ec);
                      });
  }

  void onBody(const beast::error_code& ec) {
    if (ec) return onReadFailed(ec);
    auto request = parser_->release();
    parser_.reset();
    respond(answer(request), false);
  }

  void onReadFailed(const beast::error_code& ec) {
    const auto& limits = state_.options;
    if (ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow)
      return respondAndClose(tooLarge());
    if (ec == bhttp::error::header_limit)
      return respondAndClose(common::makeError("the request header is larger than " +
                                                   std::to_string(limits.maxHeaderBytes) + " bytes",
                                               431));
    if (isHttpParseError(ec))
      return respondAndClose(common::makeError("malformed HTTP request: " + ec.message(), 400));
    closeNow(); // the peer left, the connection broke or timed out: nobody to answer
  }

  // The route's own limit when it has one (an upload), else the server's.
  std::size_t bodyLimitOf(const Request& request) const {
    const auto& options = state_.options;
    if (!options.bodyLimitFor) return options.maxBodyBytes;
    auto target = parseRequestTarget(request.target());
    if (!target) return options.maxBodyBytes; // answered with its 400 once read
    return options.bodyLimitFor(request.method(), target->path).value_or(options.maxBodyBytes);
  }

  common::Error tooLarge() const {
    return common::makeError("the request body is larger than " + std::to_string(bodyLimit_) + " bytes", 413);
  }

  ApiRequest apiRequest(Request& request, RequestTarget target) {
    ApiRequest api;
    api.method = request.method();
    api.target = std::string(request.target());
    api.path = std::move(target.path);
    api.query = std::move(target.query);
    api.headers = request.base();
    if (api.method != bhttp::verb::get && api.method != bhttp::verb::head)
      api.body = std::move(request.body());
    api.remoteAddress = remote_;
    return api;
  }

  ApiResponse answer(Request& request) {
    auto target = parseRequestTarget(request.target());
    if (!target) return errorResponse(target.error());
    ApiRequest api = apiRequest(request, std::move(*target));
    try {
      return state_.handle(api);
    } catch (const std::exception& e) {
      SB_LOG_ERROR("api: {} {} failed: {}", std::string(request.method_string()), api.path,
                   e.what());
    } catch (...) {
      SB_LOG_ERROR("api: {} {} failed with a non-standard exception",
                   std::string(request.method_string()), api.path);
    }
    return errorResponse(common::makeError("internal error", 500));
  }

  void upgrade() {
    auto request = parser_->release();
    parser_.reset();
    auto target = parseRequestTarget(request.target());
    if (!target) return respond(errorResponse(target.error()), true);
    if (!state_.upgrade)
      return respond(errorResponse(common::makeError("no WebSocket is served here", 404)), true);
    ApiRequest api = apiRequest(request, std::move(*target));
    upgraded_ = true; // the stream belongs to the WebSocket session from here on
    startWebSocketSession(std::move(stream_), std::move(request), std::move(api), state_);
  }

  void respondAndClose(const common::Error& error) {
    context_ = ResponseContext{11, false, false, {}};
    respond(errorResponse(error), true);
  }

  void respond(ApiResponse response, bool close) {
    if (close) context_.keepAlive = false;
    response_.emplace(buildResponse(std::move(response), context_));
    writeNext();
  }

  // Writes the response a piece at a time (a file is read in chunks as it goes), each
  // piece within the idle timeout, so a large download is not cut while it makes progress.
  void writeNext() {
    beast::error_code ec;
    const auto buffers = response_->prepare(ec);
    if (ec) {
      SB_LOG_WARN("api: response to {} cut short: {}", remote_, ec.message());
      return closeNow();
    }
    tcp().expires_after(state_.options.idleTimeout);
    net::async_write(
        stream_, buffers,
        [self = this->shared_from_this()](const beast::error_code& error, std::size_t n) {
          self->onWritten(error, n);
        });
  }

  void onWritten(const beast::error_code& ec, std::size_t written) {
    if (ec) return closeNow();
    response_->consume(written);
    if (!response_->is_done()) return writeNext();
    const bool keepAlive = response_->keep_alive();
    response_.reset();
    if (keepAlive) return readHeader();
    closeGracefully();
  }

  void closeGracefully() {
    tcp().expires_after(
        std::min<std::chrono::steady_clock::duration>(state_.options.idleTimeout, kLingerBound));
    if constexpr (kIsTls<Stream>) {
      stream_.async_shutdown(
          [self = this->shared_from_this()](const beast::error_code&) { self->closeNow(); });
    } else {
      beast::error_code ignored;
      tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
      drain();
    }
  }

  void drain() {
    tcp().async_read_some(net::buffer(drainBuffer_), [self = this->shared_from_this()](
                                                         const beast::error_code& ec, std::size_t) {
      if (ec) return self->closeNow();
      self->drain();
    });
  }

  void closeNow() {
    if (!upgraded_) cutConnection(stream_);
  }

  ServerState& state_;
  const std::string remote_;
  Stream stream_;
  const net::any_io_executor executor_;
  std::uint64_t id_ = 0;
  bool upgraded_ = false;
  std::size_t bodyLimit_ = 0; // of the request being read
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  ResponseContext context_;
  std::optional<bhttp::message_generator> response_;
  std::array<char, 4096> drainBuffer_{};
};

} // namespace

void startHttpSession(tcp::socket socket, net::ssl::context* tls, ServerState& state) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  std::string remote = ec ? std::string() : peer.address().to_string();
  if (tls)
    std::make_shared<HttpSession<TlsStream>>(state, std::move(remote), std::move(socket), *tls)
        ->start();
  else
    std::make_shared<HttpSession<PlainStream>>(state, std::move(remote), std::move(socket))
        ->start();
}

} // namespace sb::api::http

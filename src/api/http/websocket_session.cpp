#include "api/http/websocket_session.hpp"

#include "api/http/response_writer.hpp"
#include "common/log.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <mutex>

namespace sb::api::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

// What the API layer's WebSocketConnection reaches: the session, whatever its stream.
class WebSocketChannel {
public:
  virtual ~WebSocketChannel() = default;
  virtual void send(std::string text) = 0;
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

// The API layer holds this, not the session: once the connection has ended (or the server
// is gone) sending and closing do nothing, so a stale reference is harmless.
class WebSocketHandle final : public WebSocketConnection {
public:
  WebSocketHandle(std::weak_ptr<WebSocketChannel> channel, std::string remote)
      : channel_(std::move(channel)), remote_(std::move(remote)) {}
  void send(std::string text) override {
    if (auto channel = channel_.lock()) channel->send(std::move(text));
  }
  void close(std::uint16_t code, std::string reason) override {
    if (auto channel = channel_.lock()) channel->close(code, std::move(reason));
  }
  std::string remoteAddress() const override { return remote_; }

private:
  std::weak_ptr<WebSocketChannel> channel_;
  const std::string remote_;
};

template <class Stream>
class WebSocketSession final : public LiveConnection,
                               public WebSocketChannel,
                               public std::enable_shared_from_this<WebSocketSession<Stream>> {
public:
  WebSocketSession(ServerState& state, std::string remote, Stream&& stream)
      : state_(state), remote_(std::move(remote)), ws_(std::move(stream)),
        closeTimer_(ws_.get_executor()) {}

  ~WebSocketSession() override {
    state_.connections.remove(id_);
    end(); // only does something when the io_context was torn down with the session open
  }

  void start(UpgradeRequest request, ApiRequest apiRequest) {
    id_ = state_.connections.add(this->shared_from_this());
    auto decision = decide(apiRequest);
    if (!decision) return refuse(decision.error(), request.version());
    handlers_ = std::move(*decision);
    configure();
    upgradeRequest_ = std::move(request);
    ws_.async_accept(*upgradeRequest_, [self = this->shared_from_this()](
                                           const beast::error_code& ec) { self->onAccepted(ec); });
  }

  void send(std::string text) override {
    bool tooSlow = false;
    {
      std::lock_guard lock(mutex_);
      if (closeRequest_ || finished_) return;
      tooSlow = queuedBytes_ + text.size() > state_.options.maxWebSocketQueueBytes;
      if (!tooSlow) {
        queuedBytes_ += text.size();
        queue_.push_back(std::move(text));
      }
    }
    if (tooSlow) {
      SB_LOG_WARN("api: WebSocket {} reads too slowly; closing it", remote_);
      return close(websocket::close_code::policy_error, "too slow");
    }
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->writeNext(); });
  }

  void close(std::uint16_t code, std::string reason) override {
    {
      std::lock_guard lock(mutex_);
      if (closeRequest_ || finished_) return;
      reason.resize(std::min<std::size_t>(reason.size(), 123)); // RFC 6455 5.5: 125-byte payload
      closeRequest_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
      dropQueued();
    }
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->beginClose(); });
  }

  void shutdown() override {
    close(websocket::close_code::going_away, "server stopping");
    // Before the handshake completed there is nobody to say goodbye to.
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      if (!self->accepted_) cutConnection(self->ws_);
    });
  }

private:
  common::Result<WebSocketHandlers> decide(ApiRequest& apiRequest) {
    auto connection = std::make_shared<WebSocketHandle>(this->weak_from_this(), remote_);
    try {
      return state_.upgrade(apiRequest, std::move(connection));
    } catch (const std::exception& e) {
      SB_LOG_ERROR("api: WebSocket upgrade of {} failed: {}", apiRequest.path, e.what());
    } catch (...) {
      SB_LOG_ERROR("api: WebSocket upgrade of {} failed", apiRequest.path);
    }
    return common::makeError("internal error", 500);
  }

  void configure() {
    const auto& options = state_.options;
    beast::get_lowest_layer(ws_).expires_never(); // the WebSocket keeps its own time
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options.idleTimeout;
    timeouts.idle_timeout = 2 * options.webSocketPing; // a ping after half, closed after all
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(options.maxBodyBytes);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(beast::http::field::server, "switchboard");
    }));
  }

  // The API layer refused: its error goes back as the HTTP response, then the connection
  // closes.
  void refuse(const common::Error& error, unsigned version) {
    auto response = buildResponse(errorResponse(error), ResponseContext{version, false, false, {}});
    beast::get_lowest_layer(ws_).expires_after(state_.options.idleTimeout);
    beast::async_write(ws_.next_layer(), std::move(response),
                       [self = this->shared_from_this()](const beast::error_code&, std::size_t) {
                         cutConnection(self->ws_);
                       });
  }

  void onAccepted(const beast::error_code& ec) {
    upgradeRequest_.reset();
    if (ec) return end();
    accepted_ = true;
    state_.openWebSockets.fetch_add(1);
    read();
    beginClose(); // when close() came before the handshake finished
    writeNext();  // what was sent before it finished
  }

  void read() {
    ws_.async_read(readBuffer_,
                   [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                     self->onRead(ec);
                   });
  }

  void onRead(const beast::error_code& ec) {
    if (ec) return end(); // closed by either side, broken, or no pong in time
    std::string text = beast::buffers_to_string(readBuffer_.data());
    readBuffer_.consume(readBuffer_.size());
    if (ws_.got_text() && handlers_.onMessage) {
      try {
        handlers_.onMessage(std::move(text));
      } catch (const std::exception& e) {
        SB_LOG_ERROR("api: WebSocket message handler failed: {}", e.what());
      }
    }
    read();
  }

  void writeNext() {
    if (!accepted_ || writing_ || closing_ || ended_) return;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return;
      inFlight_ = std::move(queue_.front());
      queue_.pop_front();
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(inFlight_),
                    [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                      self->onWritten(ec);
                    });
  }

  void onWritten(const beast::error_code& ec) {
    writing_ = false;
    {
      std::lock_guard lock(mutex_);
      queuedBytes_ -= inFlight_.size();
    }
    inFlight_.clear();
    if (ec) return cutConnection(ws_);
    writeNext();
  }

  // Sends the close frame once asked to; a peer that does not answer within the grace (or
  // does not read at all) has its connection cut.
  void beginClose() {
    websocket::close_reason reason;
    {
      std::lock_guard lock(mutex_);
      if (!closeRequest_ || !accepted_ || closing_ || ended_) return;
      reason = *closeRequest_;
    }
    closing_ = true;
    closeTimer_.expires_after(state_.options.webSocketCloseGrace);
    closeTimer_.async_wait([self = this->shared_from_this()](const beast::error_code& ec) {
      if (!ec) cutConnection(self->ws_);
    });
    ws_.async_close(reason, [self = this->shared_from_this()](const beast::error_code& ec) {
      if (ec) cutConnection(self->ws_); // the pending read then ends the session
    });
  }

  // Once, when the connection is over: tells the API layer.
  void end() {
    if (ended_) return;
    ended_ = true;
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
      dropQueued();
    }
    closeTimer_.cancel();
    if (accepted_) state_.openWebSockets.fetch_sub(1);
    if (auto onClose = std::move(handlers_.onClose)) {
      handlers_ = {};
      try {
        onClose();
      } catch (const std::exception& e) {
        SB_LOG_ERROR("api: WebSocket close handler failed: {}", e.what());
      }
    }
  }

  void dropQueued() { // with mutex_ held
    for (const auto& text : queue_)
      queuedBytes_ -= text.size();
    queue_.clear();
  }

  ServerState& state_;
  const std::string remote_;
  websocket::stream<Stream> ws_;
  net::steady_timer closeTimer_;
  std::uint64_t id_ = 0;
  std::optional<UpgradeRequest> upgradeRequest_; // until the handshake completes
  WebSocketHandlers handlers_;
  beast::flat_buffer readBuffer_;
  // On the strand only.
  bool accepted_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool ended_ = false;
  std::string inFlight_;
  // Shared with the API layer's threads.
  std::mutex mutex_;
  std::deque<std::string> queue_;
  std::size_t queuedBytes_ = 0; // queue_ plus inFlight_
  std::optional<websocket::close_reason> closeRequest_;
  bool finished_ = false;
};

} // namespace

template <class Stream>
void startWebSocketSession(Stream&& stream, UpgradeRequest request, ApiRequest apiRequest,
                           ServerState& state) {
  std::string remote = apiRequest.remoteAddress;
  std::make_shared<WebSocketSession<Stream>>(state, std::move(remote), std::move(stream))
      ->start(std::move(request), std::move(apiRequest));
}

template void startWebSocketSession<PlainStream>(PlainStream&&, UpgradeRequest, ApiRequest,
                                                 ServerState&);
template void startWebSocketSession<TlsStream>(TlsStream&&, UpgradeRequest, ApiRequest,
                                               ServerState&);

} // namespace sb::api::http

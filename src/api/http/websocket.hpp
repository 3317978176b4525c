#pragma once
// A WebSocket as the API layer sees it: text messages in and out, whatever the stream
// underneath (plain TCP or TLS). The HTTP server implements WebSocketConnection; whoever
// accepts an upgrade supplies the handlers.
#include "common/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace sb::api::http {

struct ApiRequest;

class WebSocketConnection {
public:
  virtual ~WebSocketConnection() = default;
  // Thread-safe. Queued and written in order. When more than the server's
  // maxWebSocketQueueBytes are waiting, the connection is closed with 1008 "too slow":
  // a reader that does not keep up must not hold memory without bound.
  virtual void send(std::string text) = 0;
  // Thread-safe and idempotent.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual std::string remoteAddress() const = 0;
};

struct WebSocketHandlers {
  std::function<void(std::string text)> onMessage; // text frames from the client
  std::function<void()> onClose;                    // once, however the connection ended
};

// Decides an upgrade request. An Error refuses it with that JSON error and no upgrade;
// handlers accept it. `connection` may be sent to at once (queued until the handshake
// completes).
using UpgradeHandler =
    std::function<common::Result<WebSocketHandlers>(ApiRequest& request, std::shared_ptr<WebSocketConnection> connection)>;

} // namespace sb::api::http

#pragma once
// The HTTP/1.1 and WebSocket server under the JSON API: accepts connections (TLS when a
// certificate is configured), reads requests within size and time limits, hands each one
// to the API layer and writes its answer. Routing and authentication are the API layer's.
#include "api/http/message.hpp"
#include "api/http/websocket.hpp"
#include "common/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sb::api::http {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;             // 0: any free port
  int threads = 2;                       // io_context threads run by the server
  std::size_t maxBodyBytes = 1 << 20;    // larger: 413 JSON error, connection closed
  // A request's own body limit, by its method and decoded path, in place of maxBodyBytes
  // (an upload route's); nullopt or unset: maxBodyBytes. Asked once the header is read.
  std::function<std::optional<std::size_t>(Verb, std::string_view path)> bodyLimitFor;
  std::size_t maxHeaderBytes = 16 << 10; // larger: 431 JSON error, connection closed
  std::chrono::seconds idleTimeout{60};  // keep-alive and slow-request timeout
  std::size_t maxWebSocketQueueBytes = 4 << 20;
  std::chrono::seconds webSocketPing{30}; // pings the client; no pong in time -> closed
  // How long a WebSocket close handshake may take before the connection is cut.
  std::chrono::milliseconds webSocketCloseGrace{5000};
  std::filesystem::path certificateFile; // both set: HTTPS/WSS only on this port
  std::filesystem::path privateKeyFile;
};

struct ServerState;

class HttpServer {
public:
  // `handle` runs on a server thread for every request that is not a WebSocket upgrade;
  // `upgrade` for upgrade requests (Connection: Upgrade + Upgrade: websocket). An exception
  // from `handle` is logged and answered with a 500.
  HttpServer(HttpServerOptions options, std::function<ApiResponse(ApiRequest&)> handle,
             UpgradeHandler upgrade);
  ~HttpServer(); // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the certificate, binds and starts the threads; an error names host:port or the
  // file at fault. Once only.
  std::optional<common::Error> start();
  // Closes the listener and every connection (WebSockets with 1001, cut after the close
  // grace), joins the threads. Not from a server thread.
  void stop();

  std::uint16_t boundPort() const;
  bool tls() const;
  std::size_t openWebSockets() const;

  struct Listener; // the sockets and threads of a started server (http_server.cpp)

private:
  // Declared before the listener: connections refer to it until the io_context is gone.
  std::unique_ptr<ServerState> state_;
  std::unique_ptr<Listener> listener_;
};

} // namespace sb::api::http

#pragma once
// What every connection of an HttpServer shares: the options, the API layer's callbacks,
// and the registry of live connections that stop() closes and waits for.
#include "api/http/http_server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace sb::api::http {

// A connection the server can be asked to end from any thread.
class LiveConnection {
public:
  virtual ~LiveConnection() = default;
  // Thread-safe: hands the closing to the connection's own strand.
  virtual void shutdown() = 0;
};

class ConnectionRegistry {
public:
  // Registers a connection until remove(id). Once shutdownAll() has run, a connection
  // registered later is shut down at once (a request being upgraded while the server stops).
  std::uint64_t add(const std::shared_ptr<LiveConnection>& connection);
  void remove(std::uint64_t id);
  void shutdownAll();
  // Waits until every connection has been removed, at most `bound`; whether they were.
  bool waitUntilEmpty(std::chrono::milliseconds bound);

private:
  std::mutex mutex_;
  std::condition_variable emptied_;
  bool shuttingDown_ = false;
  std::uint64_t nextId_ = 1;
  std::map<std::uint64_t, std::weak_ptr<LiveConnection>> connections_;
};

struct ServerState {
  HttpServerOptions options;
  std::function<ApiResponse(ApiRequest&)> handle;
  UpgradeHandler upgrade;
  ConnectionRegistry connections;
  std::atomic<std::size_t> openWebSockets{0};
};

} // namespace sb::api::http

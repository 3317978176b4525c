#include "api/http/connection_registry.hpp"

#include <vector>

namespace sb::api::http {

std::uint64_t ConnectionRegistry::add(const std::shared_ptr<LiveConnection>& connection) {
  std::uint64_t id = 0;
  bool lateComer = false;
  {
    std::lock_guard lock(mutex_);
    id = nextId_++;
    connections_.emplace(id, connection);
    lateComer = shuttingDown_;
  }
  if (lateComer) connection->shutdown();
  return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  if (connections_.empty()) emptied_.notify_all();
}

void ConnectionRegistry::shutdownAll() {
  std::vector<std::shared_ptr<LiveConnection>> live;
  {
    std::lock_guard lock(mutex_);
    shuttingDown_ = true;
    for (const auto& [id, weak] : connections_)
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
  }
  // Outside the lock: a connection released here may remove itself.
  for (const auto& connection : live)
    connection->shutdown();
}

bool ConnectionRegistry::waitUntilEmpty(std::chrono::milliseconds bound) {
  std::unique_lock lock(mutex_);
  return emptied_.wait_for(lock, bound, [this] { return connections_.empty(); });
}

} // namespace sb::api::http

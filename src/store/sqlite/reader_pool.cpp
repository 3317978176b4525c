#include "store/sqlite/reader_pool.hpp"

namespace sb::store::sqlite {

common::Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& path, int busyTimeoutMs,
                                                             std::size_t size) {
  std::vector<std::unique_ptr<Connection>> connections;
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    auto connection = Connection::open(path, busyTimeoutMs);
    if (!connection) return connection.error();
    if (auto readOnly = (*connection)->exec("PRAGMA query_only = ON"); !readOnly) return readOnly.error();
    connections.push_back(std::move(*connection));
  }
  return std::unique_ptr<ReaderPool>(new ReaderPool(std::move(connections)));
}

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections) : connections_(std::move(connections)) {
  for (auto& connection : connections_) idle_.push_back(connection.get());
}

ReaderPool::Lease ReaderPool::lease() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  Connection* connection = idle_.back();
  idle_.pop_back();
  return Lease(*this, *connection);
}

void ReaderPool::giveBack(Connection& connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(&connection);
  }
  returned_.notify_one();
}

} // namespace sb::store::sqlite

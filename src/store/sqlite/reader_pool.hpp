#pragma once
// Connections for reads, so that the API's threads and the signalling loop's loads read
// side by side instead of queueing on one connection: in WAL mode readers do not block
// each other or the writer, and each sees what was committed when its read began. A
// reader connection is query-only; admin writes keep their own connection.
#include "common/result.hpp"
#include "store/sqlite/connection.hpp"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sb::store::sqlite {

class ReaderPool {
public:
  static common::Result<std::unique_ptr<ReaderPool>> open(const std::string& path, int busyTimeoutMs,
                                                          std::size_t size);

  // One connection, for the lease's lifetime; the next reader waits while all are out.
  class Lease {
  public:
    Lease(ReaderPool& pool, Connection& connection) : pool_(&pool), connection_(&connection) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(other.connection_) { other.pool_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->giveBack(*connection_);
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

  private:
    ReaderPool* pool_;
    Connection* connection_;
  };

  Lease lease();

private:
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections);
  void giveBack(Connection& connection);

  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<Connection*> idle_; // guarded by mutex_
};

} // namespace sb::store::sqlite

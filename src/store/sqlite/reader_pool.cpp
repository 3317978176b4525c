#include "store/sqlite/reader_pool.hpp"

namespace sb::store::sqlite {
namespace {

// Each reader keeps up to 64 MiB of pages (SQLite's default is 2 MiB). The lists of R-25
// read the calls table in index order and then each row at random: at 1,000,000 calls a
// 2 MiB cache misses on nearly every row and each miss is a read() from the OS, which made
// a phone search 5 to 10 times slower than with the pages at hand (docs/benchmarks.md).
// Pages cost memory only as they are read; four readers stay under 256 MiB.
constexpr const char* kReaderSettings = "PRAGMA query_only = ON; PRAGMA cache_size = -65536";

} // namespace

common::Result<std::unique_ptr<ReaderPool>> ReaderPool::open(const std::string& path, int busyTimeoutMs,
                                                             std::size_t size) {
  std::vector<std::unique_ptr<Connection>> connections;
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    auto connection = Connection::open(path, busyTimeoutMs);
    if (!connection) return connection.error();
    if (auto readOnly = (*connection)->exec(kReaderSettings); !readOnly) return readOnly.error();
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

#include "store/sqlite/sqlite_store.hpp"

#include <memory>
#include <utility>

#include "common/log.hpp"
#include "store/migrations/migrations.hpp"
#include "store/sqlite/call_writes.hpp"
#include "store/sqlite/distribution_records.hpp"
#include "store/sqlite/follow_up_writes.hpp"
#include "store/sqlite/migrate.hpp"
#include "store/sqlite/people_writes.hpp"

namespace sb::store::sqlite {

common::Result<std::unique_ptr<SqliteStore>>
SqliteStore::open(const Options& options, const common::Clock& clock, Executor executor) {
  if (options.path.empty() || options.path == ":memory:") {
    return common::makeError("sqlite store needs a database file path");
  }
  auto shared = Connection::open(options.path, options.busyTimeoutMs);
  if (!shared) return shared.error();
  auto applied = migrate(**shared, migrations::sqlite(), common::toEpochMs(clock.wallNow()));
  if (!applied) return applied.error();
  if (*applied > 0) SB_LOG_INFO("store: applied {} migration(s) to {}", *applied, options.path);
  auto readers = ReaderPool::open(options.path, options.busyTimeoutMs, options.readers);
  if (!readers) return readers.error();
  auto writing = Connection::open(options.path, options.busyTimeoutMs);
  if (!writing) return writing.error();
  return std::unique_ptr<SqliteStore>(new SqliteStore(clock, std::move(*shared), std::move(*readers),
                                                      std::move(*writing), std::move(executor), options.writer));
}

SqliteStore::SqliteStore(const common::Clock& clock, std::unique_ptr<Connection> shared,
                         std::unique_ptr<ReaderPool> readers, std::unique_ptr<Connection> writing,
                         Executor executor, const Writer::Options& writerOptions)
    : clock_(clock), shared_(std::move(shared)), readers_(std::move(readers)), writing_(std::move(writing)),
      target_(std::make_unique<SqliteWriteTarget>(*writing_)),
      writer_(std::make_unique<Writer>(*target_, std::move(executor), writerOptions)) {}

SqliteStore::~SqliteStore() {
  writer_->stop();
}

EpochMs SqliteStore::nowMs() const {
  return common::toEpochMs(clock_.wallNow());
}

bool SqliteStore::submit(std::function<Status(Connection&)> op, Completion done) {
  Connection& conn = *writing_;
  return writer_->enqueue(
      [op = std::move(op), &conn]() -> WriteOutcome {
        Status s = op(conn);
        if (!s) return s.error();
        return Committed{};
      },
      std::move(done));
}

Status SqliteStore::inTransaction(const std::function<Status(Connection&)>& body) {
  std::lock_guard lock(sharedMutex_);
  Status begun = shared_->exec("BEGIN IMMEDIATE");
  if (!begun) return begun;
  Status result = body(*shared_);
  if (!result) {
    (void)shared_->exec("ROLLBACK");
    return result;
  }
  Status committed = shared_->exec("COMMIT");
  if (!committed) (void)shared_->exec("ROLLBACK");
  return committed;
}


} // namespace sb::store::sqlite

namespace sb::store {
// Here, after the write headers: argument-dependent lookup finds sqlite::insertCall etc.
template class QueuedWrites<sqlite::SqliteStore, sqlite::Connection, sqlite::Done>;
} // namespace sb::store

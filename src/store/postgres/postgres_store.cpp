#include "store/postgres/postgres_store.hpp"

#include <utility>

#include "common/log.hpp"
#include "store/postgres/call_writes.hpp"
#include "store/postgres/distribution_records.hpp"
#include "store/postgres/follow_up_writes.hpp"
#include "store/postgres/migrate.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/people_writes.hpp"
#include "store/postgres/transaction.hpp"

namespace sb::store::postgres {

common::Result<std::unique_ptr<PostgresStore>>
PostgresStore::open(const Options& options, const common::Clock& clock, Executor executor) {
  if (options.conninfo.empty()) return common::makeError("postgres store needs a conninfo");
  auto shared = Connection::open(options.conninfo, options.schema, "shared");
  if (!shared) return shared.error();
  auto applied =
      migrate(**shared, options.schema, migrations::postgres(), common::toEpochMs(clock.wallNow()));
  if (!applied) return applied.error();
  if (*applied > 0) {
    SB_LOG_INFO("store: applied {} migration(s) to schema {}", *applied, options.schema);
  }
  auto writing = Connection::open(options.conninfo, options.schema, "writer");
  if (!writing) return writing.error();
  return std::unique_ptr<PostgresStore>(new PostgresStore(clock, options.schema, std::move(*shared),
                                                          std::move(*writing), std::move(executor),
                                                          options.writer));
}

common::Result<int> PostgresStore::dropSchema(const std::string& conninfo,
                                              const std::string& schema) {
  if (schema.empty() || schema.rfind("pg_", 0) == 0 || schema == "information_schema") {
    return common::makeError("refusing to drop schema '" + schema + "'", 400);
  }
  auto conn = Connection::open(conninfo, schema, "admin");
  if (!conn) return conn.error();
  auto quoted = (*conn)->quoteIdentifier(schema);
  if (!quoted) return quoted.error();
  auto existing =
      (*conn)->queryOnce("SELECT 1 FROM pg_namespace WHERE nspname = $1", Params().add(schema));
  if (!existing) return existing.error();
  if (existing->count() == 0) return 0;
  Status dropped = (*conn)->exec("DROP SCHEMA IF EXISTS " + *quoted + " CASCADE");
  if (!dropped) return dropped.error();
  return 1;
}

PostgresStore::PostgresStore(const common::Clock& clock, std::string schema,
                             std::unique_ptr<Connection> shared,
                             std::unique_ptr<Connection> writing, Executor executor,
                             const Writer::Options& writerOptions)
    : clock_(clock), schema_(std::move(schema)), shared_(std::move(shared)),
      writing_(std::move(writing)), target_(std::make_unique<PostgresWriteTarget>(*writing_)),
      writer_(std::make_unique<Writer>(*target_, std::move(executor), writerOptions)) {}

PostgresStore::~PostgresStore() {
  writer_->stop();
}

EpochMs PostgresStore::nowMs() const {
  return common::toEpochMs(clock_.wallNow());
}

bool PostgresStore::submit(std::function<Status(Connection&)> op, Completion done) {
  Connection& conn = *writing_;
  return writer_->enqueue(
      [op = std::move(op), &conn]() -> WriteOutcome {
        Status s = op(conn);
        if (!s) return s.error();
        return Committed{};
      },
      std::move(done));
}

Status PostgresStore::inTransaction(const std::function<Status(Connection&)>& body) {
  return onShared([&](Connection& c) { return runInTransaction(c, "BEGIN", body); });
}


} // namespace sb::store::postgres

namespace sb::store {
// Here, after the write headers: argument-dependent lookup finds postgres::insertCall etc.
template class QueuedWrites<postgres::PostgresStore, postgres::Connection, postgres::Done>;
} // namespace sb::store

#include "store/postgres/migrate.hpp"

#include <set>
#include <string>

namespace sb::store::postgres {
namespace {

// The advisory lock's first key: a constant of ours, so it does not collide with locks
// other software takes in the same database; the second is the schema's hash.
constexpr std::int64_t kMigrationLockClass = 0x5342; // "SB"

common::Result<std::set<int>> appliedVersions(Connection& conn) {
  auto rows = conn.queryOnce("SELECT version FROM schema_migrations");
  if (!rows) return rows.error();
  std::set<int> versions;
  for (int r = 0; r < rows->count(); ++r)
    versions.insert(static_cast<int>(rows->integer(r, 0)));
  return versions;
}

Status prepareSchema(Connection& conn, const std::string& schema) {
  auto quoted = conn.quoteIdentifier(schema);
  if (!quoted) return quoted.error();
  auto locked = conn.queryOnce("SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text))",
                               Params().add(kMigrationLockClass).add(schema));
  if (!locked) return locked.error();
  return conn.exec("CREATE SCHEMA IF NOT EXISTS " + *quoted +
                   "; CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version INTEGER PRIMARY KEY,"
                   " name TEXT NOT NULL,"
                   " applied_at BIGINT NOT NULL)");
}

Status applyOne(Connection& conn, const migrations::Migration& m, std::int64_t nowMs) {
  Status ran = conn.exec(m.sql);
  if (ran) {
    auto recorded = conn.queryOnce(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        Params().add(m.version).add(m.name).add(nowMs));
    if (!recorded) ran = recorded.error();
  }
  if (ran) return ran;
  return common::makeError("migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                           "): " + ran.error().message);
}

// Runs inside the open transaction; the caller commits or rolls back.
common::Result<int> applyPending(Connection& conn, const std::string& schema,
                                 std::span<const migrations::Migration> list, std::int64_t nowMs) {
  Status ready = prepareSchema(conn, schema);
  if (!ready) return ready.error();
  auto applied = appliedVersions(conn);
  if (!applied) return applied.error();
  const int newest = list.empty() ? 0 : list.back().version;
  if (!applied->empty() && *applied->rbegin() > newest) {
    return common::makeError("database schema version " + std::to_string(*applied->rbegin()) +
                             " is newer than this build knows (" + std::to_string(newest) + ")");
  }
  int count = 0;
  for (const auto& m : list) {
    if (applied->count(m.version) != 0) continue;
    Status done = applyOne(conn, m, nowMs);
    if (!done) return done.error();
    ++count;
  }
  return count;
}

} // namespace

common::Result<int> migrate(Connection& conn, const std::string& schema,
                            std::span<const migrations::Migration> list, std::int64_t nowMs) {
  Status begun = conn.exec("BEGIN");
  if (!begun) return begun.error();
  auto count = applyPending(conn, schema, list, nowMs);
  if (!count) {
    (void)conn.exec("ROLLBACK");
    return count;
  }
  Status committed = conn.exec("COMMIT");
  if (!committed) return committed.error();
  return count;
}

} // namespace sb::store::postgres

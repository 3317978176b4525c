#include "store/sqlite/migrate.hpp"

#include <set>
#include <string>

namespace sb::store::sqlite {
namespace {

common::Result<std::set<int>> appliedVersions(Connection& conn) {
  auto stmt = conn.prepare("SELECT version FROM schema_migrations");
  if (!stmt) return stmt.error();
  std::set<int> versions;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    versions.insert(static_cast<int>(stmt->integer(0)));
  }
  return versions;
}

Status applyOne(Connection& conn, const migrations::Migration& m, std::int64_t nowMs) {
  // IMMEDIATE takes the write lock first, so two processes starting together cannot both
  // apply the same version; the loser sees it applied and skips it.
  Status begun = conn.exec("BEGIN IMMEDIATE");
  if (!begun) return begun;
  auto check = conn.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  common::Result<bool> present = check ? check->bind(1, static_cast<std::int64_t>(m.version)).step()
                                       : common::Result<bool>(check.error());
  Status outcome = Done{};
  if (!present) {
    outcome = present.error();
  } else if (!*present) {
    outcome = conn.exec(m.sql);
    if (outcome) {
      auto record = conn.prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      outcome = record ? record->bind(1, static_cast<std::int64_t>(m.version))
                             .bind(2, m.name)
                             .bind(3, nowMs)
                             .run()
                       : Status(record.error());
    }
  }
  if (!outcome) {
    (void)conn.exec("ROLLBACK");
    return common::makeError("migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                             "): " + outcome.error().message);
  }
  return conn.exec("COMMIT");
}

} // namespace

common::Result<int> migrate(Connection& conn, std::span<const migrations::Migration> list,
                            std::int64_t nowMs) {
  Status table = conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " applied_at INTEGER NOT NULL)");
  if (!table) return table.error();
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

} // namespace sb::store::sqlite

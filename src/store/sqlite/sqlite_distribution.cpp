// SqliteStore: applications and lead exceptions — the reads, on the reader
// pool, and resolving an exception, one transaction on the shared connection.
#include "store/conflicts.hpp"
#include "store/lead_exceptions.hpp"
#include "store/sqlite/distribution_records.hpp"
#include "store/sqlite/record_writes.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {

Found<Application> SqliteStore::applicationOfLead(const std::string& leadId) {
  auto db = readers_->lease();
  auto stmt = db->prepare(
      sql(kApplicationSelect, "WHERE lead_id = ? ORDER BY created_at DESC, id DESC LIMIT 1"));
  if (!stmt) return stmt.error();
  stmt->bind(1, leadId);
  return first<Application>(*stmt, readApplication);
}

common::Result<LeadExceptionPage> SqliteStore::listLeadExceptions(const LeadExceptionQuery& query) {
  auto after = checkLeadExceptionQuery(query);
  if (!after) return after.error();
  const SqlTail list = leadExceptionSql(query, *after, SqlDialect::Sqlite);
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kLeadExceptionSelect, list.tail));
  if (!stmt) return stmt.error();
  bindAll(*stmt, list.params);
  auto rows = collect<LeadException>(*stmt, readLeadException);
  if (!rows) return rows.error();
  return leadExceptionPage(std::move(*rows), query);
}

Found<LeadException> SqliteStore::getLeadException(const std::string& id) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kLeadExceptionSelect, "WHERE id = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  return first<LeadException>(*stmt, readLeadException);
}

common::Result<LeadException>
SqliteStore::resolveLeadException(const std::string& id, const std::string& byUserId, EpochMs at) {
  std::optional<LeadException> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    // Conditional, so that of two admins resolving at once one gets the 409.
    auto update = c.prepare("UPDATE lead_exceptions SET resolved_at = ?, resolved_by_user_id = ?"
                            " WHERE id = ? AND resolved_at IS NULL");
    if (!update) return update.error();
    Status ran = update->bind(1, at).bindOrNull(2, byUserId).bind(3, id).run();
    if (!ran) return ran;
    const bool resolvedNow = c.changes() > 0;
    auto read = c.prepare(sql(kLeadExceptionSelect, "WHERE id = ?"));
    if (!read) return read.error();
    read->bind(1, id);
    auto row = first<LeadException>(*read, readLeadException);
    if (!row) return row.error();
    if (!*row) return unknownRecord("lead exception", id);
    if (!resolvedNow) return alreadyResolved(id);
    stored = std::move(*row);
    return Done{};
  });
  if (!s) return adminError(s.error());
  if (!stored) return common::makeError("lead exception " + id + " vanished while resolved");
  return *stored;
}

} // namespace sb::store::sqlite

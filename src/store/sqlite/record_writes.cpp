#include "store/sqlite/record_writes.hpp"

namespace sb::store::sqlite {

Status insertGroupMembers(Connection& conn, const std::string& groupId,
                          const std::vector<std::string>& memberIds) {
  std::int64_t position = 0;
  // A user listed twice breaks the (group, user) key: reported as a conflict, 409.
  for (const std::string& userId : memberIds) {
    auto member =
        conn.prepare("INSERT INTO group_members (group_id, user_id, position) VALUES (?, ?, ?)");
    if (!member) return member.error();
    Status added = member->bind(1, groupId).bind(2, userId).bind(3, position++).run();
    if (!added) return added;
  }
  return Done{};
}

Status foundRow(Connection& conn, Status ran, std::string_view kind, const std::string& id) {
  if (!ran) return ran;
  if (conn.changes() == 0) return unknownRecord(kind, id);
  return Done{};
}

Status deleteUnreferred(Connection& conn, std::string_view table, std::string_view kind,
                        const std::string& id, std::span<const Referrer> referrers) {
  for (const Referrer& referrer : referrers) {
    auto stmt = conn.prepare(referrerQuery(referrer, SqlDialect::Sqlite));
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (*row) return stillReferred(kind, id, referrer, stmt->text(0));
  }
  // Table names come from the store's own code, never from input.
  auto stmt = conn.prepare("DELETE FROM " + std::string(table) + " WHERE id = ?");
  if (!stmt) return stmt.error();
  return foundRow(conn, stmt->bind(1, id).run(), kind, id);
}

common::Error adminError(const common::Error& error) {
  return namedConflict(error, SqlDialect::Sqlite);
}

std::optional<common::Error> refusalOf(const Status& outcome) {
  if (outcome) return std::nullopt;
  return adminError(outcome.error());
}

} // namespace sb::store::sqlite

#include "store/postgres/record_writes.hpp"

namespace sb::store::postgres {

Status insertGroupMembers(Connection& conn, const std::string& groupId,
                          const std::vector<std::string>& memberIds) {
  int position = 0;
  // A user listed twice breaks the (group, user) key: reported as a conflict, 409.
  for (const std::string& userId : memberIds) {
    auto added =
        conn.query("INSERT INTO group_members (group_id, user_id, position) VALUES ($1,$2,$3)",
                   Params().add(groupId).add(userId).add(position++));
    if (!added) return added.error();
  }
  return Done{};
}

Status changeRow(Connection& conn, std::string_view sql, const Params& params,
                 std::string_view kind, const std::string& id) {
  auto changed = conn.query(sql, params);
  if (!changed) return changed.error();
  if (changed->affected() == 0) return unknownRecord(kind, id);
  return Done{};
}

Status deleteUnreferred(Connection& conn, std::string_view table, std::string_view kind,
                        const std::string& id, std::span<const Referrer> referrers) {
  for (const Referrer& referrer : referrers) {
    auto rows = conn.query(referrerQuery(referrer, SqlDialect::Postgres), Params().add(id));
    if (!rows) return rows.error();
    if (rows->count() > 0) return stillReferred(kind, id, referrer, rows->text(0, 0));
  }
  // Table names come from the store's own code, never from input.
  return changeRow(conn, "DELETE FROM " + std::string(table) + " WHERE id = $1", Params().add(id),
                   kind, id);
}

common::Error adminError(const common::Error& error) {
  return namedConflict(error, SqlDialect::Postgres);
}

std::optional<common::Error> refusalOf(const Status& outcome) {
  if (outcome) return std::nullopt;
  return adminError(outcome.error());
}

} // namespace sb::store::postgres

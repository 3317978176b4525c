// PostgresStore: applications and lead exceptions — the reads and resolving
// an exception, on the shared connection.
#include "store/conflicts.hpp"
#include "store/lead_exceptions.hpp"
#include "store/postgres/distribution_records.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/record_writes.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {

Found<Application> PostgresStore::applicationOfLead(const std::string& leadId) {
  return onShared([&](Connection& c) {
    return oneOf<Application>(
        c, sql(kApplicationSelect, "WHERE lead_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"),
        Params().add(leadId), readApplication);
  });
}

common::Result<LeadExceptionPage>
PostgresStore::listLeadExceptions(const LeadExceptionQuery& query) {
  auto after = checkLeadExceptionQuery(query);
  if (!after) return after.error();
  const SqlTail list = leadExceptionSql(query, *after, SqlDialect::Postgres);
  return onShared([&](Connection& c) -> common::Result<LeadExceptionPage> {
    // Prepared: the text takes one of a few shapes (state, first page or not).
    auto rows = c.query(sql(kLeadExceptionSelect, list.tail), paramsOf(list.params));
    if (!rows) return rows.error();
    return leadExceptionPage(all<LeadException>(*rows, readLeadException), query);
  });
}

Found<LeadException> PostgresStore::getLeadException(const std::string& id) {
  return onShared([&](Connection& c) {
    return oneOf<LeadException>(c, sql(kLeadExceptionSelect, "WHERE id = $1"), Params().add(id),
                                readLeadException);
  });
}

common::Result<LeadException> PostgresStore::resolveLeadException(const std::string& id,
                                                                  const std::string& byUserId,
                                                                  EpochMs at) {
  std::optional<LeadException> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    // One conditional statement, so that of two admins (or nodes) resolving at once one
    // gets the 409.
    auto resolved =
        c.query("UPDATE lead_exceptions SET resolved_at = $1, resolved_by_user_id = $2"
                " WHERE id = $3 AND resolved_at IS NULL RETURNING id, lead_id, group_id,"
                " call_id, reason, detail, created_at, resolved_at, resolved_by_user_id",
                Params().add(at).addOrNull(byUserId).add(id));
    if (!resolved) return resolved.error();
    if (resolved->count() > 0) {
      stored = readLeadException(*resolved, 0);
      return Done{};
    }
    auto exists = c.query("SELECT 1 FROM lead_exceptions WHERE id = $1", Params().add(id));
    if (!exists) return exists.error();
    if (exists->count() == 0) return unknownRecord("lead exception", id);
    return alreadyResolved(id);
  });
  if (!s) return adminError(s.error());
  if (!stored) return common::makeError("lead exception " + id + " vanished while resolved");
  return *stored;
}

} // namespace sb::store::postgres

#include "store/postgres/distribution_records.hpp"

namespace sb::store::postgres {
namespace {

// The row was inserted only when its lead exists (INSERT ... SELECT ... WHERE EXISTS), so
// an unknown lead is told apart from any other failure.
Status insertedForLead(common::Result<Rows> ran, const std::string& leadId) {
  if (!ran) return ran.error();
  if (ran->affected() == 0) return common::makeError("no lead " + leadId, 404);
  return Done{};
}

} // namespace

const std::string_view kApplicationSelect =
    "SELECT id, lead_id, user_id, call_id, created_at FROM applications";

Application readApplication(const Rows& rows, int r) {
  Application a;
  a.id = rows.text(r, 0);
  a.leadId = rows.text(r, 1);
  a.userId = rows.text(r, 2);
  a.callId = rows.optText(r, 3);
  a.createdAt = rows.integer(r, 4);
  return a;
}

const std::string_view kLeadExceptionSelect =
    "SELECT id, lead_id, group_id, call_id, reason, detail, created_at, resolved_at,"
    " resolved_by_user_id FROM lead_exceptions";

LeadException readLeadException(const Rows& rows, int r) {
  LeadException e;
  e.id = rows.text(r, 0);
  e.leadId = rows.text(r, 1);
  e.groupId = rows.optText(r, 2);
  e.callId = rows.optText(r, 3);
  e.reason = rows.text(r, 4);
  e.detail = rows.text(r, 5);
  e.createdAt = rows.integer(r, 6);
  e.resolvedAt = rows.optInteger(r, 7);
  e.resolvedByUserId = rows.optText(r, 8);
  return e;
}

Status insertApplication(Connection& conn, const Application& a) {
  return insertedForLead(
      conn.query("INSERT INTO applications (id, lead_id, user_id, call_id, created_at)"
                 " SELECT $1::text, $2::text, $3::text, $4::text, $5::bigint WHERE EXISTS (SELECT "
                 "1 FROM leads WHERE id = $2)",
                 Params().add(a.id).add(a.leadId).add(a.userId).add(a.callId).add(a.createdAt)),
      a.leadId);
}

Status insertLeadException(Connection& conn, const LeadException& e) {
  return insertedForLead(
      conn.query("INSERT INTO lead_exceptions (id, lead_id, group_id, call_id, reason, detail,"
                 " created_at) SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text,"
                 " $7::bigint"
                 " WHERE EXISTS (SELECT 1 FROM leads WHERE id = $2)",
                 Params()
                     .add(e.id)
                     .add(e.leadId)
                     .add(e.groupId)
                     .add(e.callId)
                     .add(e.reason)
                     .add(e.detail)
                     .add(e.createdAt)),
      e.leadId);
}

Status resolveOpenExceptions(Connection& conn, const std::string& leadId, EpochMs at) {
  auto resolved = conn.query("UPDATE lead_exceptions SET resolved_at = $1"
                             " WHERE lead_id = $2 AND resolved_at IS NULL",
                             Params().add(at).add(leadId));
  if (!resolved) return resolved.error();
  return Done{};
}

} // namespace sb::store::postgres

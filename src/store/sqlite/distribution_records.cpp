#include "store/sqlite/distribution_records.hpp"

namespace sb::store::sqlite {
namespace {

// The row was inserted only when its lead exists (INSERT ... SELECT ... WHERE EXISTS), so
// an unknown lead is told apart from any other failure.
Status insertedForLead(Connection& conn, Status ran, const std::string& leadId) {
  if (!ran) return ran;
  if (conn.changes() == 0) return common::makeError("no lead " + leadId, 404);
  return Done{};
}

} // namespace

const std::string_view kApplicationSelect =
    "SELECT id, lead_id, user_id, call_id, created_at FROM applications";

Application readApplication(const Statement& s) {
  Application a;
  a.id = s.text(0);
  a.leadId = s.text(1);
  a.userId = s.text(2);
  a.callId = s.optText(3);
  a.createdAt = s.integer(4);
  return a;
}

const std::string_view kLeadExceptionSelect =
    "SELECT id, lead_id, group_id, call_id, reason, detail, created_at, resolved_at,"
    " resolved_by_user_id FROM lead_exceptions";

LeadException readLeadException(const Statement& s) {
  LeadException e;
  e.id = s.text(0);
  e.leadId = s.text(1);
  e.groupId = s.optText(2);
  e.callId = s.optText(3);
  e.reason = s.text(4);
  e.detail = s.text(5);
  e.createdAt = s.integer(6);
  e.resolvedAt = s.optInteger(7);
  e.resolvedByUserId = s.optText(8);
  return e;
}

Status insertApplication(Connection& conn, const Application& a) {
  auto stmt = conn.prepare("INSERT INTO applications (id, lead_id, user_id, call_id, created_at)"
                           " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM leads WHERE id = ?)");
  if (!stmt) return stmt.error();
  Status ran = stmt->bind(1, a.id)
                   .bind(2, a.leadId)
                   .bind(3, a.userId)
                   .bind(4, a.callId)
                   .bind(5, a.createdAt)
                   .bind(6, a.leadId)
                   .run();
  return insertedForLead(conn, std::move(ran), a.leadId);
}

Status insertLeadException(Connection& conn, const LeadException& e) {
  auto stmt = conn.prepare("INSERT INTO lead_exceptions (id, lead_id, group_id, call_id, reason,"
                           " detail, created_at) SELECT ?, ?, ?, ?, ?, ?, ?"
                           " WHERE EXISTS (SELECT 1 FROM leads WHERE id = ?)");
  if (!stmt) return stmt.error();
  Status ran = stmt->bind(1, e.id)
                   .bind(2, e.leadId)
                   .bind(3, e.groupId)
                   .bind(4, e.callId)
                   .bind(5, e.reason)
                   .bind(6, e.detail)
                   .bind(7, e.createdAt)
                   .bind(8, e.leadId)
                   .run();
  return insertedForLead(conn, std::move(ran), e.leadId);
}

Status resolveOpenExceptions(Connection& conn, const std::string& leadId, EpochMs at) {
  auto stmt = conn.prepare("UPDATE lead_exceptions SET resolved_at = ?"
                           " WHERE lead_id = ? AND resolved_at IS NULL");
  if (!stmt) return stmt.error();
  return stmt->bind(1, at).bind(2, leadId).run();
}

} // namespace sb::store::sqlite

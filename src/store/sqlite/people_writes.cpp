#include "store/sqlite/people_writes.hpp"

#include "store/sqlite/distribution_records.hpp"

#include "store/sqlite/rows.hpp"

namespace sb::store::sqlite {
namespace {

common::Result<bool> leadExists(Connection& conn, const std::string& leadId) {
  auto stmt = conn.prepare("SELECT 1 FROM leads WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, leadId);
  return stmt->step();
}

} // namespace

Status insertLead(Connection& conn, const Lead& l) {
  auto stmt =
      conn.prepare("INSERT INTO leads (id, name, company, title, email, owner_user_id,"
                   " status, crm_url, attributes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  Status inserted = stmt->bind(1, l.id)
                        .bind(2, l.name)
                        .bindOrNull(3, l.company)
                        .bindOrNull(4, l.title)
                        .bindOrNull(5, l.email)
                        .bind(6, l.ownerUserId)
                        .bind(7, l.status)
                        .bindOrNull(8, l.crmUrl)
                        .bind(9, jsonText(l.attributes))
                        .bind(10, l.createdAt)
                        .run();
  if (!inserted) return inserted;
  return insertLeadPhones(conn, l.id, l.phones);
}

Status insertLeadPhones(Connection& conn, const std::string& leadId,
                        const std::vector<std::string>& phones) {
  for (const std::string& phone : phones) {
    auto p = conn.prepare("INSERT OR IGNORE INTO lead_phones (lead_id, e164) VALUES (?, ?)");
    if (!p) return p.error();
    Status added = p->bind(1, leadId).bind(2, phone).run();
    if (!added) return added;
  }
  return Done{};
}

Status assignLead(Connection& conn, const std::string& leadId, const std::string& userId,
                  bool onlyIfUnowned, EpochMs at) {
  auto stmt = conn.prepare(onlyIfUnowned ? "UPDATE leads SET owner_user_id = ?"
                                           " WHERE id = ? AND owner_user_id IS NULL"
                                         : "UPDATE leads SET owner_user_id = ? WHERE id = ?");
  if (!stmt) return stmt.error();
  Status ran = stmt->bind(1, userId).bind(2, leadId).run();
  if (!ran) return ran;
  if (conn.changes() > 0) return resolveOpenExceptions(conn, leadId, at);
  // Nothing changed: an owned lead (fine) or no such lead (the caller's mistake).
  auto exists = leadExists(conn, leadId);
  if (!exists) return exists.error();
  if (!*exists) return common::makeError("no lead " + leadId, 404);
  return Done{};
}

Status setAvailability(Connection& conn, const std::string& userId, Availability availability,
                       const std::string& reason) {
  auto stmt = conn.prepare("UPDATE users SET availability = ?, availability_reason = ?"
                           " WHERE id = ?");
  if (!stmt) return stmt.error();
  Status ran = stmt->bind(1, toString(availability)).bindOrNull(2, reason).bind(3, userId).run();
  if (!ran) return ran;
  if (conn.changes() == 0) return common::makeError("no user " + userId, 404);
  return Done{};
}

} // namespace sb::store::sqlite

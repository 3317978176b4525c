#include "store/postgres/people_writes.hpp"

#include "store/postgres/distribution_records.hpp"

#include "store/postgres/rows.hpp"

namespace sb::store::postgres {

Status insertLead(Connection& conn, const Lead& l) {
  Params p;
  p.add(l.id)
      .add(l.name)
      .addOrNull(l.company)
      .addOrNull(l.title)
      .addOrNull(l.email)
      .add(l.ownerUserId)
      .add(l.status)
      .addOrNull(l.crmUrl)
      .add(jsonText(l.attributes))
      .add(l.createdAt);
  auto inserted = conn.query("INSERT INTO leads (id, name, company, title, email, owner_user_id,"
                             " status, crm_url, attributes, created_at)"
                             " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb,$10)",
                             p);
  if (!inserted) return inserted.error();
  return insertLeadPhones(conn, l.id, l.phones);
}

Status insertLeadPhones(Connection& conn, const std::string& leadId,
                        const std::vector<std::string>& phones) {
  int position = 0;
  for (const std::string& phone : phones) {
    // A phone listed twice keeps its first position.
    auto added = conn.query("INSERT INTO lead_phones (lead_id, e164, position)"
                            " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                            Params().add(leadId).add(phone).add(position++));
    if (!added) return added.error();
  }
  return Done{};
}

Status assignLead(Connection& conn, const std::string& leadId, const std::string& userId,
                  bool onlyIfUnowned, EpochMs at) {
  auto assigned = conn.query(onlyIfUnowned ? "UPDATE leads SET owner_user_id = $1"
                                             " WHERE id = $2 AND owner_user_id IS NULL"
                                           : "UPDATE leads SET owner_user_id = $1 WHERE id = $2",
                             Params().add(userId).add(leadId));
  if (!assigned) return assigned.error();
  if (assigned->affected() > 0) return resolveOpenExceptions(conn, leadId, at);
  // Nothing changed: an owned lead (fine) or no such lead (the caller's mistake).
  auto exists = conn.query("SELECT 1 FROM leads WHERE id = $1", Params().add(leadId));
  if (!exists) return exists.error();
  if (exists->count() == 0) return common::makeError("no lead " + leadId, 404);
  return Done{};
}

Status setAvailability(Connection& conn, const std::string& userId, Availability availability,
                       const std::string& reason) {
  auto changed = conn.query("UPDATE users SET availability = $1, availability_reason = $2"
                            " WHERE id = $3",
                            Params().add(toString(availability)).addOrNull(reason).add(userId));
  if (!changed) return changed.error();
  if (changed->affected() == 0) return common::makeError("no user " + userId, 404);
  return Done{};
}

} // namespace sb::store::postgres

// PostgresStore: the admin updates the HTTP API adds (users, passwords, leads, call flows,
// groups), each in one transaction on the shared connection. An update replaces every
// column the caller owns and keeps createdAt; an unknown id is a 404.
#include "store/admin_checks.hpp"
#include "store/postgres/distribution_records.hpp"
#include "store/postgres/people_writes.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/record_writes.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {
namespace {

// Runs an "UPDATE ... RETURNING created_at": the createdAt kept, or a 404.
common::Result<EpochMs> updatedCreatedAt(Connection& c, std::string_view sql, const Params& params,
                                         std::string_view kind, const std::string& id) {
  auto rows = c.query(sql, params);
  if (!rows) return rows.error();
  if (rows->count() == 0) return unknownRecord(kind, id);
  return rows->integer(0, 0);
}

Status updateUserRow(Connection& c, const User& u) {
  std::optional<std::int64_t> coolDown;
  if (u.coolDownSeconds) coolDown = *u.coolDownSeconds;
  Params p;
  p.add(u.email)
      .add(u.name)
      .add(toString(u.role))
      .add(u.passwordHash)
      .add(toString(u.availability))
      .addOrNull(u.availabilityReason)
      .addOrNull(u.ringThroughNumber)
      .addOrNull(u.callerId)
      .add(coolDown)
      .add(jsonText(u.attributes))
      .add(answerMethodsText(u.answerMethods))
      .add(u.id);
  return changeRow(c,
                   "UPDATE users SET email = $1, name = $2, role = $3,"
                   " password_hash = COALESCE($4, password_hash), availability = $5,"
                   " availability_reason = $6, ring_through_number = $7, caller_id = $8,"
                   " cool_down_seconds = $9, attributes = $10::jsonb,"
                   " answer_methods = $11::jsonb WHERE id = $12",
                   p, "user", u.id);
}

} // namespace

common::Result<User> PostgresStore::updateUser(const User& user) {
  if (auto bad = checkUser(user)) return *bad;
  std::optional<User> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    Status updated = updateUserRow(c, user);
    if (!updated) return updated;
    // Read back: the assigned number is derived, the password hash may be the kept one.
    auto read =
        oneOf<User>(c, sql(kUserSelect, "WHERE u.id = $1"), Params().add(user.id), readUser);
    if (!read) return read.error();
    stored = std::move(*read);
    return Done{};
  });
  if (!s) return adminError(s.error());
  if (!stored) return common::makeError("user " + user.id + " vanished while updated");
  return *stored;
}

std::optional<common::Error> PostgresStore::setPassword(const std::string& userId,
                                                        const std::string& passwordHash) {
  if (auto bad = checkPasswordHash(passwordHash)) return bad;
  return refusalOf(inTransaction([&](Connection& c) {
    return changeRow(c, "UPDATE users SET password_hash = $1 WHERE id = $2",
                     Params().add(passwordHash).add(userId), "user", userId);
  }));
}

common::Result<Lead> PostgresStore::updateLead(const Lead& lead) {
  if (auto bad = checkLead(lead)) return *bad;
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones);
  Status s = inTransaction([&](Connection& c) -> Status {
    auto createdAt = updatedCreatedAt(c,
                                      "UPDATE leads SET name = $1, company = $2, title = $3,"
                                      " email = $4, owner_user_id = $5, status = $6, crm_url = $7,"
                                      " attributes = $8::jsonb WHERE id = $9 RETURNING created_at",
                                      Params()
                                          .add(lead.name)
                                          .addOrNull(lead.company)
                                          .addOrNull(lead.title)
                                          .addOrNull(lead.email)
                                          .add(lead.ownerUserId)
                                          .add(lead.status)
                                          .addOrNull(lead.crmUrl)
                                          .add(jsonText(lead.attributes))
                                          .add(lead.id),
                                      "lead", lead.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    auto cleared = c.query("DELETE FROM lead_phones WHERE lead_id = $1", Params().add(lead.id));
    if (!cleared) return cleared.error();
    // a lead given an owner is no longer a lead nobody took.
    if (lead.ownerUserId) {
      Status resolved = resolveOpenExceptions(c, lead.id, nowMs());
      if (!resolved) return resolved;
    }
    return insertLeadPhones(c, lead.id, stored.phones);
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<CallFlowRecord> PostgresStore::updateCallFlow(const CallFlowRecord& flow) {
  if (auto bad = checkCallFlow(flow)) return *bad;
  CallFlowRecord stored = flow;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto createdAt = updatedCreatedAt(
        c, "UPDATE call_flows SET name = $1, steps = $2::jsonb WHERE id = $3 RETURNING created_at",
        Params().add(flow.name).add(jsonText(flow.steps)).add(flow.id), "call flow", flow.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    return Done{};
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<GroupRecord> PostgresStore::updateGroup(const GroupRecord& group) {
  if (auto bad = checkGroup(group)) return *bad;
  GroupRecord stored = group;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto createdAt = updatedCreatedAt(
        c, "UPDATE groups SET name = $1, filter = $2 WHERE id = $3 RETURNING created_at",
        Params().add(group.name).addOrNull(group.filter).add(group.id), "group", group.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    auto cleared = c.query("DELETE FROM group_members WHERE group_id = $1", Params().add(group.id));
    if (!cleared) return cleared.error();
    return insertGroupMembers(c, group.id, group.memberIds);
  });
  if (!s) return adminError(s.error());
  return stored;
}

} // namespace sb::store::postgres

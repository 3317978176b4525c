// SqliteStore: the admin updates the HTTP API adds (users, passwords, leads, call flows,
// groups), each in one transaction on the shared connection. An update replaces every
// column the caller owns and keeps createdAt; an unknown id is a 404.
#include "store/admin_checks.hpp"
#include "store/sqlite/distribution_records.hpp"
#include "store/sqlite/people_writes.hpp"
#include "store/sqlite/record_writes.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
namespace {

// Runs an "UPDATE ... RETURNING created_at" and reads it: the createdAt kept, or a 404.
common::Result<EpochMs> updatedCreatedAt(Statement& update, std::string_view kind,
                                         const std::string& id) {
  auto row = update.step();
  if (!row) return row.error();
  if (!*row) return unknownRecord(kind, id);
  const EpochMs createdAt = update.integer(0);
  auto rest = update.step(); // finishes the statement
  if (!rest) return rest.error();
  return createdAt;
}

Status updateUserRow(Connection& c, const User& u) {
  auto stmt = c.prepare(
      "UPDATE users SET email = ?, name = ?, role = ?, password_hash = COALESCE(?, password_hash),"
      " availability = ?, availability_reason = ?, ring_through_number = ?, caller_id = ?,"
      " cool_down_seconds = ?, attributes = ?, answer_methods = ? WHERE id = ?");
  if (!stmt) return stmt.error();
  std::optional<std::int64_t> coolDown;
  if (u.coolDownSeconds) coolDown = *u.coolDownSeconds;
  Status ran = stmt->bind(1, u.email)
                   .bind(2, u.name)
                   .bind(3, toString(u.role))
                   .bind(4, u.passwordHash)
                   .bind(5, toString(u.availability))
                   .bindOrNull(6, u.availabilityReason)
                   .bindOrNull(7, u.ringThroughNumber)
                   .bindOrNull(8, u.callerId)
                   .bind(9, coolDown)
                   .bind(10, jsonText(u.attributes))
                   .bind(11, answerMethodsText(u.answerMethods))
                   .bind(12, u.id)
                   .run();
  return foundRow(c, std::move(ran), "user", u.id);
}

} // namespace

common::Result<User> SqliteStore::updateUser(const User& user) {
  if (auto bad = checkUser(user)) return *bad;
  std::optional<User> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    Status updated = updateUserRow(c, user);
    if (!updated) return updated;
    // Read back: the assigned number is derived, the password hash may be the kept one.
    auto read = c.prepare(std::string(kUserSelect) + " WHERE u.id = ?");
    if (!read) return read.error();
    read->bind(1, user.id);
    auto row = first<User>(*read, readUser);
    if (!row) return row.error();
    stored = std::move(*row);
    return Done{};
  });
  if (!s) return adminError(s.error());
  if (!stored) return common::makeError("user " + user.id + " vanished while updated");
  return *stored;
}

std::optional<common::Error> SqliteStore::setPassword(const std::string& userId,
                                                      const std::string& passwordHash) {
  if (auto bad = checkPasswordHash(passwordHash)) return bad;
  return refusalOf(inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    return foundRow(c, stmt->bind(1, passwordHash).bind(2, userId).run(), "user", userId);
  }));
}

common::Result<Lead> SqliteStore::updateLead(const Lead& lead) {
  if (auto bad = checkLead(lead)) return *bad;
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones);
  Status s = inTransaction([&](Connection& c) -> Status {
    auto update = c.prepare("UPDATE leads SET name = ?, company = ?, title = ?, email = ?,"
                            " owner_user_id = ?, status = ?, crm_url = ?, attributes = ?"
                            " WHERE id = ? RETURNING created_at");
    if (!update) return update.error();
    update->bind(1, lead.name)
        .bindOrNull(2, lead.company)
        .bindOrNull(3, lead.title)
        .bindOrNull(4, lead.email)
        .bind(5, lead.ownerUserId)
        .bind(6, lead.status)
        .bindOrNull(7, lead.crmUrl)
        .bind(8, jsonText(lead.attributes))
        .bind(9, lead.id);
    auto createdAt = updatedCreatedAt(*update, "lead", lead.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    auto cleared = c.prepare("DELETE FROM lead_phones WHERE lead_id = ?");
    if (!cleared) return cleared.error();
    Status removed = cleared->bind(1, lead.id).run();
    if (!removed) return removed;
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

common::Result<CallFlowRecord> SqliteStore::updateCallFlow(const CallFlowRecord& flow) {
  if (auto bad = checkCallFlow(flow)) return *bad;
  CallFlowRecord stored = flow;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto update =
        c.prepare("UPDATE call_flows SET name = ?, steps = ? WHERE id = ? RETURNING created_at");
    if (!update) return update.error();
    update->bind(1, flow.name).bind(2, jsonText(flow.steps)).bind(3, flow.id);
    auto createdAt = updatedCreatedAt(*update, "call flow", flow.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    return Done{};
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<GroupRecord> SqliteStore::updateGroup(const GroupRecord& group) {
  if (auto bad = checkGroup(group)) return *bad;
  GroupRecord stored = group;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto update =
        c.prepare("UPDATE groups SET name = ?, filter = ? WHERE id = ? RETURNING created_at");
    if (!update) return update.error();
    update->bind(1, group.name).bindOrNull(2, group.filter).bind(3, group.id);
    auto createdAt = updatedCreatedAt(*update, "group", group.id);
    if (!createdAt) return createdAt.error();
    stored.createdAt = *createdAt;
    auto cleared = c.prepare("DELETE FROM group_members WHERE group_id = ?");
    if (!cleared) return cleared.error();
    Status removed = cleared->bind(1, group.id).run();
    if (!removed) return removed;
    return insertGroupMembers(c, group.id, group.memberIds);
  });
  if (!s) return adminError(s.error());
  return stored;
}

} // namespace sb::store::sqlite

// SqliteStore: synchronous admin writes, on the shared connection. They are not on the
// call path, so they need not go through the writer; WAL and the busy timeout let them
// interleave with its batches.
#include <algorithm>

#include "store/admin_checks.hpp"
#include "store/id.hpp"
#include "store/sqlite/people_writes.hpp"
#include "store/sqlite/record_writes.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

Status insertUser(Connection& conn, const User& u) {
  auto stmt = conn.prepare(
      "INSERT INTO users (id, email, name, role, password_hash, availability,"
      " availability_reason, ring_through_number, caller_id, cool_down_seconds, attributes,"
      " created_at, answer_methods) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  std::optional<std::int64_t> coolDown;
  if (u.coolDownSeconds) coolDown = *u.coolDownSeconds;
  return stmt->bind(1, u.id)
      .bind(2, u.email)
      .bind(3, u.name)
      .bind(4, toString(u.role))
      .bind(5, u.passwordHash)
      .bind(6, toString(u.availability))
      .bindOrNull(7, u.availabilityReason)
      .bindOrNull(8, u.ringThroughNumber)
      .bindOrNull(9, u.callerId)
      .bind(10, coolDown)
      .bind(11, jsonText(u.attributes))
      .bind(12, u.createdAt)
      .bind(13, answerMethodsText(u.answerMethods))
      .run();
}

Status insertGroup(Connection& conn, const GroupRecord& g) {
  auto stmt = conn.prepare("INSERT INTO groups (id, name, filter, created_at) VALUES (?,?,?,?)");
  if (!stmt) return stmt.error();
  Status inserted =
      stmt->bind(1, g.id).bind(2, g.name).bindOrNull(3, g.filter).bind(4, g.createdAt).run();
  if (!inserted) return inserted;
  return insertGroupMembers(conn, g.id, g.memberIds);
}

} // namespace

common::Result<Organization> SqliteStore::updateOrganization(const Organization& org) {
  if (org.name.empty()) return invalid("organization name is required");
  if (!org.settings.is_object()) return invalid("organization settings must be a JSON object");
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare(
        "INSERT INTO organization (id, name, company_phone, default_country, settings)"
        " VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
        " company_phone = excluded.company_phone, default_country = excluded.default_country,"
        " settings = excluded.settings");
    if (!stmt) return stmt.error();
    return stmt->bind(1, org.name)
        .bindOrNull(2, org.companyPhone)
        .bind(3, org.defaultCountry)
        .bind(4, jsonText(org.settings))
        .run();
  });
  if (!s) return s.error();
  return org;
}

common::Result<User> SqliteStore::createUser(const User& user) {
  if (auto bad = checkUser(user)) return *bad;
  User stored = user;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  stored.assignedNumberId.reset(); // assignment is made on the number
  Status s = inTransaction([&](Connection& c) { return insertUser(c, stored); });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Device> SqliteStore::createDevice(const Device& device) {
  if (auto bad = checkDevice(device)) return *bad;
  Device stored = device;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("INSERT INTO devices (id, user_id, kind, sip_username, sip_password,"
                          " created_at) VALUES (?,?,?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.userId)
        .bind(3, toString(stored.kind))
        .bindOrNull(4, stored.sipUsername)
        .bindOrNull(5, stored.sipPassword)
        .bind(6, stored.createdAt)
        .run();
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<PhoneNumber> SqliteStore::createNumber(const PhoneNumber& number) {
  if (auto bad = checkNumber(number)) return *bad;
  PhoneNumber stored = number;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("INSERT INTO numbers (id, e164, label, assigned_user_id,"
                          " forwarding_number, call_flow_id, created_at) VALUES (?,?,?,?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.e164)
        .bind(3, stored.label)
        .bind(4, stored.assignedUserId)
        .bindOrNull(5, stored.forwardingNumber)
        .bind(6, stored.callFlowId)
        .bind(7, stored.createdAt)
        .run();
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Lead> SqliteStore::createLead(const Lead& lead) {
  if (auto bad = checkLead(lead)) return *bad;
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones); // reported the way it is stored
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  Status s = inTransaction([&](Connection& c) { return insertLead(c, stored); });
  if (!s) return s.error();
  return stored;
}

common::Result<CallFlowRecord> SqliteStore::createCallFlow(const CallFlowRecord& flow) {
  if (auto bad = checkCallFlow(flow)) return *bad;
  CallFlowRecord stored = flow;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("INSERT INTO call_flows (id, name, steps, created_at) VALUES (?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.name)
        .bind(3, jsonText(stored.steps))
        .bind(4, stored.createdAt)
        .run();
  });
  if (!s) return s.error();
  return stored;
}

common::Result<GroupRecord> SqliteStore::createGroup(const GroupRecord& group) {
  if (auto bad = checkGroup(group)) return *bad;
  GroupRecord stored = group;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  // A user listed twice breaks the (group, user) key: reported as a conflict, 409.
  Status s = inTransaction([&](Connection& c) { return insertGroup(c, stored); });
  if (!s) return s.error();
  return stored;
}

common::Result<PhoneNumber> SqliteStore::updateNumber(const PhoneNumber& number) {
  if (number.id.empty()) return invalid("number id is required");
  if (auto bad = checkNumber(number)) return *bad;
  std::optional<PhoneNumber> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("UPDATE numbers SET e164 = ?, label = ?, assigned_user_id = ?,"
                          " forwarding_number = ?, call_flow_id = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    Status updated = stmt->bind(1, number.e164)
                         .bind(2, number.label)
                         .bind(3, number.assignedUserId)
                         .bindOrNull(4, number.forwardingNumber)
                         .bind(5, number.callFlowId)
                         .bind(6, number.id)
                         .run();
    if (!updated) return updated;
    if (c.changes() == 0) return unknownRecord("number", number.id);
    // Read back: createdAt is the stored one, not whatever the caller passed.
    auto read = c.prepare(std::string(kNumberSelect) + " WHERE id = ?");
    if (!read) return read.error();
    read->bind(1, number.id);
    auto row = first<PhoneNumber>(*read, readNumber);
    if (!row) return row.error();
    stored = std::move(*row);
    return Done{};
  });
  if (!s) return adminError(s.error());
  if (!stored) return common::makeError("number " + number.id + " vanished while updated");
  return *stored;
}

} // namespace sb::store::sqlite

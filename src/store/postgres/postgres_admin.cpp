// PostgresStore: synchronous admin writes, each in its own transaction on the shared
// connection. They are not on the call path, so they need not go through the writer.
#include <algorithm>

#include "store/admin_checks.hpp"
#include "store/id.hpp"
#include "store/postgres/people_writes.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/record_writes.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

Status run(Connection& conn, std::string_view sql, const Params& params) {
  auto rows = conn.query(sql, params);
  if (!rows) return rows.error();
  return Done{};
}

Status insertUser(Connection& conn, const User& u) {
  std::optional<std::int64_t> coolDown;
  if (u.coolDownSeconds) coolDown = *u.coolDownSeconds;
  Params p;
  p.add(u.id)
      .add(u.email)
      .add(u.name)
      .add(toString(u.role))
      .add(u.passwordHash)
      .add(toString(u.availability))
      .addOrNull(u.availabilityReason)
      .addOrNull(u.ringThroughNumber)
      .addOrNull(u.callerId)
      .add(coolDown)
      .add(jsonText(u.attributes))
      .add(u.createdAt)
      .add(answerMethodsText(u.answerMethods));
  return run(conn,
             "INSERT INTO users (id, email, name, role, password_hash, availability,"
             " availability_reason, ring_through_number, caller_id, cool_down_seconds,"
             " attributes, created_at, answer_methods)"
             " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::jsonb,$12,$13::jsonb)",
             p);
}

Status insertGroup(Connection& conn, const GroupRecord& g) {
  Status inserted =
      run(conn, "INSERT INTO groups (id, name, filter, created_at) VALUES ($1,$2,$3,$4)",
          Params().add(g.id).add(g.name).addOrNull(g.filter).add(g.createdAt));
  if (!inserted) return inserted;
  return insertGroupMembers(conn, g.id, g.memberIds);
}

} // namespace

common::Result<Organization> PostgresStore::updateOrganization(const Organization& org) {
  if (org.name.empty()) return invalid("organization name is required");
  if (!org.settings.is_object()) return invalid("organization settings must be a JSON object");
  Status s = inTransaction([&](Connection& c) {
    return run(c,
               "INSERT INTO organization (id, name, company_phone, default_country, settings)"
               " VALUES (1, $1, $2, $3, $4::jsonb) ON CONFLICT (id) DO UPDATE SET"
               " name = excluded.name, company_phone = excluded.company_phone,"
               " default_country = excluded.default_country, settings = excluded.settings",
               Params()
                   .add(org.name)
                   .addOrNull(org.companyPhone)
                   .add(org.defaultCountry)
                   .add(jsonText(org.settings)));
  });
  if (!s) return s.error();
  return org;
}

common::Result<User> PostgresStore::createUser(const User& user) {
  if (auto bad = checkUser(user)) return *bad;
  User stored = user;
  stampNew(stored, nowMs());
  stored.assignedNumberId.reset(); // assignment is made on the number
  Status s = inTransaction([&](Connection& c) { return insertUser(c, stored); });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Device> PostgresStore::createDevice(const Device& device) {
  if (auto bad = checkDevice(device)) return *bad;
  Device stored = device;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) {
    return run(c,
               "INSERT INTO devices (id, user_id, kind, sip_username, sip_password, created_at)"
               " VALUES ($1,$2,$3,$4,$5,$6)",
               Params()
                   .add(stored.id)
                   .add(stored.userId)
                   .add(toString(stored.kind))
                   .addOrNull(stored.sipUsername)
                   .addOrNull(stored.sipPassword)
                   .add(stored.createdAt));
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<PhoneNumber> PostgresStore::createNumber(const PhoneNumber& number) {
  if (auto bad = checkNumber(number)) return *bad;
  PhoneNumber stored = number;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) {
    return run(c,
               "INSERT INTO numbers (id, e164, label, assigned_user_id, forwarding_number,"
               " call_flow_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
               Params()
                   .add(stored.id)
                   .add(stored.e164)
                   .add(stored.label)
                   .add(stored.assignedUserId)
                   .addOrNull(stored.forwardingNumber)
                   .add(stored.callFlowId)
                   .add(stored.createdAt));
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Lead> PostgresStore::createLead(const Lead& lead) {
  if (auto bad = checkLead(lead)) return *bad;
  Lead stored = lead;
  stored.phones = distinctPhones(lead.phones); // reported the way it is stored
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) { return insertLead(c, stored); });
  if (!s) return s.error();
  return stored;
}

common::Result<CallFlowRecord> PostgresStore::createCallFlow(const CallFlowRecord& flow) {
  if (auto bad = checkCallFlow(flow)) return *bad;
  CallFlowRecord stored = flow;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) {
    return run(
        c, "INSERT INTO call_flows (id, name, steps, created_at) VALUES ($1,$2,$3::jsonb,$4)",
        Params().add(stored.id).add(stored.name).add(jsonText(stored.steps)).add(stored.createdAt));
  });
  if (!s) return s.error();
  return stored;
}

common::Result<GroupRecord> PostgresStore::createGroup(const GroupRecord& group) {
  if (auto bad = checkGroup(group)) return *bad;
  GroupRecord stored = group;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) { return insertGroup(c, stored); });
  if (!s) return s.error();
  return stored;
}

common::Result<PhoneNumber> PostgresStore::updateNumber(const PhoneNumber& number) {
  if (number.id.empty()) return invalid("number id is required");
  if (auto bad = checkNumber(number)) return *bad;
  std::optional<PhoneNumber> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    // RETURNING reads back the stored createdAt, not whatever the caller passed.
    auto rows = c.query("UPDATE numbers SET e164 = $1, label = $2, assigned_user_id = $3,"
                        " forwarding_number = $4, call_flow_id = $5 WHERE id = $6"
                        " RETURNING id, e164, label, assigned_user_id, forwarding_number,"
                        " call_flow_id, created_at",
                        Params()
                            .add(number.e164)
                            .add(number.label)
                            .add(number.assignedUserId)
                            .addOrNull(number.forwardingNumber)
                            .add(number.callFlowId)
                            .add(number.id));
    if (!rows) return rows.error();
    if (rows->count() == 0) return unknownRecord("number", number.id);
    stored = readNumber(*rows, 0);
    return Done{};
  });
  if (!s) return adminError(s.error());
  return *stored;
}

} // namespace sb::store::postgres

// SqliteStore: synchronous admin writes, on the shared connection. They are not on the
// call path, so they need not go through the writer; WAL and the busy timeout let them
// interleave with its batches.
#include <algorithm>

#include "store/id.hpp"
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
      " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
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
      .run();
}

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
  for (const std::string& phone : l.phones) {
    auto p = conn.prepare("INSERT OR IGNORE INTO lead_phones (lead_id, e164) VALUES (?, ?)");
    if (!p) return p.error();
    Status added = p->bind(1, l.id).bind(2, phone).run();
    if (!added) return added;
  }
  return Done{};
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
  if (user.email.empty()) return invalid("user email is required");
  if (!user.attributes.is_object()) return invalid("user attributes must be a JSON object");
  if (user.coolDownSeconds && *user.coolDownSeconds < 0) {
    return invalid("cool-down seconds must not be negative");
  }
  User stored = user;
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  stored.assignedNumberId.reset(); // assignment is made on the number
  Status s = inTransaction([&](Connection& c) { return insertUser(c, stored); });
  if (!s) return s.error();
  return stored;
}

common::Result<Device> SqliteStore::createDevice(const Device& device) {
  const bool registers = device.kind != DeviceKind::RingThrough;
  if (registers && (device.sipUsername.empty() || device.sipPassword.empty())) {
    return invalid("a sip or browser device needs a sip username and password");
  }
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
  if (!s) return s.error();
  return stored;
}

common::Result<PhoneNumber> SqliteStore::createNumber(const PhoneNumber& number) {
  if (number.e164.size() < 2 || number.e164.front() != '+') {
    return invalid("number must be in E.164 form (+15551234567)");
  }
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
  if (!s) return s.error();
  return stored;
}

common::Result<Lead> SqliteStore::createLead(const Lead& lead) {
  if (!lead.attributes.is_object()) return invalid("lead attributes must be a JSON object");
  Lead stored = lead;
  // A phone listed twice is stored once; report it the way it is stored.
  std::vector<std::string> phones;
  for (const std::string& p : lead.phones) {
    if (std::find(phones.begin(), phones.end(), p) == phones.end()) phones.push_back(p);
  }
  stored.phones = std::move(phones);
  if (stored.createdAt == 0) stored.createdAt = nowMs();
  if (stored.id.empty()) stored.id = newId(stored.createdAt);
  Status s = inTransaction([&](Connection& c) { return insertLead(c, stored); });
  if (!s) return s.error();
  return stored;
}

} // namespace sb::store::sqlite

// SqliteStore: synchronous reads, on the shared connection.
#include <string>

#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
Found<Organization> SqliteStore::organization() {
  auto db = readers_->lease();
  auto stmt = db->prepare(
      "SELECT name, company_phone, default_country, settings FROM organization WHERE id = 1");
  if (!stmt) return stmt.error();
  return first<Organization>(*stmt, [](const Statement& s) {
    return Organization{s.text(0), s.text(1), s.text(2), jsonFrom(s.text(3))};
  });
}

Found<User> SqliteStore::getUser(const std::string& id) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kUserSelect, "WHERE u.id = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  return first<User>(*stmt, readUser);
}

common::Result<std::vector<User>> SqliteStore::listUsers() {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kUserSelect, "ORDER BY u.created_at, u.id"));
  if (!stmt) return stmt.error();
  return collect<User>(*stmt, readUser);
}

common::Result<std::vector<Device>> SqliteStore::listDevices() {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kDeviceSelect, "ORDER BY created_at, id"));
  if (!stmt) return stmt.error();
  return collect<Device>(*stmt, readDevice);
}

Found<Device> SqliteStore::findDeviceBySipUsername(std::string_view username) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kDeviceSelect, "WHERE sip_username = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  return first<Device>(*stmt, readDevice);
}

common::Result<std::vector<PhoneNumber>> SqliteStore::listNumbers() {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kNumberSelect, "ORDER BY e164"));
  if (!stmt) return stmt.error();
  return collect<PhoneNumber>(*stmt, readNumber);
}

Found<PhoneNumber> SqliteStore::findNumberByE164(std::string_view e164) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kNumberSelect, "WHERE e164 = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, e164);
  return first<PhoneNumber>(*stmt, readNumber);
}

common::Result<std::vector<std::string>> SqliteStore::leadPhones(Connection& db, const std::string& leadId) {
  auto stmt = db.prepare("SELECT e164 FROM lead_phones WHERE lead_id = ? ORDER BY rowid");
  if (!stmt) return stmt.error();
  stmt->bind(1, leadId);
  return collect<std::string>(*stmt, [](const Statement& s) { return s.text(0); });
}

common::Result<std::vector<Lead>> SqliteStore::withPhones(Connection& db, common::Result<std::vector<Lead>> leads) {
  if (!leads) return leads;
  for (Lead& lead : *leads) {
    auto phones = leadPhones(db, lead.id);
    if (!phones) return phones.error();
    lead.phones = std::move(*phones);
  }
  return leads;
}

common::Result<std::vector<Lead>> SqliteStore::findLeadsByPhone(std::string_view e164) {
  auto db = readers_->lease();
  auto stmt = db->prepare(
      sql(kLeadSelect,
          "WHERE id IN (SELECT lead_id FROM lead_phones WHERE e164 = ?) ORDER BY created_at, id"));
  if (!stmt) return stmt.error();
  stmt->bind(1, e164);
  return withPhones(*db, collect<Lead>(*stmt, readLead));
}

Found<Lead> SqliteStore::getLead(const std::string& id) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kLeadSelect, "WHERE id = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto leads = withPhones(*db, collect<Lead>(*stmt, readLead));
  if (!leads) return leads.error();
  if (leads->empty()) return std::optional<Lead>{};
  return std::optional<Lead>{std::move(leads->front())};
}

Found<CallDetail> SqliteStore::findCall(const std::string& id) {
  auto db = readers_->lease();
  auto callStmt = db->prepare(sql(kCallSelect, "WHERE id = ?"));
  if (!callStmt) return callStmt.error();
  callStmt->bind(1, id);
  auto call = first<CallRecord>(*callStmt, readCall);
  if (!call) return call.error();
  if (!*call) return std::optional<CallDetail>{};
  CallDetail detail{std::move(**call), {}, {}};
  auto offerStmt = db->prepare(sql(kOfferSelect, "WHERE call_id = ? ORDER BY created_at, id"));
  if (!offerStmt) return offerStmt.error();
  offerStmt->bind(1, id);
  auto offers = collect<OfferRecord>(*offerStmt, readOffer);
  if (!offers) return offers.error();
  detail.offers = std::move(*offers);
  auto traceStmt = db->prepare(sql(kTraceSelect, "WHERE call_id = ? ORDER BY seq"));
  if (!traceStmt) return traceStmt.error();
  traceStmt->bind(1, id);
  auto trace = collect<TraceEntry>(*traceStmt, readTrace);
  if (!trace) return trace.error();
  detail.trace = std::move(*trace);
  return std::optional<CallDetail>{std::move(detail)};
}

common::Result<std::vector<CallRecord>> SqliteStore::listCalls(const CallPage& page) {
  if (page.limit <= 0 || page.limit > 1000) {
    return common::makeError("page limit must be between 1 and 1000", 400);
  }
  auto db = readers_->lease();
  const bool after = page.beforeStartedAt.has_value();
  auto stmt =
      db->prepare(sql(kCallSelect, after ? "WHERE (started_at, id) < (?, ?)"
                                                " ORDER BY started_at DESC, id DESC LIMIT ?"
                                              : "ORDER BY started_at DESC, id DESC LIMIT ?"));
  if (!stmt) return stmt.error();
  int next = 1;
  if (after) {
    stmt->bind(next++, *page.beforeStartedAt);
    stmt->bind(next++, page.beforeId);
  }
  stmt->bind(next, static_cast<std::int64_t>(page.limit));
  return collect<CallRecord>(*stmt, readCall);
}

common::Result<bool> SqliteStore::isEmpty() {
  auto db = readers_->lease();
  auto stmt = db->prepare("SELECT (SELECT COUNT(*) FROM organization) +"
                               " (SELECT COUNT(*) FROM users)");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row && stmt->integer(0) == 0;
}

} // namespace sb::store::sqlite

// SqliteStore: the reads the HTTP API adds — a user by email, the leads search, tokens,
// webhooks and their deliveries; on the shared connection.
#include <string>

#include "store/admin_checks.hpp"
#include "store/lead_search.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
Found<User> SqliteStore::findUserByEmail(std::string_view email) {
  auto db = readers_->lease();
  // users.email is COLLATE NOCASE: the comparison, and its unique index, ignore case.
  auto stmt = db->prepare(sql(kUserSelect, "WHERE u.email = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, email);
  return first<User>(*stmt, readUser);
}

common::Result<LeadPage> SqliteStore::searchLeads(const LeadQuery& query) {
  auto after = checkLeadQuery(query);
  if (!after) return after.error();
  const SqlTail search = leadSearchSql(query, *after, SqlDialect::Sqlite);
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kLeadSelect, search.tail));
  if (!stmt) return stmt.error();
  bindAll(*stmt, search.params);
  auto rows = withPhones(*db, collect<Lead>(*stmt, readLead));
  if (!rows) return rows.error();
  return leadPage(std::move(*rows), query);
}

Found<ApiToken> SqliteStore::findTokenByHash(std::string_view tokenHash) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kTokenSelect, "WHERE token_hash = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, tokenHash);
  return first<ApiToken>(*stmt, readToken);
}

common::Result<std::vector<ApiToken>> SqliteStore::listTokens(const std::string& userId) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kTokenSelect, userId.empty()
                                                     ? "WHERE kind = 'integration'"
                                                       " ORDER BY created_at DESC, id DESC"
                                                     : "WHERE kind = 'integration' AND user_id = ?"
                                                       " ORDER BY created_at DESC, id DESC"));
  if (!stmt) return stmt.error();
  if (!userId.empty()) stmt->bind(1, userId);
  return collect<ApiToken>(*stmt, readToken);
}

common::Result<std::vector<Webhook>> SqliteStore::listWebhooks() {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kWebhookSelect, "ORDER BY created_at, id"));
  if (!stmt) return stmt.error();
  return collect<Webhook>(*stmt, readWebhook);
}

Found<Webhook> SqliteStore::getWebhook(const std::string& id) {
  auto db = readers_->lease();
  auto stmt = db->prepare(sql(kWebhookSelect, "WHERE id = ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  return first<Webhook>(*stmt, readWebhook);
}

common::Result<std::vector<WebhookDelivery>>
SqliteStore::listDeliveries(const std::string& webhookId, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  auto db = readers_->lease();
  auto stmt = db->prepare(
      sql(kDeliverySelect, "WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, webhookId).bind(2, std::int64_t{limit});
  return collect<WebhookDelivery>(*stmt, readDelivery);
}

common::Result<std::vector<WebhookDelivery>> SqliteStore::dueDeliveries(EpochMs now, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  auto db = readers_->lease();
  auto stmt =
      db->prepare(sql(kDeliverySelect, "WHERE status = 'pending' AND next_attempt_at <= ?"
                                            " ORDER BY next_attempt_at, created_at, id"
                                            " LIMIT ?"));
  if (!stmt) return stmt.error();
  stmt->bind(1, now).bind(2, std::int64_t{limit});
  return collect<WebhookDelivery>(*stmt, readDelivery);
}

} // namespace sb::store::sqlite

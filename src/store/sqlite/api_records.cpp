// SqliteStore: the records the HTTP API keeps — tokens (issue 5), webhooks and their
// deliveries — each write in one transaction on the shared connection.
#include "store/admin_checks.hpp"
#include "store/id.hpp"
#include "store/sqlite/record_writes.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
namespace {

std::optional<std::int64_t> optStatus(const std::optional<int>& code) {
  if (!code) return std::nullopt;
  return *code;
}

} // namespace

common::Result<ApiToken> SqliteStore::createToken(const ApiToken& token) {
  if (auto bad = checkToken(token)) return *bad;
  ApiToken stored = token;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("INSERT INTO api_tokens (id, user_id, kind, name, token_hash,"
                          " created_at, expires_at, last_used_at, revoked_at)"
                          " VALUES (?,?,?,?,?,?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.userId)
        .bind(3, toString(stored.kind))
        .bind(4, stored.name)
        .bind(5, stored.tokenHash)
        .bind(6, stored.createdAt)
        .bind(7, stored.expiresAt)
        .bind(8, stored.lastUsedAt)
        .bind(9, stored.revokedAt)
        .run();
  });
  if (!s) return adminError(s.error());
  return stored;
}

std::optional<common::Error> SqliteStore::touchToken(const std::string& id, EpochMs at) {
  return refusalOf(inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    return foundRow(c, stmt->bind(1, at).bind(2, id).run(), "token", id);
  }));
}

std::optional<common::Error> SqliteStore::revokeToken(const std::string& id, EpochMs at) {
  return refusalOf(inTransaction([&](Connection& c) -> Status {
    // Revoking again keeps the first revocation's time.
    auto stmt =
        c.prepare("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?");
    if (!stmt) return stmt.error();
    return foundRow(c, stmt->bind(1, at).bind(2, id).run(), "token", id);
  }));
}

common::Result<Webhook> SqliteStore::createWebhook(const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  Webhook stored = webhook;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("INSERT INTO webhooks (id, url, secret, event_types, active, created_at)"
                          " VALUES (?,?,?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.url)
        .bind(3, stored.secret)
        .bind(4, stringsText(stored.eventTypes))
        .bind(5, std::int64_t{stored.active ? 1 : 0})
        .bind(6, stored.createdAt)
        .run();
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Webhook> SqliteStore::updateWebhook(const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  std::optional<Webhook> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("UPDATE webhooks SET url = ?, secret = ?, event_types = ?, active = ?"
                          " WHERE id = ? RETURNING id, url, secret, event_types, active,"
                          " created_at");
    if (!stmt) return stmt.error();
    stmt->bind(1, webhook.url)
        .bind(2, webhook.secret)
        .bind(3, stringsText(webhook.eventTypes))
        .bind(4, std::int64_t{webhook.active ? 1 : 0})
        .bind(5, webhook.id);
    auto row = collect<Webhook>(*stmt, readWebhook);
    if (!row) return row.error();
    if (row->empty()) return unknownRecord("webhook", webhook.id);
    stored = std::move(row->front());
    return Done{};
  });
  if (!s) return adminError(s.error());
  return *stored;
}

std::optional<common::Error> SqliteStore::deleteWebhook(const std::string& id) {
  return refusalOf(
      inTransaction([&](Connection& c) { return deleteUnreferred(c, "webhooks", "webhook", id); }));
}

common::Result<WebhookDelivery> SqliteStore::createDelivery(const WebhookDelivery& delivery) {
  if (auto bad = checkDelivery(delivery)) return *bad;
  WebhookDelivery stored = delivery;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto stmt =
        c.prepare("INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type,"
                  " payload, status, attempts, next_attempt_at, last_status_code,"
                  " last_error, created_at, delivered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, stored.id)
        .bind(2, stored.webhookId)
        .bind(3, stored.eventId)
        .bind(4, stored.eventType)
        .bind(5, stored.payload)
        .bind(6, toString(stored.status))
        .bind(7, std::int64_t{stored.attempts})
        .bind(8, stored.nextAttemptAt)
        .bind(9, optStatus(stored.lastStatusCode))
        .bind(10, stored.lastError)
        .bind(11, stored.createdAt)
        .bind(12, stored.deliveredAt)
        .run();
  });
  if (!s) return adminError(s.error());
  return stored;
}

std::optional<common::Error> SqliteStore::updateDelivery(const WebhookDelivery& d) {
  if (auto bad = checkDeliveryProgress(d)) return bad;
  return refusalOf(inTransaction([&](Connection& c) -> Status {
    auto stmt = c.prepare("UPDATE webhook_deliveries SET status = ?, attempts = ?,"
                          " next_attempt_at = ?, last_status_code = ?, last_error = ?,"
                          " delivered_at = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    Status ran = stmt->bind(1, toString(d.status))
                     .bind(2, std::int64_t{d.attempts})
                     .bind(3, d.nextAttemptAt)
                     .bind(4, optStatus(d.lastStatusCode))
                     .bind(5, d.lastError)
                     .bind(6, d.deliveredAt)
                     .bind(7, d.id)
                     .run();
    return foundRow(c, std::move(ran), "delivery", d.id);
  }));
}

} // namespace sb::store::sqlite

// PostgresStore: the records the HTTP API keeps — tokens (issue 5), webhooks and their
// deliveries — each write in one transaction on the shared connection.
#include "store/admin_checks.hpp"
#include "store/id.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/record_writes.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {
namespace {

std::optional<std::int64_t> optStatus(const std::optional<int>& code) {
  if (!code) return std::nullopt;
  return *code;
}

const char* boolText(bool value) {
  return value ? "true" : "false";
}

} // namespace

common::Result<ApiToken> PostgresStore::createToken(const ApiToken& token) {
  if (auto bad = checkToken(token)) return *bad;
  ApiToken stored = token;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto inserted = c.query("INSERT INTO api_tokens (id, user_id, kind, name, token_hash,"
                            " created_at, expires_at, last_used_at, revoked_at)"
                            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                            Params()
                                .add(stored.id)
                                .add(stored.userId)
                                .add(toString(stored.kind))
                                .add(stored.name)
                                .add(stored.tokenHash)
                                .add(stored.createdAt)
                                .add(stored.expiresAt)
                                .add(stored.lastUsedAt)
                                .add(stored.revokedAt));
    if (!inserted) return inserted.error();
    return Done{};
  });
  if (!s) return adminError(s.error());
  return stored;
}

std::optional<common::Error> PostgresStore::touchToken(const std::string& id, EpochMs at) {
  return refusalOf(inTransaction([&](Connection& c) {
    return changeRow(c, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2",
                     Params().add(at).add(id), "token", id);
  }));
}

std::optional<common::Error> PostgresStore::revokeToken(const std::string& id, EpochMs at) {
  return refusalOf(inTransaction([&](Connection& c) {
    // Revoking again keeps the first revocation's time.
    return changeRow(c, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2",
                     Params().add(at).add(id), "token", id);
  }));
}

common::Result<Webhook> PostgresStore::createWebhook(const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  Webhook stored = webhook;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto inserted =
        c.query("INSERT INTO webhooks (id, url, secret, event_types, active, created_at)"
                " VALUES ($1,$2,$3,$4::jsonb,$5,$6)",
                Params()
                    .add(stored.id)
                    .add(stored.url)
                    .add(stored.secret)
                    .add(stringsText(stored.eventTypes))
                    .add(boolText(stored.active))
                    .add(stored.createdAt));
    if (!inserted) return inserted.error();
    return Done{};
  });
  if (!s) return adminError(s.error());
  return stored;
}

common::Result<Webhook> PostgresStore::updateWebhook(const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  std::optional<Webhook> stored;
  Status s = inTransaction([&](Connection& c) -> Status {
    auto rows = c.query("UPDATE webhooks SET url = $1, secret = $2, event_types = $3::jsonb,"
                        " active = $4 WHERE id = $5 RETURNING id, url, secret, event_types,"
                        " active, created_at",
                        Params()
                            .add(webhook.url)
                            .add(webhook.secret)
                            .add(stringsText(webhook.eventTypes))
                            .add(boolText(webhook.active))
                            .add(webhook.id));
    if (!rows) return rows.error();
    if (rows->count() == 0) return unknownRecord("webhook", webhook.id);
    stored = readWebhook(*rows, 0);
    return Done{};
  });
  if (!s) return adminError(s.error());
  return *stored;
}

std::optional<common::Error> PostgresStore::deleteWebhook(const std::string& id) {
  return refusalOf(
      inTransaction([&](Connection& c) { return deleteUnreferred(c, "webhooks", "webhook", id); }));
}

common::Result<WebhookDelivery> PostgresStore::createDelivery(const WebhookDelivery& delivery) {
  if (auto bad = checkDelivery(delivery)) return *bad;
  WebhookDelivery stored = delivery;
  stampNew(stored, nowMs());
  Status s = inTransaction([&](Connection& c) -> Status {
    auto inserted = c.query("INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type,"
                            " payload, status, attempts, next_attempt_at, last_status_code,"
                            " last_error, created_at, delivered_at)"
                            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
                            Params()
                                .add(stored.id)
                                .add(stored.webhookId)
                                .add(stored.eventId)
                                .add(stored.eventType)
                                .add(stored.payload)
                                .add(toString(stored.status))
                                .add(stored.attempts)
                                .add(stored.nextAttemptAt)
                                .add(optStatus(stored.lastStatusCode))
                                .add(stored.lastError)
                                .add(stored.createdAt)
                                .add(stored.deliveredAt));
    if (!inserted) return inserted.error();
    return Done{};
  });
  if (!s) return adminError(s.error());
  return stored;
}

std::optional<common::Error> PostgresStore::updateDelivery(const WebhookDelivery& d) {
  if (auto bad = checkDeliveryProgress(d)) return bad;
  return refusalOf(inTransaction([&](Connection& c) {
    return changeRow(c,
                     "UPDATE webhook_deliveries SET status = $1, attempts = $2,"
                     " next_attempt_at = $3, last_status_code = $4, last_error = $5,"
                     " delivered_at = $6 WHERE id = $7",
                     Params()
                         .add(toString(d.status))
                         .add(d.attempts)
                         .add(d.nextAttemptAt)
                         .add(optStatus(d.lastStatusCode))
                         .add(d.lastError)
                         .add(d.deliveredAt)
                         .add(d.id),
                     "delivery", d.id);
  }));
}

} // namespace sb::store::postgres

// Schema v4 (SQLite): what the HTTP API keeps (issue 5) — login sessions and integration
// tokens, webhooks (R-27) and each event's deliveries to them, and an index for the leads
// search by owner.
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kApi = R"sql(
-- Only a SHA-256 of each secret is kept. A user's tokens go with the user.
CREATE TABLE api_tokens (
  id           TEXT NOT NULL PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('session', 'integration')),
  name         TEXT NOT NULL DEFAULT '',
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);

-- event_types: a JSON array of event type names; empty means every event.
CREATE TABLE webhooks (
  id          TEXT NOT NULL PRIMARY KEY,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  event_types TEXT NOT NULL DEFAULT '[]'
              CHECK (json_valid(event_types) AND json_type(event_types) = 'array'),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL
);

-- One event for one webhook, with its retries; payload is the exact body sent and signed.
CREATE TABLE webhook_deliveries (
  id               TEXT NOT NULL PRIMARY KEY,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id         INTEGER NOT NULL,
  event_type       TEXT NOT NULL,
  payload          TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  INTEGER NOT NULL,
  last_status_code INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at);

-- The leads search pages one owner's (or the unassigned) leads newest first; the index
-- on owner_user_id alone is a prefix of this one.
CREATE INDEX leads_owner_created ON leads(owner_user_id, created_at, id);
DROP INDEX leads_owner;
)sql";

} // namespace

std::string_view sqlite0004Api() {
  return kApi;
}

} // namespace sb::store::migrations

// Schema v4 (PostgreSQL): the same as sqlite_0004_api.cpp — API tokens, webhooks (R-27)
// and their deliveries, and an index for the leads search by owner.
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kApi = R"sql(
-- Only a SHA-256 of each secret is kept. A user's tokens go with the user.
CREATE TABLE api_tokens (
  id           TEXT NOT NULL PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('session', 'integration')),
  name         TEXT NOT NULL DEFAULT '',
  token_hash   TEXT NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);

-- event_types: an array of event type names; empty means every event.
CREATE TABLE webhooks (
  id          TEXT NOT NULL PRIMARY KEY,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  event_types JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(event_types) = 'array'),
  active      BOOLEAN NOT NULL DEFAULT true,
  created_at  BIGINT NOT NULL
);

-- One event for one webhook, with its retries. payload is TEXT, not JSONB: it is the exact
-- body sent and signed, which JSONB would reformat.
CREATE TABLE webhook_deliveries (
  id               TEXT NOT NULL PRIMARY KEY,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id         BIGINT NOT NULL,
  event_type       TEXT NOT NULL,
  payload          TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  BIGINT NOT NULL,
  last_status_code INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       BIGINT NOT NULL,
  delivered_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at);

-- The leads search pages one owner's (or the unassigned) leads newest first; the index
-- on owner_user_id alone is a prefix of this one.
CREATE INDEX leads_owner_created ON leads(owner_user_id, created_at, id);
DROP INDEX leads_owner;
)sql";

} // namespace

Migration postgresApi() {
  return Migration{4, "api", kApi};
}

} // namespace sb::store::migrations

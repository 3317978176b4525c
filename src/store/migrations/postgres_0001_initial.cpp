// Schema v1 (PostgreSQL): the same model as sqlite_0001_initial.cpp. Times are epoch
// milliseconds in BIGINT, JSON columns are JSONB, ids are TEXT. Differences that the
// dialect forces are noted where they are.
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE organization (
  id              SMALLINT PRIMARY KEY CHECK (id = 1),  -- exactly one organization
  name            TEXT NOT NULL,
  company_phone   TEXT,
  default_country TEXT NOT NULL DEFAULT 'US',
  settings        JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object')
);

CREATE TABLE users (
  id                  TEXT NOT NULL PRIMARY KEY,
  email               TEXT NOT NULL,
  name                TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  password_hash       TEXT,
  availability        TEXT NOT NULL DEFAULT 'available'
                      CHECK (availability IN ('available', 'unavailable')),
  availability_reason TEXT,
  ring_through_number TEXT,
  caller_id           TEXT,
  cool_down_seconds   INTEGER CHECK (cool_down_seconds IS NULL OR cool_down_seconds >= 0),
  attributes          JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  created_at          BIGINT NOT NULL
);
-- SQLite's UNIQUE COLLATE NOCASE: one account per address whatever its case.
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE devices (
  id           TEXT NOT NULL PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('sip', 'browser', 'ring_through')),
  sip_username TEXT UNIQUE,  -- NULL for ring-through devices
  sip_password TEXT,
  created_at   BIGINT NOT NULL
);
CREATE INDEX devices_user ON devices(user_id);

CREATE TABLE call_flows (
  id         TEXT NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  steps      JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(steps) = 'array'),
  created_at BIGINT NOT NULL
);

-- A number's assignment lives here only; a user's assigned number is read from it.
CREATE TABLE numbers (
  id                TEXT NOT NULL PRIMARY KEY,
  e164              TEXT NOT NULL UNIQUE,
  label             TEXT NOT NULL DEFAULT '',
  assigned_user_id  TEXT REFERENCES users(id) ON DELETE SET NULL,
  forwarding_number TEXT,
  call_flow_id      TEXT REFERENCES call_flows(id) ON DELETE SET NULL,
  created_at        BIGINT NOT NULL
);
CREATE INDEX numbers_assigned_user ON numbers(assigned_user_id);

CREATE TABLE leads (
  id            TEXT NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL DEFAULT '',
  company       TEXT,
  title         TEXT,
  email         TEXT,
  owner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  status        TEXT NOT NULL DEFAULT 'new',
  crm_url       TEXT,
  attributes    JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  created_at    BIGINT NOT NULL
);
CREATE INDEX leads_owner ON leads(owner_user_id);

-- SQLite keeps a lead's phones in rowid order; PostgreSQL has no rowid, so the order
-- they were given in is kept in `position`.
CREATE TABLE lead_phones (
  lead_id  TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  e164     TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (lead_id, e164)
);
CREATE INDEX lead_phones_e164 ON lead_phones(e164);

-- Users are deactivated, not deleted, once they have call history: the references from
-- calls and offers below keep that history whole.
CREATE TABLE calls (
  id                  TEXT NOT NULL PRIMARY KEY,
  direction           TEXT NOT NULL
                      CHECK (direction IN ('inbound', 'outbound', 'transfer', 'distribution')),
  number_e164         TEXT,
  caller_e164         TEXT,
  lead_id             TEXT REFERENCES leads(id) ON DELETE SET NULL,
  status              TEXT NOT NULL CHECK (status IN ('ringing', 'connected', 'completed',
                        'no_answer', 'busy', 'cancelled', 'failed', 'voicemail', 'interrupted')),
  outcome             TEXT,
  answered_by_user_id TEXT REFERENCES users(id),
  started_at          BIGINT NOT NULL,
  answered_at         BIGINT,
  ended_at            BIGINT,
  talk_seconds        INTEGER,
  end_reason          TEXT,
  disposition         TEXT,
  sentiment           TEXT,
  notes               TEXT
);
CREATE INDEX calls_started ON calls(started_at, id);
CREATE INDEX calls_lead ON calls(lead_id);
CREATE INDEX calls_open ON calls(id) WHERE ended_at IS NULL;  -- crash recovery

CREATE TABLE offers (
  id         TEXT NOT NULL PRIMARY KEY,
  call_id    TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users(id),
  device_id  TEXT REFERENCES devices(id) ON DELETE SET NULL,
  status     TEXT NOT NULL CHECK (status IN ('ringing', 'accepted', 'declined', 'no_answer',
                                             'cancelled', 'taken_by_other', 'failed')),
  created_at BIGINT NOT NULL,
  ended_at   BIGINT,
  reason     TEXT
);
CREATE INDEX offers_call ON offers(call_id, created_at);

CREATE TABLE routing_trace (
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  at      BIGINT NOT NULL,
  user_id TEXT REFERENCES users(id),
  action  TEXT NOT NULL,
  reason  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (call_id, seq)
);
)sql";

} // namespace

Migration postgresInitialSchema() {
  return Migration{1, "initial schema", kInitialSchema};
}

} // namespace sb::store::migrations

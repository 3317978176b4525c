// Schema v1 (SQLite): the model of behaviour.md in outline, with what the SIP core needs
// now filled in. Times are epoch milliseconds; JSON columns hold objects.
#include "store/migrations/migrations.hpp"
#include "store/migrations/sqlite_steps.hpp"

#include <array>

namespace sb::store::migrations {
namespace {

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE organization (
  id              INTEGER PRIMARY KEY CHECK (id = 1),  -- exactly one organization
  name            TEXT NOT NULL,
  company_phone   TEXT,
  default_country TEXT NOT NULL DEFAULT 'US',
  settings        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
);

CREATE TABLE users (
  id                  TEXT NOT NULL PRIMARY KEY,
  email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name                TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  password_hash       TEXT,
  availability        TEXT NOT NULL DEFAULT 'available'
                      CHECK (availability IN ('available', 'unavailable')),
  availability_reason TEXT,
  ring_through_number TEXT,
  caller_id           TEXT,
  cool_down_seconds   INTEGER CHECK (cool_down_seconds IS NULL OR cool_down_seconds >= 0),
  attributes          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  created_at          INTEGER NOT NULL
);

CREATE TABLE devices (
  id           TEXT NOT NULL PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('sip', 'browser', 'ring_through')),
  sip_username TEXT UNIQUE,  -- NULL for ring-through devices
  sip_password TEXT,
  created_at   INTEGER NOT NULL
);
CREATE INDEX devices_user ON devices(user_id);

-- Outline only: steps are filled in when call flows (R-3) are built.
CREATE TABLE call_flows (
  id         TEXT NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  steps      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps)),
  created_at INTEGER NOT NULL
);

-- A number's assignment lives here only; a user's assigned number is read from it.
CREATE TABLE numbers (
  id                TEXT NOT NULL PRIMARY KEY,
  e164              TEXT NOT NULL UNIQUE,
  label             TEXT NOT NULL DEFAULT '',
  assigned_user_id  TEXT REFERENCES users(id) ON DELETE SET NULL,
  forwarding_number TEXT,
  call_flow_id      TEXT REFERENCES call_flows(id) ON DELETE SET NULL,
  created_at        INTEGER NOT NULL
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
  attributes    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  created_at    INTEGER NOT NULL
);
CREATE INDEX leads_owner ON leads(owner_user_id);

CREATE TABLE lead_phones (
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  e164    TEXT NOT NULL,
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
  started_at          INTEGER NOT NULL,
  answered_at         INTEGER,
  ended_at            INTEGER,
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
  created_at INTEGER NOT NULL,
  ended_at   INTEGER,
  reason     TEXT
);
CREATE INDEX offers_call ON offers(call_id, created_at);

CREATE TABLE routing_trace (
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  at      INTEGER NOT NULL,
  user_id TEXT REFERENCES users(id),
  action  TEXT NOT NULL,
  reason  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (call_id, seq)
);
)sql";

} // namespace

std::span<const Migration> sqlite() {
  static const std::array list{
      Migration{1, "initial schema", kInitialSchema},
      Migration{2, "routing model", sqlite0002RoutingModel()},
      Migration{3, "call search", sqlite0003CallSearch()},
      Migration{4, "api", sqlite0004Api()},
      Migration{5, "call list", sqlite0005CallList()},
      Migration{6, "transfers", sqlite0006Transfers()},
      Migration{7, "distribution", sqlite0007Distribution()},
      Migration{8, "phone numbers", sqlite0008PhoneNumbers()},
  };
  return list;
}

} // namespace sb::store::migrations

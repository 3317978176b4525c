// Schema v2 (SQLite): what routing and the call path need beyond v1 — distribution
// groups, follow-ups (R-14, R-15), voicemails, the remembered lead choice of a caller
// (R-1) and each user's answer methods (R-6).
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kRoutingModel = R"sql(
-- R-6: the devices that ring for an offer, as a JSON array of device kinds.
ALTER TABLE users ADD COLUMN answer_methods TEXT NOT NULL
  DEFAULT '["browser","sip","ring_through"]'
  CHECK (json_valid(answer_methods) AND json_type(answer_methods) = 'array');

-- Members and/or a filter over user and lead attributes (text the routing module parses).
CREATE TABLE groups (
  id         TEXT NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  filter     TEXT,  -- NULL: no filter
  created_at INTEGER NOT NULL
);

-- Position keeps the member order the sequential strategy rings in.
CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_order ON group_members(group_id, position);
CREATE INDEX group_members_user ON group_members(user_id);

-- A missed call or voicemail someone must call back. Later misses from the same caller
-- merge into the open one; the partial unique index is what the merge upserts against.
CREATE TABLE follow_ups (
  id                TEXT NOT NULL PRIMARY KEY,
  caller_e164       TEXT NOT NULL,
  lead_id           TEXT REFERENCES leads(id) ON DELETE SET NULL,
  assigned_user_id  TEXT REFERENCES users(id) ON DELETE SET NULL,
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  reason            TEXT NOT NULL CHECK (reason IN ('missed', 'voicemail')),
  missed_calls      INTEGER NOT NULL DEFAULT 1 CHECK (missed_calls >= 1),
  last_call_id      TEXT NOT NULL REFERENCES calls(id),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  closed_at         INTEGER,
  closed_by_call_id TEXT REFERENCES calls(id)
);
CREATE UNIQUE INDEX follow_ups_open_caller ON follow_ups(caller_e164) WHERE status = 'open';
CREATE INDEX follow_ups_open_lead ON follow_ups(lead_id) WHERE status = 'open';
CREATE INDEX follow_ups_status_updated ON follow_ups(status, updated_at);
CREATE INDEX follow_ups_assignee_updated ON follow_ups(assigned_user_id, updated_at);

CREATE TABLE voicemails (
  id          TEXT NOT NULL PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  lead_id     TEXT REFERENCES leads(id) ON DELETE SET NULL,
  path        TEXT NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  created_at  INTEGER NOT NULL
);
CREATE INDEX voicemails_call ON voicemails(call_id, created_at);
CREATE INDEX voicemails_lead ON voicemails(lead_id);

-- R-1: the lead an agent picked for a caller whose number several leads share.
CREATE TABLE caller_lead_choice (
  caller_e164 TEXT NOT NULL PRIMARY KEY,
  lead_id     TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  chosen_at   INTEGER NOT NULL
);
CREATE INDEX caller_lead_choice_lead ON caller_lead_choice(lead_id);

-- The routing lead index loads every lead in creation order at start (forEachLead).
CREATE INDEX leads_created ON leads(created_at, id);
CREATE INDEX call_flows_created ON call_flows(created_at, id);
)sql";

} // namespace

std::string_view sqlite0002RoutingModel() {
  return kRoutingModel;
}

} // namespace sb::store::migrations

// Schema v7 (SQLite): distribution (R-20..R-23). An application is a lead taken by the
// agent who pressed 1 first; a lead exception is a lead nobody took, open until an admin
// resolves it or gives the lead an owner. Both go with their lead.
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kDistribution = R"sql(
-- The user stays referenced (no cascade): a user who took a lead keeps that history,
-- like the calls they answered.
CREATE TABLE applications (
  id         TEXT NOT NULL PRIMARY KEY,
  lead_id    TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users(id),
  call_id    TEXT REFERENCES calls(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL
);
-- A lead's newest application (and the cascade when the lead goes).
CREATE INDEX applications_lead ON applications(lead_id, created_at, id);

CREATE TABLE lead_exceptions (
  id                  TEXT NOT NULL PRIMARY KEY,
  lead_id             TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  group_id            TEXT REFERENCES groups(id) ON DELETE SET NULL,
  call_id             TEXT REFERENCES calls(id) ON DELETE SET NULL,
  reason              TEXT NOT NULL CHECK (reason IN ('nobody_eligible', 'all_declined',
                        'no_answer', 'not_started', 'failed')),
  detail              TEXT NOT NULL DEFAULT '',
  created_at          INTEGER NOT NULL,
  resolved_at         INTEGER,
  resolved_by_user_id TEXT REFERENCES users(id) ON DELETE SET NULL
);
-- The admins' list: the open ones newest first, and every one newest first.
CREATE INDEX lead_exceptions_open ON lead_exceptions(created_at, id) WHERE resolved_at IS NULL;
CREATE INDEX lead_exceptions_created ON lead_exceptions(created_at, id);
-- A lead's open exceptions, resolved when it gets an owner (and the cascade).
CREATE INDEX lead_exceptions_lead ON lead_exceptions(lead_id, resolved_at);
)sql";

} // namespace

std::string_view sqlite0007Distribution() {
  return kDistribution;
}

} // namespace sb::store::migrations

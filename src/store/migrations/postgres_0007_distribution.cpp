// Schema v7 (PostgreSQL): the same as sqlite_0007_distribution.cpp, applications (R-21)
// and lead exceptions (R-23).
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kDistribution = R"sql(
CREATE TABLE applications (
  id         TEXT NOT NULL PRIMARY KEY,
  lead_id    TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users(id),
  call_id    TEXT REFERENCES calls(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX applications_lead ON applications(lead_id, created_at, id);

CREATE TABLE lead_exceptions (
  id                  TEXT NOT NULL PRIMARY KEY,
  lead_id             TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  group_id            TEXT REFERENCES groups(id) ON DELETE SET NULL,
  call_id             TEXT REFERENCES calls(id) ON DELETE SET NULL,
  reason              TEXT NOT NULL CHECK (reason IN ('nobody_eligible', 'all_declined',
                        'no_answer', 'not_started', 'failed')),
  detail              TEXT NOT NULL DEFAULT '',
  created_at          BIGINT NOT NULL,
  resolved_at         BIGINT,
  resolved_by_user_id TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX lead_exceptions_open ON lead_exceptions(created_at, id) WHERE resolved_at IS NULL;
CREATE INDEX lead_exceptions_created ON lead_exceptions(created_at, id);
CREATE INDEX lead_exceptions_lead ON lead_exceptions(lead_id, resolved_at);
)sql";

} // namespace

Migration postgresDistribution() {
  return Migration{7, "distribution", kDistribution};
}

} // namespace sb::store::migrations

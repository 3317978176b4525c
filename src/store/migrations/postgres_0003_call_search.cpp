// Schema v3 (PostgreSQL): the same as sqlite_0003_call_search.cpp — indexes for the calls
// list's filters (R-25), partial phone search, who logged a call and when (R-19).
#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kCallSearch = R"sql(
-- The digits of the caller's number, a space, the dialled number's digits; written by
-- insertCall.
ALTER TABLE calls ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
UPDATE calls SET phone_digits = regexp_replace(COALESCE(caller_e164, ''), '[^0-9]', '', 'g')
  || ' ' || regexp_replace(COALESCE(number_e164, ''), '[^0-9]', '', 'g');

-- R-19: who last logged notes, disposition or sentiment, and when.
ALTER TABLE calls ADD COLUMN logged_by_user_id TEXT REFERENCES users(id);
ALTER TABLE calls ADD COLUMN logged_at BIGINT;

-- The user filter (answered by, or offered to) and the talk-time filter and sort.
CREATE INDEX calls_answered_by ON calls(answered_by_user_id, started_at);
CREATE INDEX offers_user ON offers(user_id, call_id);
CREATE INDEX calls_talk ON calls((COALESCE(talk_seconds, 0)), id);

-- Partial phone match: a pg_trgm GIN index answers LIKE '%digits%' for three digits or
-- more. The extension is per database, so it lives in a schema of its own, shared by every
-- deployment schema and never dropped with one; a lock keeps two schemas migrating at once
-- from both creating it. Without pg_trgm (not installed, or no right to create it) the
-- index is skipped and phone search filters rows instead: slower, the same answers.
DO $$
DECLARE
  trgm_schema name;
BEGIN
  PERFORM pg_advisory_xact_lock(21314, 3);
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NULL THEN
    BEGIN
      CREATE SCHEMA IF NOT EXISTS switchboard_extensions;
      CREATE EXTENSION pg_trgm WITH SCHEMA switchboard_extensions;
      trgm_schema := 'switchboard_extensions';
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm unavailable (%): phone search runs without its index', SQLERRM;
    END;
  END IF;
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX calls_phone_trgm ON calls USING gin (phone_digits %I.gin_trgm_ops)',
                   trgm_schema);
  END IF;
END
$$;
)sql";

} // namespace

Migration postgresCallSearch() {
  return Migration{3, "call search", kCallSearch};
}

} // namespace sb::store::migrations

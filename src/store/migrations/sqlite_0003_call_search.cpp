// Schema v3 (SQLite): what the calls list (R-25) and call logging (R-19) need — indexes
// for the filters, a trigram index for partial phone search, who logged a call and when.
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kCallSearch = R"sql(
-- The digits of the caller's number, a space, the dialled number's digits; written by
-- insertCall. Stored numbers are E.164, so stripping '+' (and stray formatting) backfills it.
ALTER TABLE calls ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
UPDATE calls SET phone_digits =
  replace(replace(replace(replace(replace(COALESCE(caller_e164, ''), '+', ''), ' ', ''), '-', ''),
          '(', ''), ')', '') || ' ' ||
  replace(replace(replace(replace(replace(COALESCE(number_e164, ''), '+', ''), ' ', ''), '-', ''),
          '(', ''), ')', '');

-- R-19: who last logged notes, disposition or sentiment, and when.
ALTER TABLE calls ADD COLUMN logged_by_user_id TEXT REFERENCES users(id);
ALTER TABLE calls ADD COLUMN logged_at INTEGER;

-- Partial phone match: an FTS5 trigram index over phone_digits answers LIKE '%digits%'
-- for three digits or more from the index (detail=none: FTS5 checks each candidate's text).
-- Keyed by call id, not rowid: VACUUM may renumber the rowids of a table with a TEXT key.
-- Calls are not deleted; if one is, its row here is found by a scan.
CREATE VIRTUAL TABLE call_phone_search
  USING fts5(call_id UNINDEXED, digits, tokenize = 'trigram', detail = 'none');
INSERT INTO call_phone_search (call_id, digits) SELECT id, phone_digits FROM calls;
CREATE TRIGGER calls_phone_search_insert AFTER INSERT ON calls BEGIN
  INSERT INTO call_phone_search (call_id, digits) VALUES (new.id, new.phone_digits);
END;
CREATE TRIGGER calls_phone_search_update AFTER UPDATE OF phone_digits ON calls BEGIN
  DELETE FROM call_phone_search WHERE call_id = old.id;
  INSERT INTO call_phone_search (call_id, digits) VALUES (new.id, new.phone_digits);
END;
CREATE TRIGGER calls_phone_search_delete AFTER DELETE ON calls BEGIN
  DELETE FROM call_phone_search WHERE call_id = old.id;
END;

-- The user filter (answered by, or offered to) and the talk-time filter and sort.
CREATE INDEX calls_answered_by ON calls(answered_by_user_id, started_at);
CREATE INDEX offers_user ON offers(user_id, call_id);
CREATE INDEX calls_talk ON calls(COALESCE(talk_seconds, 0), id);
)sql";

} // namespace

std::string_view sqlite0003CallSearch() {
  return kCallSearch;
}

} // namespace sb::store::migrations

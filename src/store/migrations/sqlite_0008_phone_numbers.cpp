// Schema v8 (SQLite): partial phone search (R-25) through the numbers calls were from or
// to, each once, instead of through every call. Migration 3's trigram index held a row per
// call, so a fragment read and checked every call holding it; a million calls come from
// some tens of thousands of numbers. The trigram index now holds the distinct numbers, and
// each call is found from its number through an index that is already in the list's order.
#include "store/migrations/sqlite_steps.hpp"

namespace sb::store::migrations {
namespace {

constexpr std::string_view kPhoneNumbers = R"sql(
-- The two halves of phone_digits (the caller's digits, a space, the dialled number's),
-- computed when read, and indexed with the list's order.
ALTER TABLE calls ADD COLUMN caller_digits TEXT
  GENERATED ALWAYS AS (substr(phone_digits, 1, instr(phone_digits, ' ') - 1)) VIRTUAL;
ALTER TABLE calls ADD COLUMN number_digits TEXT
  GENERATED ALWAYS AS (substr(phone_digits, instr(phone_digits, ' ') + 1)) VIRTUAL;
CREATE INDEX calls_caller_digits ON calls(caller_digits, started_at, id);
CREATE INDEX calls_number_digits ON calls(number_digits, started_at, id);

-- Every number seen, once, and its trigrams (LIKE '%digits%' for three digits or more).
-- A number stays when its calls go: it then matches no call.
CREATE TABLE call_numbers (digits TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE call_number_search USING fts5(digits, tokenize = 'trigram', detail = 'none');
CREATE TRIGGER call_numbers_search AFTER INSERT ON call_numbers BEGIN
  INSERT INTO call_number_search (digits) VALUES (new.digits);
END;
INSERT OR IGNORE INTO call_numbers (digits)
  SELECT caller_digits FROM calls WHERE caller_digits <> ''
  UNION SELECT number_digits FROM calls WHERE number_digits <> '';
CREATE TRIGGER calls_numbers_insert AFTER INSERT ON calls BEGIN
  INSERT OR IGNORE INTO call_numbers (digits) SELECT new.caller_digits WHERE new.caller_digits <> '';
  INSERT OR IGNORE INTO call_numbers (digits) SELECT new.number_digits WHERE new.number_digits <> '';
END;
CREATE TRIGGER calls_numbers_update AFTER UPDATE OF phone_digits ON calls BEGIN
  INSERT OR IGNORE INTO call_numbers (digits) SELECT new.caller_digits WHERE new.caller_digits <> '';
  INSERT OR IGNORE INTO call_numbers (digits) SELECT new.number_digits WHERE new.number_digits <> '';
END;

-- Migration 3's index of every call's digits gives way.
DROP TRIGGER calls_phone_search_insert;
DROP TRIGGER calls_phone_search_update;
DROP TRIGGER calls_phone_search_delete;
DROP TABLE call_phone_search;
)sql";

} // namespace

std::string_view sqlite0008PhoneNumbers() {
  return kPhoneNumbers;
}

} // namespace sb::store::migrations

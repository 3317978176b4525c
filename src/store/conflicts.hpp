#pragma once
// What an admin write answers when the database refuses it for a reason the client can
// fix, the same in every backend: a unique value already taken is a 409 whose field names
// it; a delete that would break (or silently cut) a reference to the record is a 409
// saying what refers to it.
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "store/sql_builder.hpp"

namespace sb::store {

// `error` with its field set ("email", "sip_username", "e164", "token_hash") and a message
// saying the value is taken, when it is the dialect's report of one of those unique keys
// broken; any other error unchanged.
common::Error namedConflict(common::Error error, SqlDialect dialect);

// Rows that refer to a record a delete must leave alone: `table`.`column` holds the
// record's id, `label` names the referring row in the message ("it answered call <id>").
struct Referrer {
  std::string_view table;
  std::string_view column;
  std::string_view label;
  std::string_view relation; // "it answered call"
};

// A user's call history: calls it answered or logged, offers made to it, the routing trace,
// leads it took through distribution.
// (Its devices, tokens and group memberships go with it; numbers and leads lose their owner.)
std::span<const Referrer> userReferrers();
// Calls with the lead (their lead would silently be cleared).
std::span<const Referrer> leadReferrers();
// Numbers the call flow answers (they would silently lose their flow).
std::span<const Referrer> callFlowReferrers();

// "SELECT <label> FROM <table> WHERE <column> = ? LIMIT 1", in the dialect's placeholder.
std::string referrerQuery(const Referrer& referrer, SqlDialect dialect);
// The 409 for `kind` `id` still referred to by the row labelled `label`.
common::Error stillReferred(std::string_view kind, const std::string& id, const Referrer& referrer,
                            const std::string& label);
// The 404 for an update or delete of an unknown id.
common::Error unknownRecord(std::string_view kind, const std::string& id);

} // namespace sb::store

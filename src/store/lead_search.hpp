#pragma once
// The leads search (the API's GET /leads) as every backend runs it: the checks of a query,
// its cursor, and its SQL, so that SQLite and PostgreSQL answer the same question the same
// way. Leads come newest first (createdAt, then id), a page at a time.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/cursor.hpp"
#include "store/records.hpp"
#include "store/sql_builder.hpp"

namespace sb::store {

inline constexpr int kMaxLeadPage = 200;
inline constexpr std::size_t kMaxLeadSearchText = 200;

// Checks a query (a 400 whose field names what is wrong: "limit", "cursor", "q" (the text),
// "phone", "owner") and reads its cursor: nullopt on a first page.
common::Result<std::optional<KeysetPosition>> checkLeadQuery(const LeadQuery& query);

// The rest of the statement after "FROM leads": the filters, then limit + 1 rows newest
// first (leadPage trims the extra one and makes the cursor from the last kept). The text
// matches without regard to case (ASCII letters on SQLite, every letter on PostgreSQL);
// the phone matches the digits of any of the lead's phones (stored in E.164 form).
SqlTail leadSearchSql(const LeadQuery& query, const std::optional<KeysetPosition>& after,
                      SqlDialect dialect);

// Trims a result fetched with limit + 1 rows to the page and its cursor.
LeadPage leadPage(std::vector<Lead> rows, const LeadQuery& query);

} // namespace sb::store

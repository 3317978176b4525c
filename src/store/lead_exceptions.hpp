#pragma once
// Applications and lead exceptions as every backend (and the fake) checks,
// lists and pages them, so that SQLite and PostgreSQL answer the same way: the checks of
// a queued write, and the exceptions list newest first (createdAt, then id).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/admin_checks.hpp"
#include "store/cursor.hpp"
#include "store/records.hpp"
#include "store/sql_builder.hpp"

namespace sb::store {

inline constexpr int kMaxLeadExceptionPage = 200;

// The reasons a lead can end up in Lead Exceptions, as stored and shown.
bool isLeadExceptionReason(std::string_view reason);

// A 400 for an application without a lead or a user, or without its id.
Refusal checkApplication(const Application& application);
// A 400 for an exception without an id or a lead, or with a reason not in the list.
Refusal checkLeadException(const LeadException& exception);

// Checks a query (a 400 naming "limit" or "cursor") and reads its cursor: nullopt on a
// first page.
common::Result<std::optional<KeysetPosition>>
checkLeadExceptionQuery(const LeadExceptionQuery& query);

// The rest of the statement after "FROM lead_exceptions": the state, then limit + 1 rows
// newest first (leadExceptionPage trims the extra one and makes the cursor).
SqlTail leadExceptionSql(const LeadExceptionQuery& query,
                         const std::optional<KeysetPosition>& after, SqlDialect dialect);

// Trims a result fetched with limit + 1 rows to the page and its cursor.
LeadExceptionPage leadExceptionPage(std::vector<LeadException> rows,
                                    const LeadExceptionQuery& query);

// The 409 for resolving an exception already resolved.
common::Error alreadyResolved(const std::string& id);

} // namespace sb::store

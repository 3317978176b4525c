#pragma once
// The SQL of the calls list for both dialects, built once: fixed fragments for the
// filters a query has, every value a bound parameter. A backend puts its call columns in
// front ("SELECT ... FROM calls ") and binds the parameters in order.
#include <cstdint>
#include <optional>
#include <string>

#include "store/call_search.hpp"
#include "store/sql_builder.hpp"

namespace sb::store {

using CallSearchSql = SqlTail;

// How the user and phone filters reach their calls. A filter matching few calls is best
// answered by listing them from its index and sorting that list; one matching many is best
// answered by walking the sort order's index and checking each call, which stops as soon
// as the page is full. Neither planner can tell which from the SQL alone (SQLite keeps no
// statistics; PostgreSQL misjudges a subquery's selectivity), so the store first counts,
// up to kListedMatches, what the filter's own index holds (callMatchCount) and chooses.
struct CallSearchPlan {
  bool listUsers = true;  // false: check answered_by and offers call by call
  bool listPhones = true; // SQLite only (PostgreSQL's planner chooses with pg_trgm's help)
  // SQLite: the calls the phone filter lists, already read through the numbers' trigram
  // index (as a JSON array of ids, one bound parameter), so it is searched once per request.
  std::optional<std::string> phoneIds;
};

// Past this many calls a filter is walked rather than listed: at 1,000,000 calls a walk
// then finds a match in every 200 calls or fewer, and a list stays short enough to sort.
inline constexpr std::int64_t kListedMatches = 5'000;

// The statement counting, up to kListedMatches, the calls the query's user filter would
// list; nullopt when the query has no user filter.
std::optional<CallSearchSql> userMatchCount(const CallQuery& query, SqlDialect dialect);
// SQLite: the statement listing, up to kListedMatches, the ids of the calls the phone
// filter matches, through the numbers' trigram index (an id may come twice); nullopt when the query has no phone filter or
// one too short for the index. Fewer than kListedMatches ids go into CallSearchPlan::phoneIds;
// as many means the filter is walked instead.
std::optional<CallSearchSql> phoneMatchIds(const CallQuery& query);

// The rest of the statement after "FROM calls", fetching limit + 1 rows (callPage trims
// the extra one and makes the cursor from the last kept).
CallSearchSql callSearchSql(const CallQuery& query, const std::optional<CallPosition>& after,
                            SqlDialect dialect, const CallSearchPlan& plan = {});

} // namespace sb::store

#pragma once
// The calls list and call logging as the store sees them: what a search asks
// for, the page it gets back, what a log changes, and the checks and cursor format every
// backend shares so that they answer the same question the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "store/cursor.hpp"
#include "store/records.hpp"

namespace sb::store {

// Talk time of a call never answered counts as 0 seconds, for sorting and for filters.
enum class CallSort {
  StartedNewestFirst, // started_at descending (the default)
  StartedOldestFirst, // started_at ascending
  LongestTalkFirst,   // talk time descending
};

// Every filter given must hold (AND); an empty list or nullopt does not filter.
struct CallQuery {
  std::optional<int> talkTimeMin; // seconds, inclusive
  std::optional<int> talkTimeMax; // seconds, inclusive
  std::optional<EpochMs> from;    // started_at >= from
  std::optional<EpochMs> to;      // started_at < to
  // Partial match on the digits of the caller's or the dialled number; any formatting is
  // ignored ("+1 (555) 010" finds +15550100001). Several: a call matching any of them.
  std::vector<std::string> phones;
  // Calls answered by one of these users, or offered to one of them (rung, whatever the
  // offer's end): what an agent counts as "my calls", missed ones included.
  std::vector<std::string> userIds;
  std::optional<std::string> disposition;
  std::optional<CallDirection> direction;
  // The outcome is the call's stored status (completed, no_answer, voicemail, busy, ...).
  std::optional<CallStatus> outcome;
  // "the lead page shows that lead's calls the same way".
  std::optional<std::string> leadId;
  CallSort sort = CallSort::StartedNewestFirst;
  int limit = 50;     // 1..kMaxCallPage
  std::string cursor; // the previous page's nextCursor; empty for the first page
};

inline constexpr int kMaxCallPage = 200;
inline constexpr std::size_t kMaxCallFilterValues = 25; // phones, and users, per query

struct CallSearchPage {
  std::vector<CallRecord> calls;
  std::string nextCursor; // empty when this is the last page
};

// what a user logs on a call. Unset fields are left as they are.
struct CallLog {
  std::string callId;
  std::optional<std::string> notes;       // may change any time
  std::optional<std::string> disposition; // once set, only the same value again
  std::optional<std::string> sentiment;   // once set, only the same value again
  std::optional<std::string> byUserId;    // recorded as the call's logged_by_user_id
};

inline constexpr std::size_t kMaxLogValue = 100; // disposition, sentiment
inline constexpr std::size_t kMaxNotes = 10'000;

// Where a page left off: the sort key of its last call and that call's id.
using CallPosition = KeysetPosition;

// The digits of a number, in order ("+1 (555) 010" -> "1555010").
std::string phoneDigits(std::string_view number);
// What calls.phone_digits holds: the caller's digits, a space, the dialled number's.
std::string callPhoneDigits(const CallRecord& call);
// The value a call is sorted by under `sort` (started_at, or talk seconds).
std::int64_t callSortKey(CallSort sort, const CallRecord& call);

// Checks a query (400 naming what is wrong) and reads its cursor: nullopt on a first page.
common::Result<std::optional<CallPosition>> checkCallQuery(const CallQuery& query);
// The cursor for the page after one ending in `last`.
std::string callCursor(CallSort sort, const CallRecord& last);
// Trims a result fetched with limit + 1 rows to the page and its cursor.
CallSearchPage callPage(std::vector<CallRecord> rows, const CallQuery& query);

// Checks a log against the organization's settings ("dispositions", "sentiments": arrays
// of strings): a value not in its list, or (without a list) empty or too long, is a 400
// whose message starts with the field's name.
std::optional<common::Error> checkCallLog(const CallLog& log, const nlohmann::json& settings);
// The 409 for a log refused because `stored` differs from what the log sets: names the
// field ("disposition: already logged as ...").
common::Error callLogConflict(const CallLog& log, const std::string& storedDisposition,
                              const std::string& storedSentiment);

} // namespace sb::store

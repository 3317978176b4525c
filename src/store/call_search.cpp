// The checks and cursor format of the calls list, shared by every backend.
#include "store/call_search.hpp"

#include <utility>

namespace sb::store {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

constexpr std::string_view kCursorVersion = "c1";

char sortCode(CallSort sort) {
  switch (sort) {
  case CallSort::StartedNewestFirst:
    return 'n';
  case CallSort::StartedOldestFirst:
    return 'o';
  case CallSort::LongestTalkFirst:
    return 't';
  }
  return '?';
}

// A cursor is only good for the sort it was made under: "c1|<sort>".
std::string cursorTag(CallSort sort) {
  return std::string(kCursorVersion) + '|' + sortCode(sort);
}

} // namespace

std::string phoneDigits(std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

std::string callPhoneDigits(const CallRecord& call) {
  return phoneDigits(call.callerE164) + ' ' + phoneDigits(call.numberE164);
}

std::int64_t callSortKey(CallSort sort, const CallRecord& call) {
  if (sort == CallSort::LongestTalkFirst) return call.talkSeconds.value_or(0);
  return call.startedAt;
}

common::Result<std::optional<CallPosition>> checkCallQuery(const CallQuery& q) {
  if (q.limit < 1 || q.limit > kMaxCallPage) {
    return common::fieldError("limit",
                              "limit must be between 1 and " + std::to_string(kMaxCallPage));
  }
  if ((q.talkTimeMin && *q.talkTimeMin < 0) || (q.talkTimeMax && *q.talkTimeMax < 0)) {
    return invalid("talk time must not be negative");
  }
  if (q.talkTimeMin && q.talkTimeMax && *q.talkTimeMin > *q.talkTimeMax) {
    return invalid("talk time minimum is above its maximum");
  }
  if (q.from && q.to && *q.from > *q.to) return invalid("from is after to");
  if (q.phones.size() > kMaxCallFilterValues || q.userIds.size() > kMaxCallFilterValues) {
    return invalid("at most " + std::to_string(kMaxCallFilterValues) + " phones and " +
                   std::to_string(kMaxCallFilterValues) + " users per query");
  }
  for (const std::string& phone : q.phones) {
    if (phoneDigits(phone).empty()) return invalid("phone \"" + phone + "\" has no digits");
  }
  for (const std::string& user : q.userIds) {
    if (user.empty()) return invalid("user must not be empty");
  }
  if (q.disposition && q.disposition->empty()) return invalid("disposition must not be empty");
  if (q.leadId && q.leadId->empty()) {
    return common::fieldError("lead_id", "lead must not be empty");
  }
  if (q.cursor.empty()) return std::optional<CallPosition>{};
  auto position = readCursor(q.cursor, cursorTag(q.sort));
  if (!position) {
    return common::fieldError("cursor", "cursor is not one this list gave for this sort");
  }
  return std::optional<CallPosition>{std::move(*position)};
}

std::string callCursor(CallSort sort, const CallRecord& last) {
  return writeCursor(cursorTag(sort), KeysetPosition{callSortKey(sort, last), last.id});
}

CallSearchPage callPage(std::vector<CallRecord> rows, const CallQuery& query) {
  CallSearchPage page;
  const auto limit = static_cast<std::size_t>(query.limit);
  if (rows.size() > limit) {
    rows.resize(limit);
    page.nextCursor = callCursor(query.sort, rows.back());
  }
  page.calls = std::move(rows);
  return page;
}

} // namespace sb::store

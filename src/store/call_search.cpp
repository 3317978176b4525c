// The checks and cursor format of the calls list, shared by every backend.
#include "store/call_search.hpp"

#include <charconv>
#include <utility>

namespace sb::store {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

constexpr std::string_view kHex = "0123456789abcdef";
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

// Hex keeps the cursor opaque and safe in a URL without escaping.
std::string toHex(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (unsigned char c : text) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0f];
  }
  return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const auto hi = kHex.find(hex[i]);
    const auto lo = kHex.find(hex[i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) return std::nullopt;
    out += static_cast<char>((hi << 4) | lo);
  }
  return out;
}

// "c1|<sort>|<key>|<id>", as callCursor writes it, for a query sorted by `sort`.
std::optional<CallPosition> readCursor(std::string_view cursor, CallSort sort) {
  if (cursor.size() > 256) return std::nullopt;
  auto text = fromHex(cursor);
  if (!text) return std::nullopt;
  std::string_view rest(*text);
  const std::string prefix = std::string(kCursorVersion) + '|' + sortCode(sort) + '|';
  if (rest.substr(0, prefix.size()) != prefix) return std::nullopt;
  rest.remove_prefix(prefix.size());
  const auto bar = rest.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  CallPosition position;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + bar, position.key);
  if (ec != std::errc() || end != rest.data() + bar) return std::nullopt;
  position.id = std::string(rest.substr(bar + 1));
  if (position.id.empty()) return std::nullopt;
  return position;
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
    return invalid("limit must be between 1 and " + std::to_string(kMaxCallPage));
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
  if (q.cursor.empty()) return std::optional<CallPosition>{};
  auto position = readCursor(q.cursor, q.sort);
  if (!position) return invalid("cursor is not one this list gave for this sort");
  return std::optional<CallPosition>{std::move(*position)};
}

std::string callCursor(CallSort sort, const CallRecord& last) {
  return toHex(std::string(kCursorVersion) + '|' + sortCode(sort) + '|' +
               std::to_string(callSortKey(sort, last)) + '|' + last.id);
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

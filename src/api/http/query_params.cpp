#include "api/http/query_params.hpp"

#include "api/http/date_time.hpp"
#include "api/http/text_encoding.hpp"

#include <algorithm>
#include <charconv>

namespace sb::api::http {
namespace {

using common::fieldError;

// A decoded name or value, or why the query is refused.
common::Result<std::string> decodeComponent(std::string_view raw) {
  auto decoded = percentDecode(raw, true);
  if (!decoded) return fieldError("query", "the query has a malformed %-escape");
  if (!isValidUtf8(*decoded)) return fieldError("query", "the query is not valid UTF-8");
  if (decoded->find('\0') != std::string::npos)
    return fieldError("query", "the query contains a NUL character");
  return std::move(*decoded);
}

} // namespace

common::Result<QueryParams> QueryParams::parse(std::string_view raw) {
  QueryParams params;
  while (!raw.empty()) {
    const std::size_t amp = raw.find('&');
    const std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (pair.empty()) continue; // "a=1&&b=2"
    if (params.entries_.size() == kMaxParameters)
      return fieldError("query", "the query has more than " + std::to_string(kMaxParameters) +
                                     " parameters");
    const std::size_t eq = pair.find('=');
    auto name = decodeComponent(pair.substr(0, eq));
    if (!name) return name.error();
    if (name->empty()) return fieldError("query", "a query parameter has no name");
    auto value =
        decodeComponent(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!value) return value.error();
    params.entries_.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

std::optional<std::string> QueryParams::first(std::string_view name) const {
  for (const auto& [key, value] : entries_)
    if (key == name) return value;
  return std::nullopt;
}

std::vector<std::string> QueryParams::all(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : entries_)
    if (key == name) values.push_back(value);
  return values;
}

bool QueryParams::has(std::string_view name) const {
  return first(name).has_value();
}

std::optional<common::Error>
QueryParams::onlyKnown(std::initializer_list<std::string_view> allowed) const {
  for (const auto& entry : entries_)
    if (std::find(allowed.begin(), allowed.end(), entry.first) == allowed.end())
      return fieldError(entry.first, "unknown parameter");
  return std::nullopt;
}

common::Result<std::optional<std::string>> QueryParams::single(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : entries_) {
    if (key != name) continue;
    if (found) return fieldError(std::string(name), "must be given only once");
    found = value;
  }
  return found;
}

common::Result<std::optional<std::int64_t>>
QueryParams::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  auto text = single(name);
  if (!text) return text.error();
  if (!*text) return std::optional<std::int64_t>{};
  const std::string& value = **text;
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  const bool wellFormed =
      !value.empty() && ec != std::errc::invalid_argument && end == value.data() + value.size();
  if (!wellFormed) return fieldError(std::string(name), "must be an integer");
  if (ec == std::errc::result_out_of_range || number < min || number > max)
    return fieldError(std::string(name),
                      "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return std::optional<std::int64_t>(number);
}

common::Result<std::optional<bool>> QueryParams::boolean(std::string_view name) const {
  auto text = single(name);
  if (!text) return text.error();
  if (!*text) return std::optional<bool>{};
  const std::string& value = **text;
  if (value == "true" || value == "1") return std::optional<bool>(true);
  if (value == "false" || value == "0") return std::optional<bool>(false);
  return fieldError(std::string(name), "must be true or false");
}

common::Result<std::optional<std::int64_t>> QueryParams::time(std::string_view name) const {
  auto text = single(name);
  if (!text) return text.error();
  if (!*text) return std::optional<std::int64_t>{};
  std::string value = **text;
  // "...T09:30:00 01:00" is "...T09:30:00+01:00" whose '+' was not escaped.
  constexpr std::size_t kOffsetFromEnd = 6;
  if (value.size() >= 19 + kOffsetFromEnd && value[value.size() - kOffsetFromEnd] == ' ')
    value[value.size() - kOffsetFromEnd] = '+';
  auto epochMs = parseDateTime(value);
  if (!epochMs)
    return fieldError(std::string(name),
                      "must be an RFC 3339 date-time such as 2026-11-02T09:30:00Z, or a date");
  return std::optional<std::int64_t>(*epochMs);
}

common::Result<std::optional<std::string>> QueryParams::string(std::string_view name,
                                                               std::size_t maxLength) const {
  auto text = single(name);
  if (!text || !*text) return text;
  if (utf8Length(**text) > maxLength)
    return fieldError(std::string(name),
                      "must be at most " + std::to_string(maxLength) + " characters");
  return text;
}

} // namespace sb::api::http

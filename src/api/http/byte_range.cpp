#include "api/http/byte_range.hpp"

#include <charconv>

namespace sb::api::http {
namespace {

std::string_view trimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// Digits only (no sign, no spaces), without overflow.
std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool isBytesUnit(std::string_view unit) {
  constexpr std::string_view kBytes = "bytes";
  if (unit.size() != kBytes.size()) return false;
  for (std::size_t i = 0; i < unit.size(); ++i)
    if ((unit[i] | 0x20) != kBytes[i]) return false;
  return true;
}

} // namespace

std::optional<RangeSpec> parseRangeHeader(std::string_view header) {
  const std::size_t equals = header.find('=');
  if (equals == std::string_view::npos || !isBytesUnit(trimSpaces(header.substr(0, equals))))
    return std::nullopt;
  const std::string_view spec = trimSpaces(header.substr(equals + 1));
  if (spec.find(',') != std::string_view::npos) return std::nullopt; // several ranges
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view firstText = spec.substr(0, dash);
  const std::string_view lastText = spec.substr(dash + 1);
  RangeSpec range;
  if (!firstText.empty() && !(range.first = number(firstText))) return std::nullopt;
  if (!lastText.empty() && !(range.last = number(lastText))) return std::nullopt;
  if (!range.first && !range.last) return std::nullopt;
  if (range.first && range.last && *range.first > *range.last) return std::nullopt;
  return range;
}

RangeDecision decideRange(std::string_view header, std::uint64_t size) {
  if (header.empty()) return {};
  const auto range = parseRangeHeader(header);
  if (!range) return {};
  RangeDecision decision;
  if (!range->first) { // a suffix: the last N bytes
    const std::uint64_t suffix = *range->last;
    if (suffix == 0 || size == 0) {
      decision.outcome = RangeOutcome::Unsatisfiable;
      return decision;
    }
    decision.outcome = RangeOutcome::Partial;
    decision.first = suffix >= size ? 0 : size - suffix;
    decision.last = size - 1;
    return decision;
  }
  if (*range->first >= size) {
    decision.outcome = RangeOutcome::Unsatisfiable;
    return decision;
  }
  decision.outcome = RangeOutcome::Partial;
  decision.first = *range->first;
  decision.last = range->last && *range->last < size ? *range->last : size - 1;
  return decision;
}

} // namespace sb::api::http

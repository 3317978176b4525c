#include "api/http/date_time.hpp"

#include <chrono>

namespace sb::api::http {
namespace {

// Reads exactly `width` decimal digits at `pos`, advancing it.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (text.size() - pos < width) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// "YYYY-MM-DD" -> days since the epoch, when the date exists.
std::optional<std::int64_t> readDate(std::string_view text, std::size_t& pos) {
  auto year = digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  auto month = digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  auto day = digits(text, pos, 2);
  if (!day) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

// "HH:MM:SS[.fff...]" -> milliseconds into the day.
std::optional<std::int64_t> readTime(std::string_view text, std::size_t& pos) {
  auto hour = digits(text, pos, 2);
  if (!hour || *hour > 23 || !expect(text, pos, ':')) return std::nullopt;
  auto minute = digits(text, pos, 2);
  if (!minute || *minute > 59 || !expect(text, pos, ':')) return std::nullopt;
  auto second = digits(text, pos, 2);
  if (!second || *second > 59) return std::nullopt;
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t fractionDigits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (fractionDigits < 3) millis = millis * 10 + (text[pos] - '0');
      ++fractionDigits;
      ++pos;
    }
    if (fractionDigits == 0) return std::nullopt;
    for (std::size_t i = fractionDigits; i < 3; ++i)
      millis *= 10;
  }
  return ((*hour * 60 + *minute) * 60 + *second) * 1000 + millis;
}

// "Z" or "+HH:MM" / "-HH:MM" -> the offset from UTC in milliseconds.
std::optional<std::int64_t> readOffset(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  const char sign = text[pos++];
  if (sign == 'Z' || sign == 'z') return 0;
  if (sign != '+' && sign != '-') return std::nullopt;
  auto hours = digits(text, pos, 2);
  if (!hours || *hours > 23 || !expect(text, pos, ':')) return std::nullopt;
  auto minutes = digits(text, pos, 2);
  if (!minutes || *minutes > 59) return std::nullopt;
  const std::int64_t offset = (*hours * 60 + *minutes) * 60 * 1000;
  return sign == '-' ? -offset : offset;
}

} // namespace

std::optional<std::int64_t> parseDateTime(std::string_view text) {
  constexpr std::int64_t kMsPerDay = 24LL * 60 * 60 * 1000;
  std::size_t pos = 0;
  auto days = readDate(text, pos);
  if (!days) return std::nullopt;
  if (pos == text.size()) return *days * kMsPerDay;
  const char separator = text[pos++];
  if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
  auto timeOfDay = readTime(text, pos);
  if (!timeOfDay) return std::nullopt;
  auto offset = readOffset(text, pos);
  if (!offset || pos != text.size()) return std::nullopt;
  return *days * kMsPerDay + *timeOfDay - *offset;
}

} // namespace sb::api::http

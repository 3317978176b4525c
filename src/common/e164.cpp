#include "common/e164.hpp"

#include <cctype>

namespace sb::common {

std::optional<std::string> toE164(std::string_view raw, std::string_view defaultCountryCode) {
  std::string digits;
  bool international = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '+' && digits.empty() && !international) { international = true; continue; }
    if (std::isdigit(static_cast<unsigned char>(c))) { digits.push_back(c); continue; }
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    return std::nullopt;
  }
  if (!international && digits.rfind("00", 0) == 0) {
    international = true;
    digits.erase(0, 2);
  }
  if (!international) {
    if (defaultCountryCode == "1") {
      if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
      if (digits.size() != 10) return std::nullopt;
    } else if (!digits.empty() && digits[0] == '0') {
      digits.erase(0, 1);
    }
    digits.insert(0, defaultCountryCode);
  }
  // E.164 allows at most 15 digits; anything under 8 is a short code, not a phone.
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
  return "+" + digits;
}

} // namespace sb::common

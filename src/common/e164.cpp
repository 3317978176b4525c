#include "common/e164.hpp"

#include <algorithm>
#include <cctype>

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

namespace {

struct CountryCode {
  std::string_view iso;
  std::string_view code;
};

// The countries a deployment most often names; any other is given by its calling code.
constexpr CountryCode kCountries[] = {
    {"US", "1"},  {"CA", "1"},  {"GB", "44"}, {"IE", "353"}, {"AU", "61"}, {"NZ", "64"}, {"DE", "49"},
    {"FR", "33"}, {"ES", "34"}, {"IT", "39"}, {"NL", "31"},  {"BE", "32"}, {"CH", "41"}, {"AT", "43"},
    {"SE", "46"}, {"NO", "47"}, {"DK", "45"}, {"FI", "358"}, {"PL", "48"}, {"PT", "351"}, {"IN", "91"},
    {"MX", "52"}, {"BR", "55"}, {"AR", "54"}, {"ZA", "27"},  {"SG", "65"}, {"JP", "81"}, {"IL", "972"},
};

} // namespace

std::optional<std::string> callingCodeOf(std::string_view country) {
  if (!country.empty() && country.size() <= 3 &&
      std::all_of(country.begin(), country.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::string(country);
  for (const auto& c : kCountries) {
    bool same = c.iso.size() == country.size() &&
                std::equal(c.iso.begin(), c.iso.end(), country.begin(),
                           [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); });
    if (same) return std::string(c.code);
  }
  return std::nullopt;
}

} // namespace sb::common

#pragma once
// Phone numbers are stored and compared in E.164 ("+15551234567").
#include <optional>
#include <string>
#include <string_view>

namespace sb::common {

// Normalizes a dialled or presented number to E.164. Visual separators (space, -, ., (, ))
// are dropped; "00" and "+" prefixes are international; a national number gets
// `defaultCountryCode` (digits, e.g. "1") with a leading trunk "0" dropped, except for
// NANP ("1") where an 11-digit number starting with 1 is already complete.
// Returns nullopt for anything that is not a plausible number (letters, too short or long).
std::optional<std::string> toE164(std::string_view raw, std::string_view defaultCountryCode = "1");

// The calling code for a country given as a calling code ("1", "44") or as an ISO 3166
// alpha-2 code ("US", "GB"; the countries listed in e164.cpp); nullopt when unknown.
std::optional<std::string> callingCodeOf(std::string_view country);

} // namespace sb::common

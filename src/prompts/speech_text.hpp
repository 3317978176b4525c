#pragma once
// Text as it is handed to the synthesizer. Names and numbers come from callers (SIP
// display names, CRM records), so they are cleaned first: no control characters, valid
// UTF-8 only, one space between words, and a bounded length.
#include <cstddef>
#include <string>
#include <string_view>

namespace sb::prompts {

inline constexpr std::size_t kMaxSpeechBytes = 200;

// Drops control characters (C0, DEL, C1) and invalid UTF-8, turns runs of white space into
// one space, trims, and cuts to at most `maxBytes` at a character boundary (at the last
// word boundary when there is one in the second half).
std::string cleanSpeechText(std::string_view text, std::size_t maxBytes = kMaxSpeechBytes);

// A phone number written so that it is read digit by digit, in the groups it was written
// in: "+1 555 0100" -> "1, 5 5 5, 0 1 0 0". A number with no separators is grouped from
// the end in fours then threes: "+15550100" -> "1, 5 5 5, 0 1 0 0". Everything but digits
// is dropped; no digits gives "".
std::string spokenPhoneNumber(std::string_view phoneNumber);

} // namespace sb::prompts

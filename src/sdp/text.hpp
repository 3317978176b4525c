#pragma once
// Small scanners shared by the SDP parsers. SDP separates fields by single spaces
// (RFC 8866 9); runs of spaces are accepted because real peers emit them.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sb::sdp::text {

// Fields separated by one or more spaces; no empty fields.
std::vector<std::string_view> splitFields(std::string_view line);

// 1*DIGIT no larger than `max`; nullopt for anything else, overflow included.
std::optional<std::uint64_t> parseNumber(std::string_view digits, std::uint64_t max);

// An RTP payload type: 0..127 (RFC 3550 5.1).
std::optional<int> parsePayloadType(std::string_view digits);

// Splits "head<separator>tail" at the first separator; tail is nullopt when there is none.
struct Split {
  std::string_view head;
  std::optional<std::string_view> tail;
};
Split splitOnce(std::string_view text, char separator);

bool iequals(std::string_view a, std::string_view b);

// Without leading and trailing spaces and tabs, which some peers leave on their lines.
std::string_view trim(std::string_view text);

} // namespace sb::sdp::text

#pragma once
// Character classes and small scanners shared by the SIP parsers (RFC 3261 section 25).
// Everything works on string_views over the caller's bytes, so parsing copies only
// what ends up in the message model.
#include "sip/message/uri.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip::scan {

inline bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
inline bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool isAlnum(char c) {
  return isDigit(c) || isAlpha(c);
}
inline bool isWsp(char c) {
  return c == ' ' || c == '\t';
}
inline char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool isTokenChar(char c);
bool isToken(std::string_view text); // 1*token-char
bool isHexDigit(char c);
int hexValue(char c); // -1 when not a hex digit

bool iequals(std::string_view a, std::string_view b);
bool istartsWith(std::string_view text, std::string_view prefix);
std::string toLower(std::string_view text);
std::string toUpper(std::string_view text);

// Strips SP, HT, CR and LF from both ends.
std::string_view trim(std::string_view text);
std::string_view trimLeft(std::string_view text);
std::string_view trimRight(std::string_view text);

// 1*DIGIT with no sign or spaces, at most `max`; nullopt otherwise (overflow included).
std::optional<std::uint64_t> parseDecimal(std::string_view text, std::uint64_t max);

// Splits on `separator` outside quoted strings (honouring backslash escapes) and outside
// <...>. Items are trimmed; empty items are kept so callers can reject them.
std::vector<std::string_view> splitOutsideQuotes(std::string_view text, char separator);

// Reads a quoted-string starting at text[pos] == '"'. On success `pos` is just past the
// closing quote and `unquoted` holds the content with quoted-pairs resolved.
bool readQuotedString(std::string_view text, std::size_t& pos, std::string* unquoted);

// Header parameters after a value: *( SEMI generic-param ) with SEMI and EQUAL allowing
// whitespace around them (RFC 3261 25.1). `text` must start at the first ';' (after
// optional whitespace) and the whole of it must be parameters. Quoted values keep their
// quotes so that printing them gives back the same text.
bool parseGenericParams(std::string_view text, Params& out);
void appendParams(std::string& out, const Params& params);

// host = hostname / IPv4address / IPv6reference (brackets kept).
bool isHost(std::string_view text);

} // namespace sb::sip::scan

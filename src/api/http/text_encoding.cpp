#include "api/http/text_encoding.hpp"

namespace sb::api::http {
namespace {

// The length of the sequence a lead byte starts, or 0 when it cannot start one.
int sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0; // continuation bytes, C0/C1 (always overlong) and F5..FF
}

bool isContinuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The range the second byte must fall in (Unicode Table 3-7), which rules out overlong
// forms, UTF-16 surrogates and code points past U+10FFFF.
bool secondByteAllowed(unsigned char lead, unsigned char second) {
  switch (lead) {
  case 0xE0:
    return second >= 0xA0 && second <= 0xBF;
  case 0xED:
    return second >= 0x80 && second <= 0x9F;
  case 0xF0:
    return second >= 0x90 && second <= 0xBF;
  case 0xF4:
    return second >= 0x80 && second <= 0x8F;
  default:
    return isContinuation(second);
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = sequenceLength(lead);
    if (length == 0 || text.size() - i < static_cast<std::size_t>(length)) return false;
    if (length > 1 && !secondByteAllowed(lead, static_cast<unsigned char>(text[i + 1])))
      return false;
    for (int k = 2; k < length; ++k)
      if (!isContinuation(static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)])))
        return false;
    i += static_cast<std::size_t>(length);
  }
  return true;
}

std::size_t utf8Length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if (!isContinuation(static_cast<unsigned char>(c))) ++count;
  return count;
}

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plusIsSpace) {
      decoded.push_back(' ');
    } else if (c == '%') {
      if (text.size() - i < 3) return std::nullopt;
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

} // namespace sb::api::http

#include "api/auth/utf8.hpp"

namespace sb::api::auth {
namespace {

bool isContinuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the well-formed sequence starting at text[i], or 0 if it is not one.
// Ranges from the Unicode standard, table 3-7 (well-formed UTF-8 byte sequences).
std::size_t sequenceLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char secondMin = 0x80;
  unsigned char secondMax = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) secondMin = 0xA0; // overlong
    if (lead == 0xED) secondMax = 0x9F; // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) secondMin = 0x90; // overlong
    if (lead == 0xF4) secondMax = 0x8F; // past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(1) < secondMin || byte(1) > secondMax) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (!isContinuation(byte(k))) return 0;
  return length;
}

} // namespace

std::size_t firstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = sequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::size_t countCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if (!isContinuation(static_cast<unsigned char>(c))) ++count;
  return count;
}

} // namespace sb::api::auth

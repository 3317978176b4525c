#include "prompts/speech_text.hpp"

#include <algorithm>
#include <vector>

namespace sb::prompts {

namespace {

// The length of the UTF-8 sequence starting at text[at] and its code point, or 0 when
// the bytes there are not a valid, shortest-form sequence.
std::size_t decodeUtf8(std::string_view text, std::size_t at, char32_t& cp) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte(i) & 0x3Fu);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool invalid = cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF);
  return overlong || invalid ? 0 : length;
}

bool isControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}
bool isSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0xA0;
}

// Cuts `text` (clean UTF-8) to at most maxBytes, between characters.
void cutAtBoundary(std::string& text, std::size_t maxBytes) {
  if (text.size() <= maxBytes) return;
  std::size_t end = maxBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u)
    --end;
  const std::size_t space = text.rfind(' ', end);
  if (space != std::string::npos && space >= maxBytes / 2) end = space;
  text.resize(end);
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
}

} // namespace

std::string cleanSpeechText(std::string_view text, std::size_t maxBytes) {
  std::string out;
  out.reserve(std::min(text.size(), maxBytes + 4));
  bool pendingSpace = false;
  for (std::size_t at = 0; at < text.size() && out.size() <= maxBytes;) {
    char32_t cp = 0;
    const std::size_t length = decodeUtf8(text, at, cp);
    if (length == 0) { // a stray byte
      ++at;
      continue;
    }
    if (isSpace(cp)) {
      pendingSpace = !out.empty();
    } else if (!isControl(cp)) {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out.append(text.substr(at, length));
    }
    at += length;
  }
  cutAtBoundary(out, maxBytes);
  return out;
}

std::string spokenPhoneNumber(std::string_view phoneNumber) {
  std::vector<std::string> groups(1);
  for (char c : phoneNumber) {
    if (c >= '0' && c <= '9') {
      groups.back() += c;
    } else if (!groups.back().empty()) {
      groups.emplace_back();
    }
  }
  if (groups.back().empty()) groups.pop_back();
  if (groups.size() == 1 && groups[0].size() > 4) {
    // One long run of digits: the last four together, then threes towards the front.
    const std::string run = groups[0];
    groups.clear();
    std::size_t end = run.size() - 4;
    groups.push_back(run.substr(end));
    while (end > 0) {
      const std::size_t start = end > 3 ? end - 3 : 0;
      groups.insert(groups.begin(), run.substr(start, end - start));
      end = start;
    }
  }
  std::string spoken;
  for (const std::string& group : groups) {
    if (!spoken.empty()) spoken += ", ";
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (i > 0) spoken += ' ';
      spoken += group[i];
    }
  }
  return spoken;
}

} // namespace sb::prompts

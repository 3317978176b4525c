#include "store/cursor.hpp"

#include <charconv>

namespace sb::store {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::size_t kMaxCursor = 256; // hex characters; a real cursor is far shorter

std::string toHex(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (unsigned char c : text) {
    out += kHex[c >> 4];
    out += kHex[c & 0x0f];
  }
  return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const auto hi = kHex.find(hex[i]);
    const auto lo = kHex.find(hex[i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) return std::nullopt;
    out += static_cast<char>((hi << 4) | lo);
  }
  return out;
}

} // namespace

std::string writeCursor(std::string_view tag, const KeysetPosition& last) {
  return toHex(std::string(tag) + '|' + std::to_string(last.key) + '|' + last.id);
}

std::optional<KeysetPosition> readCursor(std::string_view cursor, std::string_view tag) {
  if (cursor.size() > kMaxCursor) return std::nullopt;
  auto text = fromHex(cursor);
  if (!text) return std::nullopt;
  std::string_view rest(*text);
  const std::string prefix = std::string(tag) + '|';
  if (rest.substr(0, prefix.size()) != prefix) return std::nullopt;
  rest.remove_prefix(prefix.size());
  const auto bar = rest.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  KeysetPosition position;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + bar, position.key);
  if (ec != std::errc() || end != rest.data() + bar) return std::nullopt;
  position.id = std::string(rest.substr(bar + 1));
  if (position.id.empty()) return std::nullopt;
  return position;
}

} // namespace sb::store

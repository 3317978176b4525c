#pragma once
// Network byte order reads and writes shared by this module's parsers and writers. Callers
// check bounds first: these are the inner loop of every packet, so they do not.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::rtp::bytes {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

inline std::uint16_t readU16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline std::uint32_t readU24(Bytes b, std::size_t at) {
  return (std::uint32_t{b[at]} << 16) | (std::uint32_t{b[at + 1]} << 8) | b[at + 2];
}

inline std::uint32_t readU32(Bytes b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

inline void writeU16(MutableBytes b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

inline void writeU24(MutableBytes b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 16);
  b[at + 1] = static_cast<std::uint8_t>(v >> 8);
  b[at + 2] = static_cast<std::uint8_t>(v);
}

inline void writeU32(MutableBytes b, std::size_t at, std::uint32_t v) {
  writeU16(b, at, static_cast<std::uint16_t>(v >> 16));
  writeU16(b, at + 2, static_cast<std::uint16_t>(v));
}

// Parse errors of this module. The texts stay under 16 characters so that std::string keeps
// them in its small buffer: a flood of malformed packets allocates nothing.
inline common::Error packetError(const char* shortText) {
  return common::makeError(shortText);
}

} // namespace sb::rtp::bytes

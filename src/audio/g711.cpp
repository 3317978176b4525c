#include "audio/g711.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>

namespace sb::audio {

namespace {

// Negative samples use the one's complement (-x-1) for their magnitude, as the reference
// coder does, so that -1 encodes like 0 and the code is symmetric around zero.
constexpr int magnitudeOf(std::int16_t sample) {
  return sample < 0 ? ~sample : sample;
}

// μ-law: a 14-bit magnitude plus a bias of 33 lies in one of eight segments, each twice as
// wide as the last; the code is the segment and four bits of position in it, inverted.
constexpr std::uint8_t encodeUlawSample(std::int16_t sample) {
  const int biased = std::min((magnitudeOf(sample) >> 2) + 33, 0x1FFF);
  const int segment = std::bit_width(static_cast<unsigned>(biased >> 6));
  const int code = (segment << 4) | ((biased >> (segment + 1)) & 0x0F);
  return static_cast<std::uint8_t>(sample < 0 ? 0x7F ^ code : 0xFF ^ code);
}

constexpr std::int16_t decodeUlawCode(std::uint8_t code) {
  const int inverted = ~code & 0xFF;
  const int segment = (inverted >> 4) & 0x07;
  const int magnitude = ((((inverted & 0x0F) << 3) + 0x84) << segment) - 0x84;
  return static_cast<std::int16_t>((code & 0x80) != 0 ? magnitude : -magnitude);
}

// A-law: a 12-bit magnitude; segment 0 is linear, segment s > 0 covers [16 << (s-1),
// 32 << (s-1)). Even bits are inverted on the line.
constexpr std::uint8_t encodeAlawSample(std::int16_t sample) {
  const int m = magnitudeOf(sample) >> 4;
  int code = m;
  if (m > 15) {
    const int segment = std::bit_width(static_cast<unsigned>(m)) - 4;
    code = (segment << 4) | ((m >> (segment - 1)) & 0x0F);
  }
  if (sample >= 0) code |= 0x80;
  return static_cast<std::uint8_t>(code ^ 0x55);
}

constexpr std::int16_t decodeAlawCode(std::uint8_t code) {
  const int plain = (code ^ 0x55) & 0x7F;
  const int segment = plain >> 4;
  int magnitude = ((plain & 0x0F) | (segment > 0 ? 0x10 : 0)) << 4;
  magnitude += 8; // the middle of the quantisation step
  if (segment > 1) magnitude <<= segment - 1;
  return static_cast<std::int16_t>((code & 0x80) != 0 ? magnitude : -magnitude);
}

// The encoders depend only on the top 14 (μ-law) or 12 (A-law) bits of a sample, so a
// table indexed by those bits is exact.
constexpr auto kUlawEncode = [] {
  std::array<std::uint8_t, 1 << 14> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = encodeUlawSample(static_cast<std::int16_t>(i << 2));
  }
  return table;
}();

constexpr auto kAlawEncode = [] {
  std::array<std::uint8_t, 1 << 12> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = encodeAlawSample(static_cast<std::int16_t>(i << 4));
  }
  return table;
}();

constexpr auto kUlawDecode = [] {
  std::array<std::int16_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = decodeUlawCode(static_cast<std::uint8_t>(i));
  }
  return table;
}();

constexpr auto kAlawDecode = [] {
  std::array<std::int16_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = decodeAlawCode(static_cast<std::uint8_t>(i));
  }
  return table;
}();

// Re-encode the magnitude and carry the sign bit over, so that μ-law's negative zero
// stays negative instead of turning into A-law's smallest positive value.
constexpr auto kUlawToAlaw = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    const int magnitude = decodeUlawCode(static_cast<std::uint8_t>(i | 0x80));
    const auto sign = static_cast<std::uint8_t>((i & 0x80) ^ 0x80);
    table[i] = encodeAlawSample(static_cast<std::int16_t>(magnitude)) ^ sign;
  }
  return table;
}();

constexpr auto kAlawToUlaw = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    const int magnitude = decodeAlawCode(static_cast<std::uint8_t>(i | 0x80));
    const auto sign = static_cast<std::uint8_t>((i & 0x80) ^ 0x80);
    table[i] = encodeUlawSample(static_cast<std::int16_t>(magnitude)) ^ sign;
  }
  return table;
}();

constexpr std::size_t ulawIndex(std::int16_t s) {
  return static_cast<std::uint16_t>(s) >> 2;
}
constexpr std::size_t alawIndex(std::int16_t s) {
  return static_cast<std::uint16_t>(s) >> 4;
}

} // namespace

std::uint8_t linearToUlaw(std::int16_t sample) {
  return kUlawEncode[ulawIndex(sample)];
}
std::int16_t ulawToLinear(std::uint8_t code) {
  return kUlawDecode[code];
}
std::uint8_t linearToAlaw(std::int16_t sample) {
  return kAlawEncode[alawIndex(sample)];
}
std::int16_t alawToLinear(std::uint8_t code) {
  return kAlawDecode[code];
}
std::uint8_t ulawToAlaw(std::uint8_t code) {
  return kUlawToAlaw[code];
}
std::uint8_t alawToUlaw(std::uint8_t code) {
  return kAlawToUlaw[code];
}

void encodeUlaw(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  assert(out.size() >= pcm.size());
  for (std::size_t i = 0; i < pcm.size(); ++i)
    out[i] = kUlawEncode[ulawIndex(pcm[i])];
}

void decodeUlaw(std::span<const std::uint8_t> codes, std::span<std::int16_t> out) {
  assert(out.size() >= codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    out[i] = kUlawDecode[codes[i]];
}

void encodeAlaw(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  assert(out.size() >= pcm.size());
  for (std::size_t i = 0; i < pcm.size(); ++i)
    out[i] = kAlawEncode[alawIndex(pcm[i])];
}

void decodeAlaw(std::span<const std::uint8_t> codes, std::span<std::int16_t> out) {
  assert(out.size() >= codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    out[i] = kAlawDecode[codes[i]];
}

void transcodeUlawToAlaw(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = kUlawToAlaw[in[i]];
}

void transcodeAlawToUlaw(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  assert(out.size() >= in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = kAlawToUlaw[in[i]];
}

} // namespace sb::audio

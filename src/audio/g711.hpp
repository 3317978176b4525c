#pragma once
// G.711 μ-law (PCMU) and A-law (PCMA) as ITU-T G.711 defines them, bit-exact with the
// ITU's reference coder (G.191): 16-bit linear samples in, 8-bit codes out and back, by
// table lookup so that the media path spends a load per sample.
#include <cstdint>
#include <span>

namespace sb::audio {

inline constexpr std::uint8_t kUlawSilence = 0xFF; // +0
inline constexpr std::uint8_t kAlawSilence = 0xD5; // +8, A-law has no zero

std::uint8_t linearToUlaw(std::int16_t sample);
std::int16_t ulawToLinear(std::uint8_t code);
std::uint8_t linearToAlaw(std::int16_t sample);
std::int16_t alawToLinear(std::uint8_t code);

// Direct conversion between the two laws by 256-entry tables: each code's decoded value
// re-encoded in the other law (the nearest value), its sign kept. Neither direction is
// lossless: between 380 and 512 A-law is the finer law, near zero μ-law is.
std::uint8_t ulawToAlaw(std::uint8_t code);
std::uint8_t alawToUlaw(std::uint8_t code);

// Whole frames; `out` must be at least as long as the input.
void encodeUlaw(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out);
void decodeUlaw(std::span<const std::uint8_t> codes, std::span<std::int16_t> out);
void encodeAlaw(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out);
void decodeAlaw(std::span<const std::uint8_t> codes, std::span<std::int16_t> out);
void transcodeUlawToAlaw(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);
void transcodeAlawToUlaw(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);

} // namespace sb::audio

#pragma once
// The audio this module hands out: 8 kHz, 16-bit linear, mono, shared and immutable, the
// same types the media engine plays from (media::Pcm, media::SharedPcm).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sb::prompts {

using Pcm = std::vector<std::int16_t>;
using SharedPcm = std::shared_ptr<const Pcm>;

inline constexpr std::uint32_t kPromptRate = 8000;

// Samples in `length` at kPromptRate.
constexpr std::size_t samplesIn(std::chrono::milliseconds length) {
  return length.count() <= 0 ? 0 : static_cast<std::size_t>(length.count()) * kPromptRate / 1000;
}

// Cuts leading and trailing quiet (below `threshold`), keeping `margin` of it on each side,
// so that joined pieces are spaced by the pauses put between them, not by the synthesizer's.
// A piece that is quiet throughout is left alone.
void trimSilence(Pcm& pcm, std::int16_t threshold = 200,
                 std::chrono::milliseconds margin = std::chrono::milliseconds(40));

} // namespace sb::prompts

#pragma once
// Sample-rate conversion to the prompt rate (8 kHz) by band-limited interpolation: each
// output sample is the input convolved with a Kaiser-windowed sinc low-pass centred on the
// output instant, so that any input rate works, not only integer ratios. The low-pass cuts
// at 3.6 kHz (or below the input's own Nyquist rate when upsampling), which keeps the
// telephone band and leaves nothing above 4 kHz to alias.
#include "prompts/pcm.hpp"

#include <cstdint>
#include <span>

namespace sb::prompts {

class Resampler {
public:
  // `inputRate` must be positive; the rates are checked by whoever reads them (wav_audio).
  explicit Resampler(std::uint32_t inputRate, std::uint32_t outputRate = kPromptRate);

  // Converts one whole signal (samples in the 16-bit range, as float so that a stereo mix
  // loses nothing before filtering). Output is rounded and clipped to 16 bits.
  Pcm convert(std::span<const float> input) const;
  Pcm convert(std::span<const std::int16_t> input) const;

  double cutoffHz() const { return cutoffHz_; }

private:
  std::uint32_t inputRate_;
  std::uint32_t outputRate_;
  double cutoffHz_;
  double scale_; // the low-pass cutoff as a fraction of half the input rate
};

} // namespace sb::prompts

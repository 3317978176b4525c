#pragma once
// Measuring test signals: the power of one frequency (Goertzel) and RMS level.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

namespace sb::audio::test {

// Amplitude of the `frequency` component of `pcm`, for a sine of peak A about A.
inline double toneAmplitude(std::span<const std::int16_t> pcm, double frequency,
                            double sampleRate = 8000) {
  const double w = 2 * std::numbers::pi * frequency / sampleRate;
  double re = 0;
  double im = 0;
  for (std::size_t n = 0; n < pcm.size(); ++n) {
    re += pcm[n] * std::cos(w * static_cast<double>(n));
    im -= pcm[n] * std::sin(w * static_cast<double>(n));
  }
  return 2 * std::hypot(re, im) / static_cast<double>(pcm.size());
}

inline double rms(std::span<const std::int16_t> pcm) {
  double sum = 0;
  for (std::int16_t s : pcm)
    sum += static_cast<double>(s) * s;
  return pcm.empty() ? 0 : std::sqrt(sum / static_cast<double>(pcm.size()));
}

} // namespace sb::audio::test

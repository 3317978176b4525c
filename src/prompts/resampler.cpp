#include "prompts/resampler.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>
#include <vector>

namespace sb::prompts {

namespace {

constexpr double kTelephoneCutoffHz = 3600;
// Zero crossings of the sinc on each side of the centre: with the Kaiser window below this
// makes a transition band of about 600 Hz, so the stopband starts before 4 kHz.
constexpr int kZeroCrossings = 32;
constexpr double kKaiserBeta = 8.6; // about 85 dB of stopband attenuation
constexpr int kTableSteps = 512;    // kernel values per zero crossing, interpolated between

// Modified Bessel function of the first kind, order 0 (its series converges fast here).
double besselI0(double x) {
  double sum = 1;
  double term = 1;
  for (int k = 1; k < 50; ++k) {
    const double half = x / (2.0 * k);
    term *= half * half;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

// The windowed sinc at u = 0, 1/kTableSteps, ... kZeroCrossings, u in zero crossings. Two
// extra zeros let the interpolation read one past the end.
const std::vector<double>& kernel() {
  static const std::vector<double> table = [] {
    std::vector<double> t(kZeroCrossings * kTableSteps + 2, 0.0);
    const double norm = besselI0(kKaiserBeta);
    for (int i = 0; i <= kZeroCrossings * kTableSteps; ++i) {
      const double u = static_cast<double>(i) / kTableSteps;
      const double sinc = i == 0 ? 1.0 : std::sin(std::numbers::pi * u) / (std::numbers::pi * u);
      const double r = u / kZeroCrossings;
      const double window = besselI0(kKaiserBeta * std::sqrt(std::max(0.0, 1 - r * r))) / norm;
      t[static_cast<std::size_t>(i)] = sinc * window;
    }
    return t;
  }();
  return table;
}

std::int16_t toSample(double v) {
  return static_cast<std::int16_t>(std::lround(std::clamp(v, -32768.0, 32767.0)));
}

} // namespace

Resampler::Resampler(std::uint32_t inputRate, std::uint32_t outputRate)
    : inputRate_(inputRate), outputRate_(outputRate) {
  assert(inputRate > 0 && outputRate > 0);
  const double limit = 0.45 * std::min(inputRate, outputRate);
  cutoffHz_ = std::min(kTelephoneCutoffHz * outputRate / kPromptRate, limit);
  scale_ = 2 * cutoffHz_ / inputRate;
}

Pcm Resampler::convert(std::span<const float> input) const {
  if (inputRate_ == outputRate_) {
    Pcm same(input.size());
    std::transform(input.begin(), input.end(), same.begin(), [](float s) { return toSample(s); });
    return same;
  }
  const std::vector<double>& table = kernel();
  const auto length = static_cast<std::int64_t>(input.size());
  const std::uint64_t outputs =
      (static_cast<std::uint64_t>(input.size()) * outputRate_ + inputRate_ - 1) / inputRate_;
  const double step = static_cast<double>(inputRate_) / outputRate_;
  const double reach = kZeroCrossings / scale_; // in input samples, each side
  Pcm out(outputs);
  for (std::uint64_t n = 0; n < outputs; ++n) {
    const double at = static_cast<double>(n) * step; // the output instant, in input samples
    const auto first = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(at - reach)));
    const auto last =
        std::min<std::int64_t>(length - 1, static_cast<std::int64_t>(std::floor(at + reach)));
    double sum = 0;
    for (std::int64_t k = first; k <= last; ++k) {
      const double position = std::abs(at - static_cast<double>(k)) * scale_ * kTableSteps;
      const auto index = static_cast<std::size_t>(position);
      if (index >= table.size() - 1) continue;
      const double frac = position - static_cast<double>(index);
      const double weight = table[index] + frac * (table[index + 1] - table[index]);
      sum += weight * input[static_cast<std::size_t>(k)];
    }
    out[n] = toSample(sum * scale_);
  }
  return out;
}

Pcm Resampler::convert(std::span<const std::int16_t> input) const {
  const std::vector<float> wide(input.begin(), input.end());
  return convert(std::span<const float>(wide));
}

} // namespace sb::prompts

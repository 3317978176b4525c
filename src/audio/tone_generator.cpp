#include "audio/tone_generator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sb::audio {

namespace {

constexpr double kMaxSineDbm0 = 3.14;

std::uint64_t samplesOf(common::Duration d, std::uint32_t sampleRate) {
  return static_cast<std::uint64_t>(std::max<common::Duration::rep>(d.count(), 0)) * sampleRate /
         1000;
}

} // namespace

ToneSpec usRingbackTone() {
  return ToneSpec{440, 480, -19, common::Duration{2000}, common::Duration{4000}, true};
}

ToneSpec beepTone() {
  return ToneSpec{1000, 0, -10, common::Duration{500}, common::Duration{0}, false};
}

double sineAmplitude(double levelDbm0) {
  return 32767.0 * std::pow(10.0, (levelDbm0 - kMaxSineDbm0) / 20.0);
}

ToneGenerator::ToneGenerator(const ToneSpec& spec, std::uint32_t sampleRate)
    : step1_(2 * std::numbers::pi * spec.frequency1 / sampleRate),
      step2_(2 * std::numbers::pi * spec.frequency2 / sampleRate),
      amplitude_(sineAmplitude(spec.levelDbm0)), onSamples_(samplesOf(spec.on, sampleRate)),
      cycleSamples_(onSamples_ + samplesOf(spec.off, sampleRate)), repeat_(spec.repeat) {}

// Phases are kept in [0, 2π) so that an hour of tone is as exact as its first second.
double ToneGenerator::nextSample() {
  double value = std::sin(phase1_);
  if (step2_ > 0) value += std::sin(phase2_);
  phase1_ = std::fmod(phase1_ + step1_, 2 * std::numbers::pi);
  phase2_ = std::fmod(phase2_ + step2_, 2 * std::numbers::pi);
  return value * amplitude_;
}

void ToneGenerator::generate(std::span<std::int16_t> out) {
  for (std::int16_t& sample : out) {
    bool sounding = true;
    if (onSamples_ > 0) {
      if (repeat_ && position_ >= cycleSamples_) position_ = 0;
      sounding = position_ < onSamples_;
      if (repeat_ || sounding) ++position_;
    }
    const double value = sounding ? nextSample() : 0.0;
    sample = static_cast<std::int16_t>(std::clamp(std::lround(value), -32768L, 32767L));
  }
}

} // namespace sb::audio

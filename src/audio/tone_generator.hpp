#pragma once
// Call-progress tones and beeps as 16-bit PCM: one or two sines at a level in dBm0, switched
// on and off by a cadence.
#include "common/clock.hpp"

#include <cstdint>
#include <span>

namespace sb::audio {

struct ToneSpec {
  double frequency1 = 0;  // Hz
  double frequency2 = 0;  // Hz; 0 for a single tone
  double levelDbm0 = -10; // of each component
  common::Duration on{0}; // 0: on all the time
  common::Duration off{0};
  bool repeat = true; // false: one burst, then silence
};

// US ringback (ANSI T1.401): 440 + 480 Hz at -19 dBm0 each, 2 s on, 4 s off.
ToneSpec usRingbackTone();
// The beep before a voicemail recording: 1 kHz at -10 dBm0 for half a second, once.
ToneSpec beepTone();

// The peak amplitude of a sine at `levelDbm0`: G.711 puts +3.14 dBm0 at full scale.
double sineAmplitude(double levelDbm0);

class ToneGenerator {
public:
  explicit ToneGenerator(const ToneSpec& spec, std::uint32_t sampleRate = 8000);

  // Fills `out` with the next samples; consecutive calls continue one signal.
  void generate(std::span<std::int16_t> out);
  // A tone that does not repeat has played its burst.
  bool finished() const { return !repeat_ && onSamples_ > 0 && position_ >= onSamples_; }

private:
  double nextSample();

  double step1_;
  double step2_;
  double phase1_ = 0;
  double phase2_ = 0;
  double amplitude_;
  std::uint64_t onSamples_;    // 0: continuous
  std::uint64_t cycleSamples_; // on + off
  bool repeat_;
  std::uint64_t position_ = 0; // within the cadence cycle
};

} // namespace sb::audio

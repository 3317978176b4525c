// Ringback and the voicemail beep as PCM.
#include "audio/tone_generator.hpp"

#include "unit/audio/signal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sb::audio {
namespace {

using test::rms;
using test::toneAmplitude;

std::vector<std::int16_t> generate(ToneGenerator& generator, std::size_t samples) {
  std::vector<std::int16_t> out(samples);
  generator.generate(out);
  return out;
}

TEST(ToneGeneratorTest, LevelFollowsG711Dbm0) {
  EXPECT_NEAR(sineAmplitude(3.14), 32767, 0.5);
  EXPECT_NEAR(sineAmplitude(-16.86), 3276.7, 0.5); // 20 dB lower
}

TEST(ToneGeneratorTest, UsRingbackIs440And480HzTwoSecondsOnFourOff) {
  ToneGenerator ringback(usRingbackTone());
  const auto on = generate(ringback, 16000);
  const auto off = generate(ringback, 32000);
  const auto again = generate(ringback, 8000);
  const double amplitude = sineAmplitude(-19);
  EXPECT_NEAR(toneAmplitude(on, 440), amplitude, amplitude * 0.02);
  EXPECT_NEAR(toneAmplitude(on, 480), amplitude, amplitude * 0.02);
  EXPECT_LT(toneAmplitude(on, 1000), amplitude * 0.01);
  EXPECT_NEAR(rms(on), amplitude, amplitude * 0.02); // two sines of peak A: RMS A
  EXPECT_TRUE(std::all_of(off.begin(), off.end(), [](std::int16_t s) { return s == 0; }));
  EXPECT_NEAR(toneAmplitude(again, 440), amplitude, amplitude * 0.02);
  EXPECT_FALSE(ringback.finished());
}

TEST(ToneGeneratorTest, ChunkSizeDoesNotChangeTheSignal) {
  ToneGenerator whole(usRingbackTone());
  const auto reference = generate(whole, 8000 * 7);
  ToneGenerator chunked(usRingbackTone());
  std::vector<std::int16_t> pieces;
  while (pieces.size() < reference.size()) {
    const auto piece = generate(chunked, 160);
    pieces.insert(pieces.end(), piece.begin(), piece.end());
  }
  EXPECT_EQ(pieces, reference);
}

TEST(ToneGeneratorTest, BeepPlaysOnceThenSilence) {
  ToneGenerator beep(beepTone());
  auto burst = generate(beep, 3840);
  EXPECT_FALSE(beep.finished());
  const auto rest = generate(beep, 160);
  EXPECT_TRUE(beep.finished()); // 500 ms played
  burst.insert(burst.end(), rest.begin(), rest.end());
  EXPECT_NEAR(toneAmplitude(burst, 1000), sineAmplitude(-10), sineAmplitude(-10) * 0.02);
  const auto after = generate(beep, 8000);
  EXPECT_TRUE(std::all_of(after.begin(), after.end(), [](std::int16_t s) { return s == 0; }));
}

TEST(ToneGeneratorTest, ContinuousToneClipsAtFullScale) {
  ToneGenerator loud(ToneSpec{1000, 1000, 3.14, common::Duration{0}, common::Duration{0}, true});
  const auto out = generate(loud, 800);
  EXPECT_EQ(*std::max_element(out.begin(), out.end()), 32767);
  EXPECT_EQ(*std::min_element(out.begin(), out.end()), -32768);
}

} // namespace
} // namespace sb::audio

// The resampler keeps the telephone band and removes what would alias at 8 kHz.
#include "prompts/resampler.hpp"

#include "unit/audio/signal.hpp"
#include "unit/prompts/test_audio.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <span>

namespace sb::prompts {
namespace {

using audio::test::rms;
using audio::test::toneAmplitude;
using test::sine;

constexpr double kAmplitude = 10000;

// The output without its first and last 100 ms, where the signal starts and stops.
std::span<const std::int16_t> middle(const Pcm& pcm) {
  return std::span<const std::int16_t>(pcm).subspan(800, pcm.size() - 1600);
}

// Sign changes per second.
double zeroCrossingRate(std::span<const std::int16_t> pcm) {
  int crossings = 0;
  for (std::size_t i = 1; i < pcm.size(); ++i)
    crossings += (pcm[i - 1] < 0) != (pcm[i] < 0);
  return crossings * 8000.0 / static_cast<double>(pcm.size()) / 2;
}

class ResamplerRateTest : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ResamplerRateTest, KeepsOneKilohertzAtOneKilohertz) {
  const std::uint32_t rate = GetParam();
  const Pcm out = Resampler(rate).convert(sine(1000, kAmplitude, rate, 1.0));
  EXPECT_NEAR(static_cast<double>(out.size()), 8000, 1);
  const auto steady = middle(out);
  EXPECT_NEAR(toneAmplitude(steady, 1000), kAmplitude, kAmplitude * 0.01);
  EXPECT_NEAR(zeroCrossingRate(steady), 1000, 3);
}

TEST_P(ResamplerRateTest, KeepsTheTopOfTheTelephoneBand) {
  const std::uint32_t rate = GetParam();
  const Pcm out = Resampler(rate).convert(sine(3000, kAmplitude, rate, 1.0));
  EXPECT_NEAR(toneAmplitude(middle(out), 3000), kAmplitude, kAmplitude * 0.06); // within 0.5 dB
}

TEST_P(ResamplerRateTest, StronglyAttenuatesFiveKilohertz) {
  const std::uint32_t rate = GetParam();
  if (rate < 10000) GTEST_SKIP() << "5 kHz is above this rate's Nyquist frequency";
  const Pcm out = Resampler(rate).convert(sine(5000, kAmplitude, rate, 1.0));
  const auto steady = middle(out);
  // At least 60 dB down, measured in all, and at 3 kHz, where 5 kHz would alias to.
  EXPECT_LT(rms(steady), kAmplitude / std::sqrt(2.0) / 1000);
  EXPECT_LT(toneAmplitude(steady, 3000), kAmplitude / 1000);
}

TEST_P(ResamplerRateTest, KeepsTheLevelOfAConstant) {
  const std::uint32_t rate = GetParam();
  const std::vector<float> constant(rate / 2, 1000.0f);
  const Pcm out = Resampler(rate).convert(constant);
  for (std::int16_t s : middle(out))
    ASSERT_NEAR(s, 1000, 2);
}

INSTANTIATE_TEST_SUITE_P(Rates, ResamplerRateTest,
                         ::testing::Values(11025u, 16000u, 22050u, 44100u, 48000u));

TEST(ResamplerTest, UpsamplesALowerRate) {
  const Pcm out = Resampler(6000).convert(sine(1000, kAmplitude, 6000, 1.0));
  EXPECT_NEAR(static_cast<double>(out.size()), 8000, 1);
  EXPECT_NEAR(toneAmplitude(middle(out), 1000), kAmplitude, kAmplitude * 0.01);
}

TEST(ResamplerTest, LeavesEightKilohertzAsItIs) {
  const std::vector<std::int16_t> in = {0, 1, -1, 32767, -32768, 1234};
  EXPECT_EQ(Resampler(8000).convert(in), in);
}

TEST(ResamplerTest, ClipsInsteadOfWrappingAround) {
  const std::vector<float> loud(44100, 40000.0f);
  const Pcm out = Resampler(44100).convert(loud);
  for (std::int16_t s : middle(out))
    ASSERT_EQ(s, 32767);
}

TEST(ResamplerTest, CutsOffWithinTheTelephoneBand) {
  EXPECT_GE(Resampler(44100).cutoffHz(), 3400);
  EXPECT_LE(Resampler(44100).cutoffHz(), 3600);
  EXPECT_LT(Resampler(6000).cutoffHz(), 3000); // below the input's Nyquist frequency
}

TEST(ResamplerTest, ConvertsNothingToNothing) {
  EXPECT_TRUE(Resampler(22050).convert(std::span<const float>()).empty());
}

} // namespace
} // namespace sb::prompts

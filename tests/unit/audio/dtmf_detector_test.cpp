// In-band DTMF (issue 3; the confirmation key of R-9 from trunks that send tones): digits generated
// by spandsp's DTMF generator at several levels and under noise are detected once each; single
// tones, call-progress tones, speech-like sound and noise give no digit (talk-off).
#include "audio/dtmf_detector.hpp"
#include "audio/tone_generator.hpp"

#include <gtest/gtest.h>
#include <spandsp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace sb::audio {
namespace {

constexpr std::size_t kFrame = 160; // 20 ms at 8 kHz, as RTP delivers it

// Digits as a DTMF generator at `levelDbm0` would send them, with white noise at
// `noiseDbm0` added (or none), and half a second of the same noise after.
std::vector<std::int16_t> dtmfSignal(const std::string& digits, int levelDbm0,
                                     float noiseDbm0 = -99) {
  dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
  dtmf_tx_set_level(tx, levelDbm0, 0);
  dtmf_tx_set_timing(tx, 60, 60);
  dtmf_tx_put(tx, digits.c_str(), -1);
  std::vector<std::int16_t> signal;
  std::int16_t frame[kFrame];
  while (int n = dtmf_tx(tx, frame, kFrame))
    signal.insert(signal.end(), frame, frame + n);
  dtmf_tx_free(tx);
  signal.resize(signal.size() + 4000, 0);
  if (noiseDbm0 > -99) {
    awgn_state_t* noise = awgn_init_dbm0(nullptr, 1234567, noiseDbm0);
    for (std::int16_t& s : signal) {
      s = static_cast<std::int16_t>(std::clamp(s + awgn(noise), -32768, 32767));
    }
    awgn_free(noise);
  }
  return signal;
}

std::string detect(const std::vector<std::int16_t>& signal) {
  DtmfDetector detector;
  std::string found;
  for (std::size_t at = 0; at < signal.size(); at += kFrame) {
    const std::size_t n = std::min(kFrame, signal.size() - at);
    detector.feed(std::span(signal).subspan(at, n));
    while (auto digit = detector.nextDigit())
      found += *digit;
  }
  return found;
}

struct LevelCase {
  int levelDbm0;
  float noiseDbm0;
};

class DtmfLevelTest : public testing::TestWithParam<LevelCase> {};

TEST_P(DtmfLevelTest, DetectsEveryKeyOnce) {
  const std::string keys = "0123456789*#ABCD";
  EXPECT_EQ(detect(dtmfSignal(keys, GetParam().levelDbm0, GetParam().noiseDbm0)), keys);
}

// Levels from loud to the quiet end of what a trunk delivers, with noise 20 dB below the
// tones (the detector is specified for 15 dB S/N and better).
INSTANTIATE_TEST_SUITE_P(Levels, DtmfLevelTest,
                         testing::Values(LevelCase{-4, -99}, LevelCase{-10, -30},
                                         LevelCase{-20, -40}, LevelCase{-26, -46}),
                         [](const auto& c) {
                           return "Minus" + std::to_string(-c.param.levelDbm0) + "dBm0";
                         });

TEST(DtmfDetectorTest, RepeatedKeyIsTwoDigits) {
  EXPECT_EQ(detect(dtmfSignal("11", -10, -40)), "11");
}

TEST(DtmfDetectorTest, OurOwnDualToneIsDetected) {
  // 852 + 1477 Hz is '9'.
  ToneGenerator nine(ToneSpec{852, 1477, -12, common::Duration{100}, common::Duration{0}, false});
  std::vector<std::int16_t> signal(4000);
  nine.generate(signal);
  EXPECT_EQ(detect(signal), "9");
}

TEST(DtmfDetectorTest, LostAudioIsSkippedWithoutFalseDigits) {
  const auto signal = dtmfSignal("5", -10);
  DtmfDetector detector;
  detector.feed(signal);
  detector.skip(1600);
  detector.feed(signal);
  std::string found;
  while (auto digit = detector.nextDigit())
    found += *digit;
  EXPECT_EQ(found, "55");
}

std::vector<std::int16_t> singleTone(double frequency, double levelDbm0, std::size_t samples) {
  ToneGenerator tone(
      ToneSpec{frequency, 0, levelDbm0, common::Duration{0}, common::Duration{0}, true});
  std::vector<std::int16_t> out(samples);
  tone.generate(out);
  return out;
}

TEST(DtmfDetectorTest, SingleTonesAreNoDigits) {
  for (double frequency : {697.0, 770.0, 852.0, 941.0, 1209.0, 1336.0, 1477.0, 1633.0, 1000.0}) {
    EXPECT_EQ(detect(singleTone(frequency, -10, 16000)), "") << frequency;
  }
}

TEST(DtmfDetectorTest, CallProgressTonesAreNoDigits) {
  ToneGenerator ringback(usRingbackTone());
  std::vector<std::int16_t> signal(8000 * 12);
  ringback.generate(signal);
  EXPECT_EQ(detect(signal), "");
  ToneGenerator beep(beepTone());
  beep.generate(signal);
  EXPECT_EQ(detect(signal), "");
}

// A crude voice: a glottal pulse train (100-220 Hz, gliding) through three formant
// resonances that move between vowels, loud and syllabic, as speech is.
std::vector<std::int16_t> speechLike(std::size_t samples) {
  struct Vowel {
    double f1, f2, f3;
  };
  const Vowel vowels[] = {
      {730, 1090, 2440}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240}, {530, 1840, 2480}};
  std::vector<std::int16_t> out(samples);
  double phase = 0;
  for (std::size_t n = 0; n < samples; ++n) {
    const double t = static_cast<double>(n) / 8000;
    const double pitch = 160 + 60 * std::sin(2 * std::numbers::pi * 0.7 * t);
    phase += pitch / 8000;
    const Vowel& v = vowels[static_cast<std::size_t>(t * 4) % 5];
    double value = 0;
    for (int h = 1; h * pitch < 3800; ++h) {
      const double f = h * pitch;
      const double gain = 1 / (1 + std::pow((f - v.f1) / 90, 2)) +
                          0.6 / (1 + std::pow((f - v.f2) / 110, 2)) +
                          0.3 / (1 + std::pow((f - v.f3) / 150, 2));
      value += gain * std::sin(2 * std::numbers::pi * h * phase) / h;
    }
    const double syllable = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * 4 * t);
    out[n] = static_cast<std::int16_t>(std::clamp(value * syllable * 9000, -32768.0, 32767.0));
  }
  return out;
}

TEST(DtmfDetectorTest, SpeechLikeSoundIsNoDigits) {
  EXPECT_EQ(detect(speechLike(8000 * 10)), "");
}

TEST(DtmfDetectorTest, NoiseIsNoDigits) {
  std::vector<std::int16_t> signal(8000 * 5);
  awgn_state_t* noise = awgn_init_dbm0(nullptr, 42, -15);
  for (std::int16_t& s : signal)
    s = awgn(noise);
  awgn_free(noise);
  EXPECT_EQ(detect(signal), "");
}

TEST(DtmfDetectorTest, MovesWithItsState) {
  DtmfDetector first;
  const auto signal = dtmfSignal("7", -10);
  first.feed(std::span(signal).first(400)); // the tone has begun
  DtmfDetector second = std::move(first);
  second.feed(std::span(signal).subspan(400));
  EXPECT_EQ(second.nextDigit(), '7');
}

} // namespace
} // namespace sb::audio

// Uploaded prompts: the WAV encodings accepted, converted to 8 kHz mono, and clear errors.
#include "prompts/wav_audio.hpp"

#include "audio/g711.hpp"
#include "unit/audio/signal.hpp"
#include "unit/audio/temp_dir.hpp"
#include "unit/prompts/test_audio.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sb::prompts {
namespace {

using audio::test::TempDir;
using audio::test::toneAmplitude;
using test::WavSpec;

std::span<const std::int16_t> middle(const Pcm& pcm) {
  return std::span<const std::int16_t>(pcm).subspan(800, pcm.size() - 1600);
}

TEST(WavAudioTest, ConvertsA44kStereoUpload) {
  TempDir dir;
  const auto path = dir.path() / "press_one.wav";
  test::writeStereoTones(path, 1000, 1000, 8000, 1.0);
  auto pcm = loadPromptWav(path);
  ASSERT_TRUE(pcm.ok()) << pcm.error().message;
  EXPECT_NEAR(static_cast<double>(pcm->size()), 8000, 1);
  EXPECT_NEAR(toneAmplitude(middle(*pcm), 1000), 8000, 80);
}

TEST(WavAudioTest, MixesStereoToMono) {
  TempDir dir;
  const auto path = dir.path() / "mix.wav";
  test::writeStereoTones(path, 1000, 0, 8000, 1.0); // a tone on the left only
  auto pcm = loadPromptWav(path);
  ASSERT_TRUE(pcm.ok()) << pcm.error().message;
  EXPECT_NEAR(toneAmplitude(middle(*pcm), 1000), 4000, 40);
}

TEST(WavAudioTest, ReadsEightBitPcm) {
  TempDir dir;
  const auto path = dir.path() / "eight.wav";
  const std::vector<std::uint8_t> data = {128, 255, 0, 192};
  test::writeFile(path, test::wavBytes(WavSpec{1, 1, 8000, 8}, data));
  auto pcm = loadPromptWav(path);
  ASSERT_TRUE(pcm.ok()) << pcm.error().message;
  EXPECT_EQ(*pcm, (Pcm{0, 127 * 256, -128 * 256, 64 * 256}));
}

TEST(WavAudioTest, ReadsG711) {
  const auto tone = test::toPcm16(test::sine(1000, 8000, 8000, 1.0));
  for (const std::uint16_t format : {std::uint16_t{6}, std::uint16_t{7}}) { // A-law, μ-law
    std::vector<std::uint8_t> codes(tone.size());
    if (format == 6) {
      audio::encodeAlaw(tone, codes);
    } else {
      audio::encodeUlaw(tone, codes);
    }
    TempDir dir;
    const auto path = dir.path() / "g711.wav";
    test::writeFile(path, test::wavBytes(WavSpec{format, 1, 8000, 8}, codes));
    auto pcm = loadPromptWav(path);
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    ASSERT_EQ(pcm->size(), tone.size());
    EXPECT_NEAR(toneAmplitude(*pcm, 1000), 8000, 200) << "format " << format;
  }
}

TEST(WavAudioTest, ReadsWhatACutOffFileHolds) {
  TempDir dir;
  const auto path = dir.path() / "cut.wav";
  const std::vector<std::int16_t> samples(1000, 500);
  auto bytes = test::wavBytes(WavSpec{}, test::pcm16Bytes(samples));
  bytes.resize(bytes.size() - 501); // 250 samples and half of one gone
  test::writeFile(path, bytes);
  auto pcm = loadPromptWav(path);
  ASSERT_TRUE(pcm.ok()) << pcm.error().message;
  EXPECT_EQ(pcm->size(), 749u);
}

// The error for a file holding `bytes`, or "" when it was read.
std::string errorFor(const std::vector<std::uint8_t>& bytes) {
  TempDir dir;
  const auto path = dir.path() / "upload.wav";
  test::writeFile(path, bytes);
  auto pcm = loadPromptWav(path);
  return pcm.ok() ? "" : pcm.error().message;
}

TEST(WavAudioTest, RefusesWhatItCannotPlayWithAClearError) {
  const std::vector<std::uint8_t> some(400, 0);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{3, 1, 8000, 32}, some)).find("32-bit float"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{0x55, 1, 8000, 0}, some)).find("MP3"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{1, 1, 8000, 24}, some)).find("24-bit PCM"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{1, 6, 8000, 16}, some)).find("channel count 6"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{1, 1, 1000, 16}, some)).find("sample rate 1000"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{7, 1, 8000, 16}, some)).find("G.711"),
            std::string::npos);
  EXPECT_NE(errorFor(test::wavBytes(WavSpec{}, {})).find("no samples"), std::string::npos);
  const std::string text = "ID3 this is an MP3 file, not a WAV file at all";
  EXPECT_NE(errorFor(std::vector<std::uint8_t>(text.begin(), text.end())).find("not a WAV"),
            std::string::npos);
  EXPECT_NE(errorFor({}).find("not a WAV"), std::string::npos);
}

TEST(WavAudioTest, NamesTheFileInItsErrors) {
  TempDir dir;
  const auto path = dir.path() / "missing.wav";
  auto pcm = loadPromptWav(path);
  ASSERT_FALSE(pcm.ok());
  EXPECT_NE(pcm.error().message.find("missing.wav"), std::string::npos);
}

TEST(WavAudioTest, DecodesDataIgnoringAPartialFrame) {
  audio::WavInfo info;
  info.format = 1;
  info.channels = 2;
  info.sampleRate = 16000;
  info.bitsPerSample = 16;
  const std::vector<std::uint8_t> data = {0x10, 0x00, 0x30, 0x00, 0xFF, 0xFF, 0x01};
  auto audio = decodeWavData(info, data);
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->sampleRate, 16000u);
  ASSERT_EQ(audio->mono.size(), 1u);
  EXPECT_FLOAT_EQ(audio->mono[0], 32.0f);
}

} // namespace
} // namespace sb::prompts

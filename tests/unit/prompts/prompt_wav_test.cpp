// What the API builds on: a prompt written out as an 8 kHz WAV for listening, and the
// library saying, per prompt, why an upload on disk is not played.
#include "prompts/prompt_library.hpp"
#include "prompts/wav_audio.hpp"

#include "audio/wav_file.hpp"
#include "unit/audio/temp_dir.hpp"
#include "unit/prompts/test_audio.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace sb::prompts {
namespace {

using audio::test::TempDir;

void writeText(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(PromptWavTest, AWrittenPromptReadsBackAsTheSameSamples) {
  const TempDir dir;
  const PromptLibrary library;
  const SharedPcm greeting = library.get(prompt::kVoicemailGreeting);
  ASSERT_NE(greeting, nullptr);
  const std::string bytes = promptWavBytes(*greeting);
  EXPECT_EQ(bytes.size(), audio::kWavHeaderSize + greeting->size() * 2);
  const auto file = dir.path() / "greeting.wav";
  writeText(file, bytes);

  auto info = audio::readWavInfo(file);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->format, 1);
  EXPECT_EQ(info->channels, 1);
  EXPECT_EQ(info->sampleRate, kPromptRate);
  EXPECT_EQ(info->bitsPerSample, 16);
  // At 8 kHz the library's own reader takes it back unchanged: what one hears is what plays.
  auto back = loadPromptWav(file);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, *greeting);
}

TEST(PromptWavTest, AnEmptyPromptIsAHeaderOnly) {
  EXPECT_EQ(promptWavBytes({}).size(), audio::kWavHeaderSize);
}

TEST(PromptWavTest, TheLibraryTellsWhyAnUploadIsNotPlayedUntilItIsFixed) {
  const TempDir dir;
  const auto file = dir.path() / "no_key.wav";
  const auto floats = test::wavBytes(test::WavSpec{3, 1, 8000, 32}, std::vector<std::uint8_t>(800, 0));
  test::writeFile(file, floats);
  PromptLibrary library(dir.path());
  EXPECT_EQ(library.origin(prompt::kNoKey), PromptOrigin::BuiltIn);
  EXPECT_NE(library.problem(prompt::kNoKey).find("32-bit float"), std::string::npos) << library.problem(prompt::kNoKey);
  EXPECT_EQ(library.problem(prompt::kDeclined), "");
  EXPECT_EQ(library.problem("press_nine"), "");

  const auto samples = test::toPcm16(test::sine(440, 8000, 8000, 0.5));
  test::writeFile(file, test::wavBytes(test::WavSpec{}, test::pcm16Bytes(samples)));
  EXPECT_TRUE(library.reload().empty());
  EXPECT_EQ(library.origin(prompt::kNoKey), PromptOrigin::Override);
  EXPECT_EQ(library.problem(prompt::kNoKey), "");
}

} // namespace
} // namespace sb::prompts

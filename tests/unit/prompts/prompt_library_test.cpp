// The built-in prompts, and an admin's uploads replacing them.
#include "prompts/prompt_library.hpp"

#include "unit/audio/signal.hpp"
#include "unit/audio/temp_dir.hpp"
#include "unit/prompts/test_audio.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace sb::prompts {
namespace {

using audio::test::rms;
using audio::test::TempDir;
using audio::test::toneAmplitude;

const std::vector<std::string_view> kExpected = {
    prompt::kCallFrom,  prompt::kDeclined,          prompt::kNewLead,        prompt::kNoKey,
    prompt::kPressOne,  prompt::kTakeLead,          prompt::kVoicemailGreeting, prompt::kVoicemailSaved};

// The share of 20 ms frames loud enough to be speech.
double voicedShare(const Pcm& pcm) {
  const std::size_t frame = 160;
  std::size_t voiced = 0;
  std::size_t frames = 0;
  for (std::size_t at = 0; at + frame <= pcm.size(); at += frame, ++frames)
    voiced += rms(std::span<const std::int16_t>(pcm).subspan(at, frame)) > 500;
  return frames == 0 ? 0 : static_cast<double>(voiced) / static_cast<double>(frames);
}

TEST(PromptLibraryTest, HasEveryBuiltInPromptAsPlausibleSpeech) {
  const PromptLibrary library;
  std::vector<std::string> expected(kExpected.begin(), kExpected.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(library.names(), expected);
  for (std::string_view name : kExpected) {
    SCOPED_TRACE(std::string(name));
    const SharedPcm pcm = library.get(name);
    ASSERT_NE(pcm, nullptr);
    const double seconds = static_cast<double>(pcm->size()) / kPromptRate;
    EXPECT_GE(seconds, 0.5);
    EXPECT_LE(seconds, 10.0);
    EXPECT_GT(rms(*pcm), 1000);
    EXPECT_GT(voicedShare(*pcm), 0.4);
    EXPECT_EQ(library.origin(name), PromptOrigin::BuiltIn);
  }
  EXPECT_TRUE(library.problems().empty());
}

TEST(PromptLibraryTest, HasNothingUnderAnUnknownName) {
  const PromptLibrary library;
  EXPECT_EQ(library.get("press_three"), nullptr);
  auto found = library.find("press_three");
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.error().message.find("press_three"), std::string::npos);
  EXPECT_TRUE(library.find(prompt::kNoKey).ok());
}

TEST(PromptLibraryTest, PlaysAnUploadInsteadOfTheBuiltIn) {
  TempDir dir;
  test::writeStereoTones(dir.path() / "press_one.wav", 1000, 1000, 8000, 1.0);
  const PromptLibrary library(dir.path());
  EXPECT_TRUE(library.problems().empty());
  const SharedPcm pcm = library.get(prompt::kPressOne);
  ASSERT_NE(pcm, nullptr);
  EXPECT_NEAR(static_cast<double>(pcm->size()), 8000, 1);
  EXPECT_NEAR(toneAmplitude(*pcm, 1000), 8000, 200);
  EXPECT_EQ(library.origin(prompt::kPressOne), PromptOrigin::Override);
  EXPECT_EQ(library.get(prompt::kNoKey), PromptLibrary().get(prompt::kNoKey));
}

TEST(PromptLibraryTest, ReloadPicksUpNewAndRemovedUploads) {
  TempDir dir;
  PromptLibrary library(dir.path());
  const SharedPcm builtIn = library.get(prompt::kVoicemailGreeting);

  test::writeStereoTones(dir.path() / "voicemail_greeting.wav", 1000, 1000, 8000, 2.0);
  EXPECT_EQ(library.get(prompt::kVoicemailGreeting), builtIn); // not before reload()
  EXPECT_TRUE(library.reload().empty());
  const SharedPcm uploaded = library.get(prompt::kVoicemailGreeting);
  ASSERT_NE(uploaded, nullptr);
  EXPECT_NEAR(static_cast<double>(uploaded->size()), 16000, 1);

  std::filesystem::remove(dir.path() / "voicemail_greeting.wav");
  EXPECT_TRUE(library.reload().empty());
  EXPECT_EQ(library.get(prompt::kVoicemailGreeting), builtIn);
  EXPECT_EQ(uploaded->size(), 16000u); // audio handed out stays valid
}

TEST(PromptLibraryTest, KeepsTheBuiltInWhenAnUploadIsBroken) {
  TempDir dir;
  const SharedPcm builtIn = PromptLibrary().get(prompt::kDeclined);
  const std::string junk = "this is not audio";
  test::writeFile(dir.path() / "declined.wav", std::vector<std::uint8_t>(junk.begin(), junk.end()));
  const std::vector<std::uint8_t> floats(400, 0);
  test::writeFile(dir.path() / "no_key.wav", test::wavBytes(test::WavSpec{3, 1, 8000, 32}, floats));

  PromptLibrary library(dir.path());
  ASSERT_EQ(library.problems().size(), 2u);
  EXPECT_EQ(library.get(prompt::kDeclined), builtIn);
  EXPECT_EQ(library.origin(prompt::kDeclined), PromptOrigin::BuiltIn);
  EXPECT_EQ(library.get(prompt::kNoKey), PromptLibrary().get(prompt::kNoKey));

  const auto problems = library.reload();
  ASSERT_EQ(problems.size(), 2u);
  const bool namesDeclined = std::any_of(problems.begin(), problems.end(), [](const auto& e) {
    return e.message.find("declined.wav") != std::string::npos;
  });
  const bool saysFloat = std::any_of(problems.begin(), problems.end(), [](const auto& e) {
    return e.message.find("no_key.wav") != std::string::npos &&
           e.message.find("float") != std::string::npos;
  });
  EXPECT_TRUE(namesDeclined);
  EXPECT_TRUE(saysFloat);
}

TEST(PromptLibraryTest, IgnoresFilesThatReplaceNoPrompt) {
  TempDir dir;
  test::writeStereoTones(dir.path() / "hold_music.wav", 1000, 1000, 8000, 0.5);
  test::writeStereoTones(dir.path() / "press_one.txt", 1000, 1000, 8000, 0.5);
  const PromptLibrary library(dir.path());
  EXPECT_TRUE(library.problems().empty());
  EXPECT_EQ(library.get("hold_music"), nullptr);
  EXPECT_EQ(library.origin(prompt::kPressOne), PromptOrigin::BuiltIn);
  EXPECT_EQ(library.names().size(), kExpected.size());
}

TEST(PromptLibraryTest, WorksWithoutTheOverrideDirectory) {
  TempDir dir;
  const PromptLibrary library(dir.path() / "not-there");
  EXPECT_TRUE(library.problems().empty());
  EXPECT_NE(library.get(prompt::kCallFrom), nullptr);
}

} // namespace
} // namespace sb::prompts

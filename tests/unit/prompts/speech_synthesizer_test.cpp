// Call-time speech: names spoken on the synthesizer's worker thread, answered within a bound.
#include "prompts/speech_synthesizer.hpp"

#include "unit/audio/signal.hpp"
#include "unit/audio/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace sb::prompts {
namespace {

using audio::test::rms;
using audio::test::TempDir;
using namespace std::chrono_literals;

constexpr auto kBound = 10s;

// Collects the answers to requests, and waits for them with a bound.
class Answers {
public:
  SpeechSynthesizer::Done collect() {
    return [this](SharedPcm pcm) {
      const std::lock_guard lock(mutex_);
      pcms_.push_back(std::move(pcm));
      threads_.push_back(std::this_thread::get_id());
      changed_.notify_all();
    };
  }
  bool waitFor(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kBound, [&] { return pcms_.size() >= count; });
  }
  std::vector<SharedPcm> pcms() {
    const std::lock_guard lock(mutex_);
    return pcms_;
  }
  std::vector<std::thread::id> threads() {
    const std::lock_guard lock(mutex_);
    return threads_;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<SharedPcm> pcms_;
  std::vector<std::thread::id> threads_;
};

void expectSpeech(const SharedPcm& pcm, double minSeconds, double maxSeconds) {
  ASSERT_NE(pcm, nullptr);
  const double seconds = static_cast<double>(pcm->size()) / kPromptRate;
  EXPECT_GE(seconds, minSeconds);
  EXPECT_LE(seconds, maxSeconds);
  EXPECT_GT(rms(*pcm), 1000);
}

TEST(SpeechSynthesizerTest, SpeaksANameOnItsWorkerThread) {
  SpeechSynthesizer synthesizer;
  Answers answers;
  ASSERT_TRUE(synthesizer.synthesize("Ada Lovelace", answers.collect()));
  ASSERT_TRUE(answers.waitFor(1));
  expectSpeech(answers.pcms()[0], 0.3, 5.0);
  EXPECT_NE(answers.threads()[0], std::this_thread::get_id());
}

TEST(SpeechSynthesizerTest, AnswersRequestsFromTwoThreads) {
  SpeechSynthesizer synthesizer;
  Answers answers;
  std::thread first(
      [&] { EXPECT_TRUE(synthesizer.synthesize("Grace Hopper", answers.collect())); });
  std::thread second([&] {
    EXPECT_TRUE(synthesizer.synthesize(spokenPhoneNumber("+1 555 0100"), answers.collect()));
  });
  first.join();
  second.join();
  ASSERT_TRUE(answers.waitFor(2));
  for (const SharedPcm& pcm : answers.pcms())
    expectSpeech(pcm, 0.3, 8.0);
}

TEST(SpeechSynthesizerTest, AnswersNothingToSayWithNull) {
  SpeechSynthesizer synthesizer;
  Answers answers;
  ASSERT_TRUE(synthesizer.synthesize(" \x01\x02\t\n ", answers.collect()));
  ASSERT_TRUE(answers.waitFor(1));
  EXPECT_EQ(answers.pcms()[0], nullptr);
}

TEST(SpeechSynthesizerTest, AnswersNullWhenTheVoiceDataIsMissing) {
  TempDir empty; // an espeak-ng data directory with nothing in it
  SpeechConfig config;
  config.voice.dataPath = empty.path().string();
  {
    SpeechSynthesizer synthesizer(config);
    Answers answers;
    ASSERT_TRUE(synthesizer.synthesize("Ada Lovelace", answers.collect()));
    ASSERT_TRUE(synthesizer.synthesize("Grace Hopper", answers.collect()));
    ASSERT_TRUE(answers.waitFor(2));
    EXPECT_EQ(answers.pcms()[0], nullptr);
    EXPECT_EQ(answers.pcms()[1], nullptr);
  }
  // The library recovers for a synthesizer whose data is there.
  SpeechSynthesizer working;
  Answers answers;
  ASSERT_TRUE(working.synthesize("Ada Lovelace", answers.collect()));
  ASSERT_TRUE(answers.waitFor(1));
  expectSpeech(answers.pcms()[0], 0.3, 5.0);
}

TEST(SpeechSynthesizerTest, AnswersNullForAnUnknownVoice) {
  SpeechConfig config;
  config.voice.voice = "no-such-voice";
  SpeechSynthesizer synthesizer(config);
  Answers answers;
  ASSERT_TRUE(synthesizer.synthesize("Ada Lovelace", answers.collect()));
  ASSERT_TRUE(answers.waitFor(1));
  EXPECT_EQ(answers.pcms()[0], nullptr);
}

TEST(SpeechSynthesizerTest, RefusesRequestsBeyondTheQueueBound) {
  SpeechConfig config;
  config.maxQueued = 1;
  SpeechSynthesizer synthesizer(config);
  Answers answers;
  // The first request's answer holds the worker until released, so the queue stays full.
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool released = false;
  ASSERT_TRUE(synthesizer.synthesize("", [&](SharedPcm) {
    std::unique_lock lock(mutex);
    started = true;
    changed.notify_all();
    changed.wait_for(lock, kBound, [&] { return released; });
  }));
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, kBound, [&] { return started; }));
  }
  EXPECT_TRUE(synthesizer.synthesize("Ada", answers.collect()));
  EXPECT_FALSE(synthesizer.synthesize("Lovelace", answers.collect()));
  {
    const std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  ASSERT_TRUE(answers.waitFor(1));
  EXPECT_NE(answers.pcms()[0], nullptr);
}

TEST(SpeechSynthesizerTest, AnswersEveryQueuedRequestWhenDestroyed) {
  Answers answers;
  {
    SpeechSynthesizer synthesizer;
    for (int i = 0; i < 5; ++i)
      ASSERT_TRUE(synthesizer.synthesize("Charles Babbage", answers.collect()));
  }
  EXPECT_EQ(answers.pcms().size(), 5u); // null or speech, but never left unanswered
}

} // namespace
} // namespace sb::prompts

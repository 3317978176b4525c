#include "prompts/speech_synthesizer.hpp"

#include "common/log.hpp"
#include "prompts/resampler.hpp"

namespace sb::prompts {

SpeechSynthesizer::SpeechSynthesizer(SpeechConfig config)
    : config_(std::move(config)), worker_([this] { run(); }) {}

SpeechSynthesizer::~SpeechSynthesizer() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

bool SpeechSynthesizer::synthesize(std::string text, Done done) {
  std::string clean = cleanSpeechText(text, config_.maxTextBytes);
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= config_.maxQueued) return false;
    queue_.push_back(Request{std::move(clean), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

void SpeechSynthesizer::run() {
  for (;;) {
    Request request;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return; // stopping, nothing left
      request = std::move(queue_.front());
      queue_.pop_front();
      stopping = stopping_;
    }
    SharedPcm speech = stopping ? nullptr : speak(request.text);
    if (request.done) request.done(std::move(speech));
  }
}

SharedPcm SpeechSynthesizer::speak(const std::string& text) {
  if (text.empty()) return nullptr;
  auto speech = speakWithEspeak(config_.voice, text);
  if (!speech) {
    if (!failureLogged_) {
      SB_LOG_ERROR("speech synthesis unavailable, names will not be spoken: {}",
                   speech.error().message);
      failureLogged_ = true;
    }
    return nullptr;
  }
  Pcm pcm = Resampler(speech->sampleRate).convert(std::span<const std::int16_t>(speech->samples));
  trimSilence(pcm);
  return std::make_shared<const Pcm>(std::move(pcm));
}

} // namespace sb::prompts

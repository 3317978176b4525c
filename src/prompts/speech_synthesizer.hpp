#pragma once
// Speech made at call time, e.g. the caller's name in the whisper to an agent. A
// worker thread of its own runs libespeak-ng (espeak_voice.hpp), so that callers never
// wait for it: synthesize() queues the request and returns; the result comes back through
// the request's callback, on the worker thread, as 8 kHz prompt audio.
#include "prompts/espeak_voice.hpp"
#include "prompts/pcm.hpp"
#include "prompts/speech_text.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace sb::prompts {

struct SpeechConfig {
  EspeakVoice voice;
  std::size_t maxTextBytes = kMaxSpeechBytes;
  std::size_t maxQueued = 64; // requests waiting; more are refused
};

class SpeechSynthesizer {
public:
  // Called once per accepted request, on the worker thread, with the speech or with
  // nullptr when there is none (empty text, espeak-ng failed or its data is missing, or
  // the synthesizer was destroyed first). It must not call back into this synthesizer's
  // destructor; it may queue further requests.
  using Done = std::function<void(SharedPcm)>;

  explicit SpeechSynthesizer(SpeechConfig config = {});
  // Answers the requests still queued with nullptr, then stops the worker.
  ~SpeechSynthesizer();
  SpeechSynthesizer(const SpeechSynthesizer&) = delete;
  SpeechSynthesizer& operator=(const SpeechSynthesizer&) = delete;

  // Queues `text` (cleaned with cleanSpeechText) and returns at once. False when the queue
  // is full; `done` is then never called.
  bool synthesize(std::string text, Done done);

private:
  struct Request {
    std::string text;
    Done done;
  };

  void run();
  SharedPcm speak(const std::string& text);

  const SpeechConfig config_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  bool failureLogged_ = false; // worker thread only
  std::thread worker_;         // last: starts once the rest is built
};

} // namespace sb::prompts

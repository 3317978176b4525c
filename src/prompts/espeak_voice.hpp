#pragma once
// libespeak-ng, one utterance at a time. The library keeps its state in globals and is not
// thread-safe, so every use goes through speakWithEspeak(), which holds a process-wide lock
// and (re)initializes the library when asked for a data path, voice or speed other than
// the one it last used. espeak_ng_Terminate() is never called: in synchronous mode it
// waits forever for a thread the library never started.
#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sb::prompts {

struct EspeakVoice {
  std::string dataPath; // the espeak-ng-data directory; empty: ESPEAK_DATA_PATH or the default
  std::string voice = "en-us";
  int wordsPerMinute = 155;
};

struct EspeakSpeech {
  std::uint32_t sampleRate = 0; // espeak-ng's own, 22050 Hz
  std::vector<std::int16_t> samples;
};

// Speaks `text` (UTF-8, already cleaned) and returns the samples. Errors when the data
// cannot be found or loaded, the voice does not exist, or synthesis fails.
common::Result<EspeakSpeech> speakWithEspeak(const EspeakVoice& voice, const std::string& text);

} // namespace sb::prompts

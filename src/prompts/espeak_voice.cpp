#include "prompts/espeak_voice.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <optional>

namespace sb::prompts {

namespace {

// At most this much speech per utterance; the callback stops the synthesizer beyond it.
constexpr std::size_t kMaxSeconds = 60;

struct Collected {
  std::vector<std::int16_t> samples;
  std::size_t limit = 0;
};

// What the library was last set up with; guarded by libraryMutex().
struct LibraryState {
  std::optional<std::string> dataPath; // set once initialized
  std::string voice;
  int wordsPerMinute = 0;
  int sampleRate = 0;
};

std::mutex& libraryMutex() {
  static std::mutex mutex;
  return mutex;
}

LibraryState& libraryState() {
  static LibraryState state;
  return state;
}

std::string statusText(espeak_ng_STATUS status) {
  char text[256] = {};
  espeak_ng_GetStatusCodeMessage(status, text, sizeof text);
  return text;
}

// Called by espeak_ng_Synthesize on this thread with each chunk of samples; the events'
// user_data is the Collected of that call. Returning 1 stops the synthesis.
int collectSamples(short* samples, int count, espeak_EVENT* events) {
  auto* collected = static_cast<Collected*>(events ? events->user_data : nullptr);
  if (collected == nullptr) return 1;
  if (samples != nullptr && count > 0)
    collected->samples.insert(collected->samples.end(), samples, samples + count);
  return collected->samples.size() > collected->limit ? 1 : 0;
}

common::Result<int> initialize(LibraryState& state, const EspeakVoice& wanted) {
  const std::string where = wanted.dataPath.empty() ? "the default place" : wanted.dataPath;
  espeak_ng_InitializePath(wanted.dataPath.empty() ? nullptr : wanted.dataPath.c_str());
  espeak_ng_ERROR_CONTEXT context = nullptr;
  const espeak_ng_STATUS status = espeak_ng_Initialize(&context);
  espeak_ng_ClearErrorContext(&context);
  if (status != ENS_OK) {
    state.dataPath.reset();
    return common::makeError("espeak-ng data not usable at " + where + ": " + statusText(status));
  }
  const espeak_ng_STATUS output = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
  if (output != ENS_OK) {
    state.dataPath.reset();
    return common::makeError("espeak-ng output: " + statusText(output));
  }
  espeak_SetSynthCallback(collectSamples);
  state.dataPath = wanted.dataPath;
  state.voice.clear();
  state.wordsPerMinute = 0;
  state.sampleRate = espeak_ng_GetSampleRate();
  return state.sampleRate;
}

common::Result<int> prepare(const EspeakVoice& wanted) {
  LibraryState& state = libraryState();
  if (state.dataPath != wanted.dataPath) {
    auto initialized = initialize(state, wanted);
    if (!initialized) return initialized;
  }
  if (state.voice != wanted.voice) {
    const espeak_ng_STATUS status = espeak_ng_SetVoiceByName(wanted.voice.c_str());
    if (status != ENS_OK) {
      state.voice.clear();
      return common::makeError("espeak-ng voice '" + wanted.voice + "': " + statusText(status));
    }
    state.voice = wanted.voice;
    state.wordsPerMinute = 0; // a new voice resets the speed
  }
  if (state.wordsPerMinute != wanted.wordsPerMinute) {
    const espeak_ng_STATUS status = espeak_ng_SetParameter(espeakRATE, wanted.wordsPerMinute, 0);
    if (status != ENS_OK) return common::makeError("espeak-ng speed: " + statusText(status));
    state.wordsPerMinute = wanted.wordsPerMinute;
  }
  return state.sampleRate;
}

} // namespace

common::Result<EspeakSpeech> speakWithEspeak(const EspeakVoice& voice, const std::string& text) {
  const std::lock_guard lock(libraryMutex());
  auto rate = prepare(voice);
  if (!rate) return rate.error();
  if (*rate <= 0) return common::makeError("espeak-ng reports no sample rate");
  Collected collected;
  collected.limit = kMaxSeconds * static_cast<std::size_t>(*rate);
  const espeak_ng_STATUS status = espeak_ng_Synthesize(
      text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &collected);
  if (status != ENS_OK) return common::makeError("espeak-ng: " + statusText(status));
  if (collected.samples.empty()) return common::makeError("espeak-ng produced no audio");
  return EspeakSpeech{static_cast<std::uint32_t>(*rate), std::move(collected.samples)};
}

} // namespace sb::prompts

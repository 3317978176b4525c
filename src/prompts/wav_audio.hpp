#pragma once
// Reading a WAV file as prompt audio: an admin's upload, or espeak-ng's output at build
// time. Accepted: RIFF/WAVE holding 8-bit or 16-bit PCM, or G.711 A-law (format 6) or μ-law
// (format 7), mono or stereo, at 4-192 kHz. Anything else is refused with an error that
// says what the file holds and what would be accepted. The header is read by
// audio::readWavInfo; what follows here decodes and converts the samples.
#include "audio/wav_file.hpp"
#include "common/result.hpp"
#include "prompts/pcm.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace sb::prompts {

inline constexpr std::uint64_t kMaxWavDataBytes = 64ull << 20; // minutes of 44.1 kHz stereo

// A file's samples decoded and mixed down to one channel, at the file's own rate.
struct WavAudio {
  std::uint32_t sampleRate = 0;
  std::vector<float> mono; // in the 16-bit range
};

// Checks that `info` describes a format listed above; the error says why not.
common::Result<std::uint32_t> checkWavFormat(const audio::WavInfo& info);

// Decodes the data chunk's bytes `data` as `info` describes them. A trailing partial frame
// is ignored; no whole frame is an error.
common::Result<WavAudio> decodeWavData(const audio::WavInfo& info,
                                       std::span<const std::uint8_t> data);

// Reads and decodes a whole file. A data chunk that claims more than the file holds (a
// streamed or cut-off file) is read as far as the file goes.
common::Result<WavAudio> readWavAudio(const std::filesystem::path& path);

// readWavAudio, then resampled to 8 kHz: what PromptLibrary plays from an upload.
common::Result<Pcm> loadPromptWav(const std::filesystem::path& path);

// `pcm` as the bytes of a 16-bit mono WAV file at kPromptRate, for listening to a prompt.
std::string promptWavBytes(const Pcm& pcm);

} // namespace sb::prompts

#pragma once
// Reading the header of a WAV file, and repairing one a crash left unfinished.
#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <filesystem>

namespace sb::audio {

inline constexpr std::size_t kWavHeaderSize = 44; // the canonical RIFF, fmt and data headers

struct WavInfo {
  std::uint16_t format = 0; // 1: PCM
  std::uint16_t channels = 0;
  std::uint32_t sampleRate = 0;
  std::uint16_t bitsPerSample = 0;
  std::uint64_t dataOffset = 0;        // of the first sample
  std::uint32_t declaredDataBytes = 0; // what the data chunk's header says
  std::uint32_t declaredRiffBytes = 0;
  std::uint64_t fileBytes = 0;

  std::uint32_t blockAlign() const { return channels * ((bitsPerSample + 7u) / 8u); }
};

// The canonical 44-byte header of a 16-bit PCM file holding `dataBytes` of samples.
std::array<std::uint8_t, kWavHeaderSize> wavHeader(std::uint16_t channels, std::uint32_t sampleRate,
                                                   std::uint32_t dataBytes);

// Walks the RIFF chunks up to the data chunk. Errors when the file is not RIFF/WAVE or has
// no fmt chunk before its data chunk.
common::Result<WavInfo> readWavInfo(const std::filesystem::path& path);

struct WavRepair {
  bool changed = false;        // the header was patched or a partial frame cut off
  std::uint32_t dataBytes = 0; // the samples the file holds now
};

// A file whose sizes match its length is left alone. Otherwise the data chunk is taken to
// run to the end of the file (where WavWriter puts it), a trailing partial frame is cut
// off, and the RIFF and data sizes are rewritten to match.
common::Result<WavRepair> repairWav(const std::filesystem::path& path);

} // namespace sb::audio

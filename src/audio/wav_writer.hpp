#pragma once
// Recordings as 16-bit PCM WAV files written as the call goes. The header goes out first
// and its sizes are patched at every flush, so a crash leaves a playable file that lacks at
// most what was written since the last flush; repairWav() (wav_file.hpp) fixes the sizes
// of such a file from its length.
#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace sb::audio {

struct WavFormat {
  std::uint16_t channels = 2; // a call: caller left, agent right
  std::uint32_t sampleRate = 8000;
};

class WavWriter {
public:
  // Creates (or truncates) `path` and writes the header.
  static common::Result<std::unique_ptr<WavWriter>> create(const std::filesystem::path& path,
                                                           WavFormat format = {});
  // Flushes what is buffered and closes; errors are lost here, close() reports them.
  ~WavWriter();
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;

  // Buffers interleaved samples, whole frames (one sample per channel).
  void write(std::span<const std::int16_t> interleaved);
  // Appends the buffer to the file and patches the header's sizes; returns the data bytes
  // the file now holds.
  common::Result<std::uint64_t> flush();
  // flush(), then closes the file; the writer takes no more samples.
  common::Result<std::uint64_t> close();

  std::uint64_t frames() const { return (flushedBytes_ + buffer_.size()) / blockAlign(); }
  const WavFormat& format() const { return format_; }

private:
  WavWriter(int fd, WavFormat format);
  std::uint32_t blockAlign() const { return format_.channels * 2u; }
  common::Result<std::uint64_t> writeAll(std::span<const std::uint8_t> bytes, std::uint64_t at);

  int fd_;
  WavFormat format_;
  std::vector<std::uint8_t> buffer_; // little-endian samples not yet in the file
  std::uint64_t flushedBytes_ = 0;
};

} // namespace sb::audio

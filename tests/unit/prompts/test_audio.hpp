#pragma once
// Test signals and WAV files for the prompt tests: sines at any rate, and WAV files of any
// format tag, written byte by byte so that broken and unusual ones can be made too.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace sb::prompts::test {

inline std::vector<float> sine(double frequency, double amplitude, std::uint32_t rate,
                               double seconds) {
  std::vector<float> out(static_cast<std::size_t>(seconds * rate));
  for (std::size_t n = 0; n < out.size(); ++n) {
    out[n] = static_cast<float>(
        amplitude * std::sin(2 * std::numbers::pi * frequency * static_cast<double>(n) / rate));
  }
  return out;
}

inline std::vector<std::int16_t> toPcm16(std::span<const float> samples) {
  std::vector<std::int16_t> out;
  out.reserve(samples.size());
  for (float s : samples)
    out.push_back(static_cast<std::int16_t>(std::lround(s)));
  return out;
}

struct WavSpec {
  std::uint16_t format = 1; // PCM
  std::uint16_t channels = 1;
  std::uint32_t sampleRate = 8000;
  std::uint16_t bitsPerSample = 16;
};

inline void putLe(std::vector<std::uint8_t>& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// A RIFF/WAVE file with a fmt chunk as `spec` says, a LIST chunk before the data (as many
// editors write), and `data` as the data chunk.
inline std::vector<std::uint8_t> wavBytes(const WavSpec& spec, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> out;
  const std::uint16_t block =
      static_cast<std::uint16_t>(spec.channels * ((spec.bitsPerSample + 7) / 8));
  std::vector<std::uint8_t> list = {'I', 'N', 'F', 'O', 'I', 'S', 'F', 'T'};
  putLe(list, 6, 4);
  list.insert(list.end(), {'s', 'b', 't', 'e', 's', 't'});
  out.insert(out.end(), {'R', 'I', 'F', 'F'});
  putLe(out, static_cast<std::uint32_t>(4 + 24 + 8 + list.size() + 8 + data.size()), 4);
  out.insert(out.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
  putLe(out, 16, 4);
  putLe(out, spec.format, 2);
  putLe(out, spec.channels, 2);
  putLe(out, spec.sampleRate, 4);
  putLe(out, spec.sampleRate * block, 4);
  putLe(out, block, 2);
  putLe(out, spec.bitsPerSample, 2);
  out.insert(out.end(), {'L', 'I', 'S', 'T'});
  putLe(out, static_cast<std::uint32_t>(list.size()), 4);
  out.insert(out.end(), list.begin(), list.end());
  out.insert(out.end(), {'d', 'a', 't', 'a'});
  putLe(out, static_cast<std::uint32_t>(data.size()), 4);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// Interleaved 16-bit samples as little-endian bytes.
inline std::vector<std::uint8_t> pcm16Bytes(std::span<const std::int16_t> samples) {
  std::vector<std::uint8_t> out;
  for (std::int16_t s : samples)
    putLe(out, static_cast<std::uint16_t>(s), 2);
  return out;
}

inline void writeFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// A 16-bit stereo file at 44.1 kHz, `seconds` long: `left` Hz on the left, `right` Hz on the
// right (0: silence), each at `amplitude`.
inline void writeStereoTones(const std::filesystem::path& path, double left, double right,
                             double amplitude, double seconds) {
  const auto l = toPcm16(sine(left, left > 0 ? amplitude : 0, 44100, seconds));
  const auto r = toPcm16(sine(right, right > 0 ? amplitude : 0, 44100, seconds));
  std::vector<std::int16_t> interleaved;
  for (std::size_t i = 0; i < l.size(); ++i) {
    interleaved.push_back(l[i]);
    interleaved.push_back(r[i]);
  }
  const auto data = pcm16Bytes(interleaved);
  writeFile(path, wavBytes(WavSpec{1, 2, 44100, 16}, data));
}

} // namespace sb::prompts::test

#include "prompts/wav_audio.hpp"

#include "audio/g711.hpp"
#include "prompts/resampler.hpp"

#include <algorithm>
#include <fstream>
#include <string>

namespace sb::prompts {

namespace {

enum FormatTag : std::uint16_t {
  kPcm = 1,
  kAdpcm = 2,
  kFloat = 3,
  kAlaw = 6,
  kUlaw = 7,
  kImaAdpcm = 0x11,
  kMp3 = 0x55,
  kExtensible = 0xFFFE,
};

constexpr std::uint32_t kMinRate = 4000;
constexpr std::uint32_t kMaxRate = 192000;

std::string formatName(std::uint16_t tag) {
  switch (tag) {
  case kAdpcm:
    return "MS ADPCM";
  case kFloat:
    return "32-bit float";
  case kImaAdpcm:
    return "IMA ADPCM";
  case kMp3:
    return "MP3";
  case kExtensible:
    return "WAVE_FORMAT_EXTENSIBLE";
  default:
    return "format tag " + std::to_string(tag);
  }
}

const char* const kAccepted = "use 8- or 16-bit PCM, or G.711 A-law/μ-law, mono or stereo";

float decodeOne(std::uint16_t tag, std::uint16_t bits, const std::uint8_t* at) {
  if (tag == kAlaw) return audio::alawToLinear(*at);
  if (tag == kUlaw) return audio::ulawToLinear(*at);
  if (bits == 8) return static_cast<float>((int{*at} - 128) * 256); // 8-bit PCM is unsigned
  return static_cast<float>(static_cast<std::int16_t>(at[0] | (at[1] << 8)));
}

} // namespace

common::Result<std::uint32_t> checkWavFormat(const audio::WavInfo& info) {
  const std::uint16_t tag = info.format;
  if (tag != kPcm && tag != kAlaw && tag != kUlaw) {
    return common::makeError("unsupported WAV encoding (" + formatName(tag) + "); " + kAccepted);
  }
  if (tag == kPcm && info.bitsPerSample != 8 && info.bitsPerSample != 16) {
    return common::makeError("unsupported " + std::to_string(info.bitsPerSample) + "-bit PCM; " +
                             kAccepted);
  }
  if (tag != kPcm && info.bitsPerSample != 8) {
    return common::makeError("G.711 WAV with " + std::to_string(info.bitsPerSample) +
                             " bits per sample (must be 8)");
  }
  if (info.channels != 1 && info.channels != 2) {
    return common::makeError("unsupported channel count " + std::to_string(info.channels) + "; " +
                             kAccepted);
  }
  if (info.sampleRate < kMinRate || info.sampleRate > kMaxRate) {
    return common::makeError("unsupported sample rate " + std::to_string(info.sampleRate) +
                             " Hz (4000 to 192000 are accepted)");
  }
  return info.blockAlign();
}

common::Result<WavAudio> decodeWavData(const audio::WavInfo& info,
                                       std::span<const std::uint8_t> data) {
  auto block = checkWavFormat(info);
  if (!block) return block.error();
  const std::size_t frames = data.size() / *block;
  if (frames == 0) return common::makeError("the WAV file holds no samples");
  const std::size_t width = *block / info.channels;
  WavAudio audio;
  audio.sampleRate = info.sampleRate;
  audio.mono.resize(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    const std::uint8_t* frame = data.data() + f * *block;
    float sum = 0;
    for (std::size_t c = 0; c < info.channels; ++c)
      sum += decodeOne(info.format, info.bitsPerSample, frame + c * width);
    audio.mono[f] = sum / static_cast<float>(info.channels);
  }
  return audio;
}

common::Result<WavAudio> readWavAudio(const std::filesystem::path& path) {
  auto info = audio::readWavInfo(path);
  if (!info) return info.error();
  if (auto format = checkWavFormat(*info); !format) {
    return common::makeError(path.string() + ": " + format.error().message);
  }
  const std::uint64_t present = info->fileBytes - std::min(info->fileBytes, info->dataOffset);
  const std::uint64_t bytes = std::min<std::uint64_t>(info->declaredDataBytes, present);
  if (bytes > kMaxWavDataBytes) {
    return common::makeError(path.string() + ": too long for a prompt (" +
                             std::to_string(bytes >> 20) + " MiB of samples)");
  }
  std::vector<std::uint8_t> data(static_cast<std::size_t>(bytes));
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(info->dataOffset));
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!in) return common::makeError(path.string() + ": cannot read the samples");
  auto decoded = decodeWavData(*info, data);
  if (!decoded) return common::makeError(path.string() + ": " + decoded.error().message);
  return decoded;
}

common::Result<Pcm> loadPromptWav(const std::filesystem::path& path) {
  auto audio = readWavAudio(path);
  if (!audio) return audio.error();
  return Resampler(audio->sampleRate).convert(std::span<const float>(audio->mono));
}

std::string promptWavBytes(const Pcm& pcm) {
  const auto dataBytes = static_cast<std::uint32_t>(pcm.size() * 2);
  const auto header = audio::wavHeader(1, kPromptRate, dataBytes);
  std::string out(header.begin(), header.end());
  out.reserve(header.size() + dataBytes);
  for (const std::int16_t sample : pcm) { // WAV samples are little-endian
    const auto bits = static_cast<std::uint16_t>(sample);
    out.push_back(static_cast<char>(bits & 0xFF));
    out.push_back(static_cast<char>(bits >> 8));
  }
  return out;
}

} // namespace sb::prompts

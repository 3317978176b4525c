#include "audio/wav_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace sb::audio {

namespace {

// Owns a file descriptor for the length of one function.
class File {
public:
  explicit File(int fd) : fd_(fd) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int get() const { return fd_; }

private:
  int fd_;
};

common::Error ioError(const std::filesystem::path& path, const char* what) {
  return common::makeError(path.string() + ": " + what + ": " +
                           std::system_category().message(errno));
}

std::uint16_t le16(const std::uint8_t* b) {
  return static_cast<std::uint16_t>(b[0] | (b[1] << 8));
}
std::uint32_t le32(const std::uint8_t* b) {
  return std::uint32_t{b[0]} | (std::uint32_t{b[1]} << 8) | (std::uint32_t{b[2]} << 16) |
         (std::uint32_t{b[3]} << 24);
}
void putLe16(std::uint8_t* b, std::uint16_t v) {
  b[0] = static_cast<std::uint8_t>(v);
  b[1] = static_cast<std::uint8_t>(v >> 8);
}
void putLe32(std::uint8_t* b, std::uint32_t v) {
  putLe16(b, static_cast<std::uint16_t>(v));
  putLe16(b + 2, static_cast<std::uint16_t>(v >> 16));
}

bool readAt(int fd, std::uint8_t* into, std::size_t size, std::uint64_t at) {
  return ::pread(fd, into, size, static_cast<off_t>(at)) == static_cast<ssize_t>(size);
}

bool writeLe32At(int fd, std::uint32_t value, std::uint64_t at) {
  std::uint8_t b[4];
  putLe32(b, value);
  return ::pwrite(fd, b, 4, static_cast<off_t>(at)) == 4;
}

void readFormat(const std::uint8_t* fmt, WavInfo& info) {
  info.format = le16(fmt);
  info.channels = le16(fmt + 2);
  info.sampleRate = le32(fmt + 4);
  info.bitsPerSample = le16(fmt + 14);
}

} // namespace

std::array<std::uint8_t, kWavHeaderSize> wavHeader(std::uint16_t channels, std::uint32_t sampleRate,
                                                   std::uint32_t dataBytes) {
  std::array<std::uint8_t, kWavHeaderSize> h{};
  std::uint8_t* b = h.data();
  std::memcpy(b, "RIFF", 4);
  putLe32(b + 4, 36 + dataBytes);
  std::memcpy(b + 8, "WAVEfmt ", 8);
  putLe32(b + 16, 16);
  putLe16(b + 20, 1); // PCM
  putLe16(b + 22, channels);
  putLe32(b + 24, sampleRate);
  putLe32(b + 28, sampleRate * channels * 2u);
  putLe16(b + 32, static_cast<std::uint16_t>(channels * 2));
  putLe16(b + 34, 16);
  std::memcpy(b + 36, "data", 4);
  putLe32(b + 40, dataBytes);
  return h;
}

common::Result<WavInfo> readWavInfo(const std::filesystem::path& path) {
  File file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return ioError(path, "open");
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return ioError(path, "stat");
  WavInfo info;
  info.fileBytes = static_cast<std::uint64_t>(st.st_size);
  std::uint8_t riff[12];
  if (!readAt(file.get(), riff, 12, 0) || std::memcmp(riff, "RIFF", 4) != 0 ||
      std::memcmp(riff + 8, "WAVE", 4) != 0) {
    return common::makeError(path.string() + ": not a WAV file");
  }
  info.declaredRiffBytes = le32(riff + 4);
  bool haveFormat = false;
  for (std::uint64_t at = 12; at + 8 <= info.fileBytes;) {
    std::uint8_t chunk[8];
    if (!readAt(file.get(), chunk, 8, at)) return ioError(path, "read");
    const std::uint32_t size = le32(chunk + 4);
    if (std::memcmp(chunk, "fmt ", 4) == 0) {
      std::uint8_t fmt[16];
      if (size < 16 || !readAt(file.get(), fmt, 16, at + 8)) break;
      readFormat(fmt, info);
      haveFormat = true;
    } else if (std::memcmp(chunk, "data", 4) == 0) {
      if (!haveFormat) break;
      info.dataOffset = at + 8;
      info.declaredDataBytes = size;
      return info;
    }
    at += 8 + std::uint64_t{size} + (size & 1u); // chunks are padded to even sizes
  }
  return common::makeError(path.string() + ": no fmt and data chunks");
}

common::Result<WavRepair> repairWav(const std::filesystem::path& path) {
  auto info = readWavInfo(path);
  if (!info) return info.error();
  const std::uint32_t block = info->blockAlign();
  if (block == 0) return common::makeError(path.string() + ": no frame size in fmt chunk");
  const std::uint64_t actual = info->fileBytes - info->dataOffset;
  // A finished file may have chunks after its data; its sizes agree with its length.
  if (std::uint64_t{info->declaredRiffBytes} + 8 == info->fileBytes &&
      info->declaredDataBytes <= actual) {
    return WavRepair{false, info->declaredDataBytes};
  }
  const std::uint64_t maxData = 0xFFFFFFFFULL - (info->dataOffset - 8);
  std::uint64_t whole = std::min(actual, maxData);
  whole -= whole % block;

  File file(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (file.get() < 0) return ioError(path, "open");
  if (whole != actual &&
      ::ftruncate(file.get(), static_cast<off_t>(info->dataOffset + whole)) != 0) {
    return ioError(path, "truncate");
  }
  const auto riffBytes = static_cast<std::uint32_t>(info->dataOffset - 8 + whole);
  if (!writeLe32At(file.get(), riffBytes, 4) ||
      !writeLe32At(file.get(), static_cast<std::uint32_t>(whole), info->dataOffset - 4) ||
      ::fsync(file.get()) != 0) {
    return ioError(path, "write");
  }
  return WavRepair{true, static_cast<std::uint32_t>(whole)};
}

} // namespace sb::audio

#include "audio/wav_writer.hpp"

#include "audio/wav_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <system_error>

namespace sb::audio {

namespace {

// RIFF sizes are 32-bit: 36 bytes of headers count toward the RIFF size.
constexpr std::uint64_t kMaxDataBytes = 0xFFFFFFFFULL - 36;

common::Error ioError(const char* what) {
  return common::makeError(std::string("recording: ") + what + ": " +
                           std::system_category().message(errno));
}

} // namespace

common::Result<std::unique_ptr<WavWriter>> WavWriter::create(const std::filesystem::path& path,
                                                             WavFormat format) {
  if (format.channels == 0 || format.sampleRate == 0) {
    return common::makeError("recording: no channels or no sample rate");
  }
  // Recordings are personal data: readable by the server's group, nobody else.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return ioError("open");
  std::unique_ptr<WavWriter> writer(new WavWriter(fd, format));
  const auto header = wavHeader(format.channels, format.sampleRate, 0);
  auto written = writer->writeAll(header, 0);
  if (!written) return written.error();
  return writer;
}

WavWriter::WavWriter(int fd, WavFormat format) : fd_(fd), format_(format) {}

WavWriter::~WavWriter() {
  if (fd_ >= 0) (void)close();
}

void WavWriter::write(std::span<const std::int16_t> interleaved) {
  assert(interleaved.size() % format_.channels == 0);
  for (std::int16_t sample : interleaved) {
    const auto bits = static_cast<std::uint16_t>(sample);
    buffer_.push_back(static_cast<std::uint8_t>(bits));
    buffer_.push_back(static_cast<std::uint8_t>(bits >> 8));
  }
}

common::Result<std::uint64_t> WavWriter::writeAll(std::span<const std::uint8_t> bytes,
                                                  std::uint64_t at) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ioError("write");
    bytes = bytes.subspan(static_cast<std::size_t>(n));
    at += static_cast<std::uint64_t>(n);
  }
  return at;
}

common::Result<std::uint64_t> WavWriter::flush() {
  if (fd_ < 0) return common::makeError("recording: closed");
  if (flushedBytes_ + buffer_.size() > kMaxDataBytes)
    return common::makeError("recording: too long");
  if (!buffer_.empty()) {
    // A failed write keeps the buffer: the next flush writes it again at the same place.
    auto written = writeAll(buffer_, kWavHeaderSize + flushedBytes_);
    if (!written) return written.error();
    flushedBytes_ += buffer_.size();
    buffer_.clear();
  }
  const auto header =
      wavHeader(format_.channels, format_.sampleRate, static_cast<std::uint32_t>(flushedBytes_));
  // Only the two size fields change: the RIFF size at 4 and the data size at 40.
  auto riff = writeAll(std::span(header).subspan(4, 4), 4);
  if (!riff) return riff.error();
  auto data = writeAll(std::span(header).subspan(40, 4), 40);
  if (!data) return data.error();
  return flushedBytes_;
}

common::Result<std::uint64_t> WavWriter::close() {
  auto flushed = flush();
  if (fd_ >= 0 && ::close(fd_) != 0 && flushed) flushed = ioError("close");
  fd_ = -1;
  return flushed;
}

} // namespace sb::audio

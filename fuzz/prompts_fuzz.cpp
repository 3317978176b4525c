// An admin's uploaded prompt: any bytes as a WAV file, read the way
// PromptLibrary reads <data-dir>/prompts/<name>.wav (header walk, decoding, resampling to
// 8 kHz). Errors are fine; crashes, hangs and sanitizer reports are not. The bytes live in
// a memfd, so nothing touches the disk.
#include "prompts/wav_audio.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int fd = memfd_create("prompt.wav", 0);
  if (fd < 0) return 0;
  std::size_t written = 0;
  while (written < size) {
    ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  auto pcm = sb::prompts::loadPromptWav("/proc/self/fd/" + std::to_string(fd));
  if (pcm.ok() && !pcm->empty()) {
    volatile std::int16_t first = pcm->front();
    (void)first;
  }
  close(fd);
  return 0;
}

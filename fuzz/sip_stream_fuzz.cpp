// libFuzzer target for stream framing (RFC 3261 18.3 over TCP/TLS): the input is cut into
// chunks as a socket might deliver it; every frame the framer yields must parse or fail
// cleanly, and framing must never loop or crash.
#include "sip/message/message.hpp"
#include "sip/transport/stream_framer.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the chunk size, the rest is the stream.
  std::size_t chunk = 1 + data[0] % 64;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  sb::sip::transport::StreamFramer framer(4096);
  for (std::size_t at = 0; at < stream.size(); at += chunk) {
    framer.append(stream.substr(at, chunk));
    // Every frame consumes input, so there can be no more frames than bytes.
    for (std::size_t frames = 0;; ++frames) {
      if (frames > stream.size() + 1) std::abort();
      auto frame = framer.next();
      if (!frame.ok()) return 0; // the connection would close here
      if (!frame->has_value()) break;
      (void)sb::sip::parseMessage((*frame)->bytes);
    }
  }
  return 0;
}

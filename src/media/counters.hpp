#pragma once
// The engine-wide packet counters behind Engine::stats(), bumped from every media thread.
#include <atomic>
#include <cstdint>

namespace sb::media {

struct Counters {
  std::atomic<std::uint64_t> legsOpen{0};
  std::atomic<std::uint64_t> packetsReceived{0};
  std::atomic<std::uint64_t> packetsSent{0};
  std::atomic<std::uint64_t> packetsIgnored{0};
  std::atomic<std::uint64_t> webrtcFailures{0}; // DTLS failed or the fingerprint did not match
};

} // namespace sb::media

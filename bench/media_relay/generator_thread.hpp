#pragma once
// One thread of the load generator: its share of the calls' sides, an epoll set over their
// sockets, the send schedule (absolute deadlines on the monotonic clock, each side at its own
// phase of the 20 ms) and the receive side (loss by packet number, delay from the kernel's
// receive timestamp).
#include "load_generator.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <vector>

namespace sb::bench::media_relay {

constexpr std::uint64_t kPacketTimeNanos = 20'000'000;

// Pacing runs on the monotonic clock (std::chrono::steady_clock on Linux).
std::uint64_t nowNanos();

// One side of one call, as its generator thread sees it.
struct Side {
  int fd = -1;
  sockaddr_in destination{};
  std::uint32_t index = 0;   // global: 2 * call (+1 for the agent)
  std::uint32_t partner = 0; // the index of the side it hears
  std::uint64_t phase = 0;   // its send offset in every 20 ms
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t count = 0;
};

struct Window {
  std::uint64_t start = 0; // first deadline of the step
  std::uint64_t measureFrom = 0;
  std::uint64_t measureTo = 0;
  std::uint64_t end = 0;
};

// Runs one step for its sides, from window.start to window.end; blocks until then.
class GeneratorThread {
public:
  GeneratorThread(std::vector<Side> sides, const Window& window)
      : sides_(std::move(sides)), window_(window) {}
  GeneratorThread(const GeneratorThread&) = delete;
  GeneratorThread& operator=(const GeneratorThread&) = delete;

  void run(StepResult& result);

private:
  static constexpr unsigned kBatch = 16;

  void loop(StepResult& result);
  std::uint64_t send(Side& side, std::uint64_t deadline, StepResult& result);
  void receive(const Side& side, StepResult& result);
  // The packets counted are the same numbers for every side: those whose deadline falls in
  // the measured window (each side sends one per 20 ms from window.start).
  bool inWindow(std::uint32_t count) const { return count >= firstCounted_ && count < lastCounted_; }

  std::vector<Side> sides_;
  Window window_;
  std::uint32_t firstCounted_ = static_cast<std::uint32_t>((window_.measureFrom - window_.start) / kPacketTimeNanos);
  std::uint32_t lastCounted_ = static_cast<std::uint32_t>((window_.measureTo - window_.start) / kPacketTimeNanos);
  int epoll_ = -1;
  PacketBuffer packet_{};
  std::array<std::array<std::uint8_t, 2048>, kBatch> inbox_{};
  std::array<std::array<std::uint8_t, 64>, kBatch> control_{};
};

} // namespace sb::bench::media_relay

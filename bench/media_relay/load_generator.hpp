#pragma once
// The load generator: for N calls, both sides send 20 ms PCMU packets at 50 packets/s to
// where the relay told them, on absolute deadlines, the 2N sides' send times spread evenly
// over the 20 ms; each side counts what arrives from its partner and how late. A few threads,
// each with its own epoll set and its share of the calls.
#include "relay.hpp"
#include "rtp_endpoint.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace sb::bench::media_relay {

// One-way delays in 1 µs buckets up to 100 ms, and a bucket above.
class DelayHistogram {
public:
  DelayHistogram();
  void add(std::uint64_t nanos);
  void merge(const DelayHistogram& other);
  std::uint64_t count() const { return count_; }
  double percentileMillis(double percent) const; // 0 when empty; 100+ when above the range

private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
};

struct StepTiming {
  std::chrono::milliseconds warmup{1000};  // sent, not counted: the relay latches, settles
  std::chrono::milliseconds measure{4000}; // packets sent in this window are counted
  std::chrono::milliseconds drain{300};    // after the last send, for the late ones to arrive
};

struct StepResult {
  std::uint64_t sent = 0;       // in the window
  std::uint64_t received = 0;   // of those
  std::uint64_t sendErrors = 0; // sendto failed (counted as sent, so as lost)
  DelayHistogram delay;         // one-way, send to arrival at the receiving socket
  DelayHistogram sendLag;       // how late the generator sent against its deadline
  std::uint64_t windowNanos = 0;
  std::uint64_t relayCpuNanos = 0;     // in the window
  std::uint64_t generatorCpuNanos = 0; // in the window
  double machineBusyPercent = 0;       // all CPUs, in the window

  double lossPercent() const;
};

// The sockets of N calls: caller i is sockets[2i], agent i is sockets[2i + 1].
class CallSockets {
public:
  explicit CallSockets(std::size_t calls);
  std::vector<CallSides> sides() const;
  const LoopbackSocket& at(std::size_t index) const { return sockets_[index]; }
  std::size_t calls() const { return sockets_.size() / 2; }

private:
  std::vector<LoopbackSocket> sockets_;
};

// Runs one step on calls already connected through `relay`; blocks for its whole length.
StepResult runStep(const CallSockets& sockets, const std::vector<CallRoute>& routes,
                   unsigned threads, const StepTiming& timing, const Relay& relay);

} // namespace sb::bench::media_relay

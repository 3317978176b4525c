#pragma once
// Every transaction timer of a layer in one ordered structure, so the owner needs a
// single deadline (nextDeadline) and a single place to fire them (popDue).
#include "common/clock.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

namespace sb::sip::transaction {

// The timers of RFC 3261 17 (A..K), RFC 6026 (L, M) and the layer's own.
enum class TimerName : std::uint8_t {
  A,
  B,
  D,
  E,
  F,
  G,
  H,
  I,
  J,
  K,
  L,
  M,
  Trying,           // 200 ms after an INVITE with no answer from the TU: send 100 (17.2.1)
  CancelGuard,      // 64*T1 after a CANCEL without a final response to the INVITE (9.1)
  TransportFailure, // reports a failed first send from tick(), never from inside sendRequest()
  Count
};
constexpr std::size_t kTimerNameCount = static_cast<std::size_t>(TimerName::Count);
const char* timerNameText(TimerName name);

struct TimerTarget {
  std::uint64_t transaction = 0;
  TimerName name = TimerName::A;
};

// Identifies one scheduled timer; seq 0 means "not scheduled".
struct TimerHandle {
  common::TimePoint when{};
  std::uint64_t seq = 0;
  bool scheduled() const { return seq != 0; }
};

class TimerQueue {
public:
  TimerHandle schedule(common::TimePoint when, TimerTarget target);
  // Cancelling a handle that already fired or was cancelled does nothing.
  void cancel(TimerHandle handle);
  // Removes and returns the earliest timer due at `now`, or nullopt.
  std::optional<TimerTarget> popDue(common::TimePoint now);
  std::optional<common::TimePoint> nextDeadline() const;
  std::size_t size() const { return timers_.size(); }

private:
  // Ordered by deadline, then by scheduling order so equal deadlines fire FIFO.
  std::map<std::pair<common::TimePoint, std::uint64_t>, TimerTarget> timers_;
  std::uint64_t nextSeq_ = 1;
};

} // namespace sb::sip::transaction

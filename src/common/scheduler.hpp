#pragma once
// One-shot timers for code that must not know about the event loop. The server backs
// this with Asio timers; tests back it with a ManualClock and fire timers by hand.
#include "common/clock.hpp"

#include <cstdint>
#include <functional>

namespace sb::common {

using TimerId = std::uint64_t;

class Scheduler {
public:
  virtual ~Scheduler() = default;
  // Runs `task` on the loop after `delay`. The returned id cancels it.
  virtual TimerId schedule(Duration delay, std::function<void()> task) = 0;
  // Cancelling a timer that has fired or was cancelled is a no-op.
  virtual void cancel(TimerId id) = 0;
};

} // namespace sb::common

#include "common/clock.hpp"

namespace sb::common {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

WallTime SystemClock::wallNow() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

std::int64_t toEpochMs(WallTime t) { return t.time_since_epoch().count(); }

} // namespace sb::common

#pragma once
// Time for everything that schedules or stamps: production uses SystemClock,
// tests use ManualClock and move time by hand, so no test ever sleeps.
#include <chrono>
#include <cstdint>
#include <string>

namespace sb::common {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::time_point<std::chrono::steady_clock, std::chrono::milliseconds>;
using WallTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class Clock {
public:
  virtual ~Clock() = default;
  // Monotonic time, for timers and durations.
  virtual TimePoint now() const = 0;
  // Calendar time, for what is stored and shown.
  virtual WallTime wallNow() const = 0;
};

class SystemClock final : public Clock {
public:
  TimePoint now() const override;
  WallTime wallNow() const override;
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
public:
  explicit ManualClock(WallTime wallStart = WallTime{std::chrono::milliseconds{1'700'000'000'000}})
      : wallStart_(wallStart) {}
  TimePoint now() const override { return TimePoint{} + elapsed_; }
  WallTime wallNow() const override { return wallStart_ + elapsed_; }
  void advance(Duration d) { elapsed_ += d; }

private:
  WallTime wallStart_;
  Duration elapsed_{0};
};

// Milliseconds since the Unix epoch, the form stored in the database.
std::int64_t toEpochMs(WallTime t);
// RFC 3339 in UTC with milliseconds, as the API shows times: "2026-12-01T23:40:00.123Z".
std::string formatUtc(std::int64_t epochMs);

} // namespace sb::common

#include "common/clock.hpp"
#include "common/result.hpp"

#include <gtest/gtest.h>

namespace sb::common {

TEST(ManualClock, MovesOnlyWhenAdvanced) {
  ManualClock clock;
  auto start = clock.now();
  auto wallStart = clock.wallNow();
  EXPECT_EQ(clock.now(), start);
  clock.advance(Duration{1500});
  EXPECT_EQ(clock.now() - start, Duration{1500});
  EXPECT_EQ(clock.wallNow() - wallStart, Duration{1500});
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 7;
  Result<int> bad = makeError("bad number", 400);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 400);
  EXPECT_EQ(bad.error().message, "bad number");
}

} // namespace sb::common

namespace {

TEST(FormatUtc, ShowsMillisecondsInUtc) {
  EXPECT_EQ(sb::common::formatUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(sb::common::formatUtc(1'764'632'400'123), "2025-12-01T23:40:00.123Z");
  EXPECT_EQ(sb::common::formatUtc(951'782'400'007), "2000-02-29T00:00:00.007Z");
  // Before the epoch, days and seconds still count forwards within the day.
  EXPECT_EQ(sb::common::formatUtc(-1), "1969-12-31T23:59:59.999Z");
}

} // namespace

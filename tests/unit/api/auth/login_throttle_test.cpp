#include "api/auth/login_throttle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace sb::api::auth {
namespace {

using common::Duration;
using std::chrono::minutes;
using std::chrono::seconds;

class LoginThrottleTest : public testing::Test {
protected:
  void failTimes(int n, const std::string& address, const std::string& account) {
    for (int i = 0; i < n; ++i)
      throttle.failed(address, account);
  }
  common::ManualClock clock;
  LoginThrottle throttle{clock};
};

TEST_F(LoginThrottleTest, FreeFailuresThenALockoutThatDoubles) {
  failTimes(5, "10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt);
  throttle.failed("10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(30)));
  clock.advance(seconds(10));
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(20)));
  clock.advance(seconds(20));
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt);
  throttle.failed("10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(60)));
  throttle.failed("10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(120)));
}

TEST_F(LoginThrottleTest, LockoutStopsAtTheMaximum) {
  failTimes(5 + 20, "10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(minutes(15)));
}

TEST_F(LoginThrottleTest, AccountIsLockedFromEveryAddressAndComparedWithoutCase) {
  for (int i = 0; i < 6; ++i)
    throttle.failed("10.0.0." + std::to_string(i), "Ann@Example.com");
  EXPECT_EQ(throttle.check("192.168.1.1", "ann@example.COM"), Duration(seconds(30)));
  EXPECT_EQ(throttle.check("192.168.1.1", "bob@example.com"), std::nullopt);
}

TEST_F(LoginThrottleTest, AddressIsLockedForEveryAccountAfterItsOwnFreeFailures) {
  for (int i = 0; i < 20; ++i)
    throttle.failed("10.0.0.9", "user" + std::to_string(i) + "@example.com");
  EXPECT_EQ(throttle.check("10.0.0.9", "new@example.com"), std::nullopt);
  throttle.failed("10.0.0.9", "user21@example.com");
  EXPECT_EQ(throttle.check("10.0.0.9", "new@example.com"), Duration(seconds(30)));
  EXPECT_EQ(throttle.check("10.0.0.10", "new@example.com"), std::nullopt);
}

TEST_F(LoginThrottleTest, SuccessClearsTheAccountAndTheAddress) {
  failTimes(6, "10.0.0.1", "ann@example.com");
  ASSERT_TRUE(throttle.check("10.0.0.1", "ann@example.com"));
  throttle.succeeded("10.0.0.1", "ANN@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt);
  EXPECT_EQ(throttle.keyCount(), 0u);
  // Counting starts again from zero: five more are free.
  failTimes(5, "10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt);
}

TEST_F(LoginThrottleTest, FailuresAreForgottenAfterAQuietHour) {
  failTimes(5, "10.0.0.1", "ann@example.com");
  clock.advance(minutes(59));
  throttle.failed("10.0.0.1", "ann@example.com"); // the sixth within the hour
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(30)));
  clock.advance(minutes(60));
  throttle.failed("10.0.0.1", "ann@example.com"); // counted as the first again
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt);
}

TEST(LoginThrottleMemoryTest, DropsTheLeastRecentlyFailedKeysFirst) {
  common::ManualClock clock;
  ThrottleOptions options;
  options.maxKeys = 4;
  LoginThrottle throttle(clock, options);
  for (int i = 0; i < 6; ++i)
    throttle.failed("10.0.0.1", "victim@example.com");
  ASSERT_TRUE(throttle.check("10.0.0.2", "victim@example.com"));
  throttle.failed("10.0.0.3", "a@example.com");
  EXPECT_EQ(throttle.keyCount(), 4u);
  throttle.failed("10.0.0.4", "b@example.com"); // drops address 10.0.0.1 then the victim
  EXPECT_EQ(throttle.keyCount(), 4u);
  EXPECT_EQ(throttle.check("10.0.0.2", "victim@example.com"), std::nullopt);
  EXPECT_EQ(throttle.check("10.0.0.1", "nobody@example.com"), std::nullopt);
}

TEST(LoginThrottleMemoryTest, NeverHoldsMoreThanItsLimit) {
  common::ManualClock clock;
  LoginThrottle throttle(clock);
  for (int i = 0; i < 60'000; ++i)
    throttle.failed("10.0." + std::to_string(i), "user" + std::to_string(i));
  EXPECT_EQ(throttle.keyCount(), 100'000u);
}

TEST(LoginThrottleThreadsTest, CountsEveryFailureFromConcurrentThreads) {
  common::ManualClock clock;
  ThrottleOptions options;
  options.freeFailures = 1000;
  options.perAddressFreeFailures = 1000;
  LoginThrottle throttle(clock, options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i)
        throttle.failed("10.0.0.1", "ann@example.com");
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), std::nullopt); // exactly 1000: free
  throttle.failed("10.0.0.1", "ann@example.com");
  EXPECT_EQ(throttle.check("10.0.0.1", "ann@example.com"), Duration(seconds(30)));
}

} // namespace
} // namespace sb::api::auth

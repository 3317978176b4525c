#pragma once
// Slows password guessing: failed logins are counted per client address and per account
// (the email, compared case-insensitively). Past a number of free failures each further
// failure locks that key out for twice as long as the one before, up to a maximum; a
// key's failures are forgotten after a quiet spell or a successful login.
#include "common/clock.hpp"

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sb::api::auth {

struct ThrottleOptions {
  int freeFailures = 5;                  // per account
  common::Duration firstLockout{30'000}; // after the first failure past the free ones
  common::Duration maxLockout{15 * 60'000};
  common::Duration forgetAfter{60 * 60'000}; // since the key's last failure
  int perAddressFreeFailures = 20;
  std::size_t maxKeys = 100'000; // the least recently failed go first
};

class LoginThrottle { // thread-safe
public:
  explicit LoginThrottle(const common::Clock& clock, ThrottleOptions options = {});

  // nullopt: a login may be tried now; otherwise how long until one may (Retry-After).
  std::optional<common::Duration> check(std::string_view address, std::string_view account) const;
  void failed(std::string_view address, std::string_view account);
  // Clears the account's failures and the address's.
  void succeeded(std::string_view address, std::string_view account);

  std::size_t keyCount() const;

private:
  struct Failures {
    std::string key;
    int count = 0;
    common::TimePoint last{};
    common::TimePoint lockedUntil{};
  };
  using Entries = std::list<Failures>; // least recently failed first

  static std::string addressKey(std::string_view address);
  static std::string accountKey(std::string_view account);
  // Remaining lockout of `key` at `now`, zero if none.
  common::Duration remaining(const std::string& key, common::TimePoint now) const;
  void recordFailure(std::string key, int freeFailures, common::TimePoint now);
  common::Duration lockoutAfter(int failuresPastFree) const;

  const common::Clock& clock_;
  const ThrottleOptions options_;
  mutable std::mutex mutex_;
  Entries entries_;
  std::unordered_map<std::string, Entries::iterator> byKey_;
};

} // namespace sb::api::auth

#include "api/auth/login_throttle.hpp"

#include <algorithm>
#include <cctype>

namespace sb::api::auth {

LoginThrottle::LoginThrottle(const common::Clock& clock, ThrottleOptions options)
    : clock_(clock), options_(options) {}

std::string LoginThrottle::addressKey(std::string_view address) {
  return "address " + std::string(address);
}

std::string LoginThrottle::accountKey(std::string_view account) {
  std::string key = "account ";
  for (char c : account)
    key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return key;
}

std::optional<common::Duration> LoginThrottle::check(std::string_view address,
                                                     std::string_view account) const {
  common::TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  common::Duration wait =
      std::max(remaining(addressKey(address), now), remaining(accountKey(account), now));
  if (wait <= common::Duration::zero()) return std::nullopt;
  return wait;
}

void LoginThrottle::failed(std::string_view address, std::string_view account) {
  common::TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  recordFailure(addressKey(address), options_.perAddressFreeFailures, now);
  recordFailure(accountKey(account), options_.freeFailures, now);
}

void LoginThrottle::succeeded(std::string_view address, std::string_view account) {
  std::lock_guard lock(mutex_);
  for (const std::string& key : {addressKey(address), accountKey(account)}) {
    auto found = byKey_.find(key);
    if (found == byKey_.end()) continue;
    entries_.erase(found->second);
    byKey_.erase(found);
  }
}

std::size_t LoginThrottle::keyCount() const {
  std::lock_guard lock(mutex_);
  return byKey_.size();
}

common::Duration LoginThrottle::remaining(const std::string& key, common::TimePoint now) const {
  auto found = byKey_.find(key);
  if (found == byKey_.end()) return common::Duration::zero();
  const Failures& failures = *found->second;
  if (now - failures.last >= options_.forgetAfter) return common::Duration::zero();
  return std::max(common::Duration::zero(), failures.lockedUntil - now);
}

void LoginThrottle::recordFailure(std::string key, int freeFailures, common::TimePoint now) {
  auto found = byKey_.find(key);
  if (found == byKey_.end()) {
    entries_.push_back(Failures{.key = key, .count = 0, .last = now, .lockedUntil = now});
    found = byKey_.emplace(std::move(key), std::prev(entries_.end())).first;
  } else {
    // The most recently failed key moves to the back, the last to be dropped.
    entries_.splice(entries_.end(), entries_, found->second);
  }
  Failures& failures = *found->second;
  if (now - failures.last >= options_.forgetAfter) failures.count = 0;
  failures.last = now;
  if (failures.count < 1'000'000) ++failures.count; // no overflow from a long attack
  if (failures.count > freeFailures)
    failures.lockedUntil = now + lockoutAfter(failures.count - freeFailures);
  while (byKey_.size() > options_.maxKeys) {
    byKey_.erase(entries_.front().key);
    entries_.pop_front();
  }
}

common::Duration LoginThrottle::lockoutAfter(int failuresPastFree) const {
  common::Duration lockout = options_.firstLockout;
  for (int i = 1; i < failuresPastFree && lockout < options_.maxLockout; ++i)
    lockout *= 2;
  return std::min(lockout, options_.maxLockout);
}

} // namespace sb::api::auth

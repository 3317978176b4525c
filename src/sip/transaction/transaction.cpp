#include "sip/transaction/transaction.hpp"

#include <algorithm>

namespace sb::sip::transaction {

Transaction::~Transaction() {
  for (const TimerHandle& handle : timers_)
    host_.cancelTimer(handle);
}

void Transaction::fireTimer(TimerName name) {
  timers_[static_cast<std::size_t>(name)] = TimerHandle{};
  if (!terminated_) onTimer(name);
}

void Transaction::startTimer(TimerName name, common::Duration delay) {
  stopTimer(name);
  timers_[static_cast<std::size_t>(name)] = host_.schedule(delay, TimerTarget{id_, name});
}

void Transaction::stopTimer(TimerName name) {
  TimerHandle& handle = timers_[static_cast<std::size_t>(name)];
  host_.cancelTimer(handle);
  handle = TimerHandle{};
}

void Transaction::terminate() {
  if (terminated_) return;
  terminated_ = true;
  for (TimerHandle& handle : timers_) {
    host_.cancelTimer(handle);
    handle = TimerHandle{};
  }
  host_.terminated(id_);
}

common::Duration doubled(common::Duration interval, std::optional<common::Duration> cap) {
  common::Duration next = interval * 2;
  return cap ? std::min(next, *cap) : next;
}

} // namespace sb::sip::transaction

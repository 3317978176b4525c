#include "sip/transaction/timer_queue.hpp"

namespace sb::sip::transaction {

const char* timerNameText(TimerName name) {
  switch (name) {
  case TimerName::A:
    return "A";
  case TimerName::B:
    return "B";
  case TimerName::D:
    return "D";
  case TimerName::E:
    return "E";
  case TimerName::F:
    return "F";
  case TimerName::G:
    return "G";
  case TimerName::H:
    return "H";
  case TimerName::I:
    return "I";
  case TimerName::J:
    return "J";
  case TimerName::K:
    return "K";
  case TimerName::L:
    return "L";
  case TimerName::M:
    return "M";
  case TimerName::Trying:
    return "Trying";
  case TimerName::CancelGuard:
    return "CancelGuard";
  case TimerName::TransportFailure:
    return "TransportFailure";
  case TimerName::Count:
    break;
  }
  return "?";
}

TimerHandle TimerQueue::schedule(common::TimePoint when, TimerTarget target) {
  TimerHandle handle{when, nextSeq_++};
  timers_.emplace(std::make_pair(handle.when, handle.seq), target);
  return handle;
}

void TimerQueue::cancel(TimerHandle handle) {
  if (handle.scheduled()) timers_.erase(std::make_pair(handle.when, handle.seq));
}

std::optional<TimerTarget> TimerQueue::popDue(common::TimePoint now) {
  if (timers_.empty() || timers_.begin()->first.first > now) return std::nullopt;
  TimerTarget target = timers_.begin()->second;
  timers_.erase(timers_.begin());
  return target;
}

std::optional<common::TimePoint> TimerQueue::nextDeadline() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first.first;
}

} // namespace sb::sip::transaction

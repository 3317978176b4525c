#include "sdp/telephone_events.hpp"

#include "sdp/text.hpp"

namespace sb::sdp {

std::optional<EventSet> EventSet::parse(std::string_view list) {
  EventSet set;
  while (true) {
    const auto [item, rest] = text::splitOnce(list, ',');
    const auto [low, high] = text::splitOnce(text::trim(item), '-');
    const auto first = text::parseNumber(low, 255);
    const auto last = high ? text::parseNumber(*high, 255) : first;
    if (!first || !last || *first > *last) return std::nullopt;
    for (auto event = *first; event <= *last; ++event)
      set.events_.set(event);
    if (!rest) break;
    list = *rest;
  }
  return set;
}

EventSet EventSet::dtmf() {
  EventSet set;
  for (int event = 0; event <= 15; ++event)
    set.events_.set(static_cast<std::size_t>(event));
  return set;
}

bool EventSet::contains(int event) const {
  return event >= 0 && event < 256 && events_.test(static_cast<std::size_t>(event));
}

EventSet EventSet::intersect(const EventSet& other) const {
  EventSet set;
  set.events_ = events_ & other.events_;
  return set;
}

std::string EventSet::str() const {
  std::string out;
  std::size_t event = 0;
  while (event < events_.size()) {
    if (!events_.test(event)) {
      ++event;
      continue;
    }
    std::size_t last = event;
    while (last + 1 < events_.size() && events_.test(last + 1))
      ++last;
    if (!out.empty()) out += ',';
    out += std::to_string(event);
    if (last > event) out += "-" + std::to_string(last);
    event = last + 1;
  }
  return out;
}

} // namespace sb::sdp

#pragma once
// The events a telephone-event payload format carries (RFC 4733 7.1.1): the fmtp of
// "a=fmtp:101 0-15" lists them as numbers and ranges, "0-15,66,70-72".
#include <bitset>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sdp {

class EventSet {
public:
  // A list of events 0..255; nullopt when it does not parse.
  static std::optional<EventSet> parse(std::string_view list);
  // The DTMF digits 0-9, *, #, A-D: what a telephone-event without fmtp means (RFC 4733 7.1.1).
  static EventSet dtmf();

  bool contains(int event) const;
  bool empty() const { return events_.none(); }
  EventSet intersect(const EventSet& other) const;
  std::string str() const; // ranges collapsed: "0-15,66"

  friend bool operator==(const EventSet&, const EventSet&) = default;

private:
  std::bitset<256> events_;
};

} // namespace sb::sdp

#pragma once
// Sends a key as RFC 4733 events (2.5.1): the first packet with the marker bit, an update
// every interval with the duration so far, and the final packet (E bit) three times, all
// with the RTP timestamp at which the key began.
#include "common/clock.hpp"
#include "rtp/telephone_event.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sb::rtp {

struct EventSenderConfig {
  std::uint32_t clockRate = 8000;
  // How often an update goes out: 50 ms by RFC 4733's advice, or the leg's ptime.
  common::Duration updateInterval{50};
  common::Duration toneLength{100};
  std::uint8_t volume = 10; // -10 dBm0
};

struct EventPacket {
  bool marker = false;
  std::uint32_t timestamp = 0;
  TelephoneEvent event;
  common::Duration sendAfter{0}; // from the moment the key was pressed
};

// Every packet of one key press, in sending order.
std::vector<EventPacket> keyPressPackets(std::uint8_t event, std::uint32_t timestamp,
                                         const EventSenderConfig& config);

// Paces keyPressPackets() by a Clock: the media loop polls it every tick.
class TelephoneEventSender {
public:
  TelephoneEventSender(const common::Clock& clock, EventSenderConfig config);

  // Starts sending `key` (0-9, *, #, A-D) as of the stream's RTP timestamp `timestamp`.
  // False for anything else, or while a previous key is still being sent.
  bool press(char key, std::uint32_t timestamp);
  // The next packet that is due, if any; call until it returns nothing.
  std::optional<EventPacket> poll();
  bool idle() const { return next_ >= plan_.size(); }

private:
  const common::Clock& clock_; // the media loop's, outlives this sender
  EventSenderConfig config_;
  std::vector<EventPacket> plan_;
  std::size_t next_ = 0;
  common::TimePoint pressedAt_{};
};

} // namespace sb::rtp

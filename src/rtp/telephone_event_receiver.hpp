#pragma once
// Turns a stream of RFC 4733 telephone-event packets into key presses, exactly one per
// event: an event is known by its RTP timestamp (2.5.1.1), so its updates, its three end
// packets, redundant copies and late arrivals all fold into the press already reported,
// and a press whose first packets were lost is still reported by whichever packet arrives.
#include "rtp/rtp_packet.hpp"
#include "rtp/telephone_event.hpp"

#include <cstdint>

namespace sb::rtp {

class TelephoneEventReceiver {
public:
  class Listener {
  public:
    virtual ~Listener() = default;
    // A new DTMF key press, reported by the first packet of the event that arrives.
    virtual void onKeyPress(char key, std::uint32_t timestamp) = 0;
  };

  explicit TelephoneEventReceiver(Listener& listener) : listener_(listener) {}

  // A packet of the telephone-event payload type; a payload too short is ignored. A new
  // SSRC starts afresh, since its timestamps have nothing to do with the old ones.
  void onPacket(const RtpPacket& packet);
  // An RFC 2198 packet: each block of `telephoneEventType` in it, oldest first.
  void onRedundantPacket(const RtpPacket& packet, std::uint8_t telephoneEventType);
  // One event as carried at RTP timestamp `timestamp`.
  void onEvent(std::uint32_t timestamp, bool marker, const TelephoneEvent& event);
  // Forgets the current event, for when the stream's source changes.
  void reset() { haveEvent_ = false; }

private:
  struct Current {
    std::uint32_t timestamp = 0;
    std::uint8_t event = 0;
    std::uint16_t duration = 0;
  };

  bool isNextSegment(std::uint32_t timestamp, bool marker, const TelephoneEvent& event) const;
  void followSource(std::uint32_t ssrc);

  Listener& listener_; // owns this receiver's leg, outlives it
  bool haveSsrc_ = false;
  std::uint32_t ssrc_ = 0;
  bool haveEvent_ = false;
  Current current_;
};

} // namespace sb::rtp

#include "rtp/telephone_event_receiver.hpp"

#include "rtp/redundancy.hpp"
#include "rtp/sequence.hpp"

#include <algorithm>

namespace sb::rtp {

void TelephoneEventReceiver::followSource(std::uint32_t ssrc) {
  if (haveSsrc_ && ssrc == ssrc_) return;
  haveSsrc_ = true;
  ssrc_ = ssrc;
  reset();
}

void TelephoneEventReceiver::onPacket(const RtpPacket& packet) {
  followSource(packet.ssrc);
  auto event = parseTelephoneEvent(packet.payload);
  if (event) onEvent(packet.timestamp, packet.marker, *event);
}

void TelephoneEventReceiver::onRedundantPacket(const RtpPacket& packet,
                                               std::uint8_t telephoneEventType) {
  auto payload = parseRedundantPayload(packet.payload, packet.timestamp);
  if (!payload) return;
  followSource(packet.ssrc);
  RedundantPayload::Reader reader = payload->blocks();
  RedundantBlock block;
  while (reader.next(block)) {
    if (block.payloadType != telephoneEventType) continue;
    auto event = parseTelephoneEvent(block.data);
    if (event) onEvent(block.timestamp, block.primary && packet.marker, *event);
  }
}

// RFC 4733 2.5.1.3: an event longer than the 16-bit duration continues in segments, each
// stamped where the previous one ended and sent without the marker bit. Only an event that
// has already run for half the field's range can be continued, so that a second press of
// the same key whose start packet was lost is not taken for a continuation.
bool TelephoneEventReceiver::isNextSegment(std::uint32_t timestamp, bool marker,
                                           const TelephoneEvent& event) const {
  constexpr std::uint16_t kLongEvent = 0x8000;
  constexpr std::int32_t kMaxSegmentGap = 0xFFFF + 0x8000;
  return !marker && event.event == current_.event && current_.duration >= kLongEvent &&
         timestampDistance(timestamp, current_.timestamp) <= kMaxSegmentGap;
}

void TelephoneEventReceiver::onEvent(std::uint32_t timestamp, bool marker,
                                     const TelephoneEvent& event) {
  if (haveEvent_) {
    if (timestampNewer(current_.timestamp, timestamp)) return; // late, of an earlier event
    if (timestamp == current_.timestamp && event.event == current_.event) {
      current_.duration = std::max(current_.duration, event.duration);
      return; // an update, an end packet or a copy of the press already reported
    }
    if (isNextSegment(timestamp, marker, event)) {
      current_ = Current{timestamp, event.event, event.duration};
      return;
    }
  }
  haveEvent_ = true;
  current_ = Current{timestamp, event.event, event.duration};
  if (auto key = dtmfKeyOf(event.event)) listener_.onKeyPress(*key, timestamp);
}

} // namespace sb::rtp

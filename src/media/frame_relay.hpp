#pragma once
// Turns what one leg's peer sends into what the other leg's peer takes: the payload copied
// when both use the same codec and packet size, converted law to law sample by sample when
// only the codec differs, and cut into the receiver's packet size through a small sample
// buffer when the packet sizes differ. RFC 4733 events go on under the receiver's
// telephone-event payload type. The headers produced are still in the sender's numbering:
// the receiving leg's RtpRewriter makes them its own stream.
#include "media/codec.hpp"
#include "rtp/rtp_packet.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace sb::media {

struct RelayedFrame {
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  bool marker = false;
  std::uint8_t payloadType = 0;
  std::vector<std::uint8_t> payload;
};

class FrameRelay {
public:
  // The receiving leg's format; buffered audio is dropped.
  void setTarget(const LegFormat& to);
  // Forget buffered audio (the stream switched away and back).
  void reset();

  // One audio packet in `from`'s codec; returns the frames ready to send (valid until the
  // next call).
  std::span<const RelayedFrame> relayAudio(const LegFormat& from, const rtp::RtpPacket& packet);
  // One telephone-event packet; nothing when the receiver did not negotiate events.
  std::span<const RelayedFrame> relayEvent(const rtp::RtpPacket& packet);

private:
  RelayedFrame& nextFrame();
  std::span<const RelayedFrame> passThrough(const LegFormat& from, const rtp::RtpPacket& packet);
  std::span<const RelayedFrame> repacketize(const LegFormat& from, const rtp::RtpPacket& packet);

  LegFormat to_;
  bool haveTarget_ = false;
  std::vector<RelayedFrame> frames_; // reused, so the media path rarely allocates
  std::size_t used_ = 0;
  // Repacketizing: samples not yet sent, the RTP timestamp of the first, our own numbering.
  bool repacketizing_ = false;
  std::vector<std::int16_t> buffer_;
  std::vector<std::int16_t> decoded_;
  std::uint32_t bufferSsrc_ = 0;
  std::uint32_t bufferTimestamp_ = 0;
  std::uint16_t nextSequence_ = 0;
  bool markNext_ = false;
};

} // namespace sb::media

#include "media/frame_relay.hpp"

#include "rtp/sequence.hpp"

#include <algorithm>

namespace sb::media {

void FrameRelay::setTarget(const LegFormat& to) {
  to_ = to;
  haveTarget_ = true;
  reset();
}

void FrameRelay::reset() {
  buffer_.clear();
  repacketizing_ = false;
}

RelayedFrame& FrameRelay::nextFrame() {
  if (used_ == frames_.size()) frames_.emplace_back();
  return frames_[used_++];
}

std::span<const RelayedFrame> FrameRelay::relayAudio(const LegFormat& from,
                                                     const rtp::RtpPacket& packet) {
  used_ = 0;
  if (!haveTarget_ || packet.payload.empty()) return {};
  if (!sameCodec(from, to_) && !(from.decodable() && to_.decodable())) return {};
  const bool sameSize = !from.decodable() || packet.payload.size() == to_.packetSamples;
  if (sameSize && buffer_.empty()) return passThrough(from, packet);
  if (!from.decodable() || !to_.decodable()) return {};
  return repacketize(from, packet);
}

std::span<const RelayedFrame> FrameRelay::passThrough(const LegFormat& from,
                                                      const rtp::RtpPacket& packet) {
  repacketizing_ = false;
  RelayedFrame& frame = nextFrame();
  frame.ssrc = packet.ssrc;
  frame.sequence = packet.sequence;
  frame.timestamp = packet.timestamp;
  frame.marker = packet.marker;
  frame.payloadType = to_.payloadType;
  convertPayload(from.codec, to_.codec, packet.payload, frame.payload);
  return {frames_.data(), used_};
}

// The buffer holds the sender's samples from `bufferTimestamp_` on; a packet that does not
// continue it (a new source, a loss, a jump) starts it afresh, so no sample moves in time.
std::span<const RelayedFrame> FrameRelay::repacketize(const LegFormat& from,
                                                      const rtp::RtpPacket& packet) {
  if (!repacketizing_) markNext_ = true;
  repacketizing_ = true;
  const auto expected = bufferTimestamp_ + static_cast<std::uint32_t>(buffer_.size());
  if (packet.ssrc != bufferSsrc_ || (!buffer_.empty() && packet.timestamp != expected) ||
      buffer_.empty()) {
    if (packet.ssrc != bufferSsrc_) markNext_ = true;
    buffer_.clear();
    bufferSsrc_ = packet.ssrc;
    bufferTimestamp_ = packet.timestamp;
  }
  decodePayload(from.codec, packet.payload, decoded_);
  buffer_.insert(buffer_.end(), decoded_.begin(), decoded_.end());

  const std::size_t size = to_.packetSamples;
  std::size_t at = 0;
  while (buffer_.size() - at >= size) {
    RelayedFrame& frame = nextFrame();
    frame.ssrc = bufferSsrc_;
    frame.sequence = nextSequence_++;
    frame.timestamp = bufferTimestamp_;
    frame.marker = markNext_;
    markNext_ = false;
    frame.payloadType = to_.payloadType;
    encodePayload(to_.codec, std::span(buffer_).subspan(at, size), frame.payload);
    at += size;
    bufferTimestamp_ += static_cast<std::uint32_t>(size);
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(at));
  return {frames_.data(), used_};
}

std::span<const RelayedFrame> FrameRelay::relayEvent(const rtp::RtpPacket& packet) {
  used_ = 0;
  if (!haveTarget_ || !to_.telephoneEventType) return {};
  RelayedFrame& frame = nextFrame();
  frame.ssrc = packet.ssrc;
  // While repacketizing, audio travels in our own numbering and events must share it.
  frame.sequence = repacketizing_ ? nextSequence_++ : packet.sequence;
  frame.timestamp = packet.timestamp;
  frame.marker = packet.marker;
  frame.payloadType = *to_.telephoneEventType;
  frame.payload.assign(packet.payload.begin(), packet.payload.end());
  return {frames_.data(), used_};
}

} // namespace sb::media

#include "rtp/rtp_rewriter.hpp"

#include "rtp/bytes.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/sequence.hpp"

#include <algorithm>
#include <cassert>

namespace sb::rtp {

RtpRewriter::RtpRewriter(std::uint32_t ssrc, std::uint16_t firstSequence,
                         std::uint32_t firstTimestamp, std::uint32_t clockRate)
    : ssrc_(ssrc), clockRate_(clockRate),
      lastSequence_(static_cast<std::uint16_t>(firstSequence - 1)), lastTimestamp_(firstTimestamp),
      frameUnits_(clockRate / 50) {}

// The new source's first packet follows the last one sent: one sequence number on, and as
// many timestamp units on as wall time passed, but at least one frame so the two sources'
// audio cannot overlap.
void RtpRewriter::startSource(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                              common::TimePoint arrival) {
  std::uint32_t nextTimestamp = lastTimestamp_;
  if (started_) {
    const auto elapsedMs = std::max<std::int64_t>((arrival - lastArrival_).count(), 0);
    const auto elapsed = static_cast<std::uint64_t>(elapsedMs) * clockRate_ / 1000;
    nextTimestamp += static_cast<std::uint32_t>(std::max<std::uint64_t>(elapsed, frameUnits_));
    retiredSsrc_ = sourceSsrc_;
  }
  sequenceOffset_ = static_cast<std::uint16_t>(lastSequence_ + 1 - sequence);
  timestampOffset_ = nextTimestamp - timestamp;
  sourceSsrc_ = ssrc;
  sourceHighestIn_ = sequence;
  sourceAdvance_ = 0;
  started_ = true;
  switchPending_ = false;
}

void RtpRewriter::noteSent(const Output& out, std::uint32_t inTimestamp,
                           common::TimePoint arrival) {
  if (!sequenceNewer(out.sequence, lastSequence_)) return; // reordered: the newest stands
  const auto step = static_cast<std::uint32_t>(timestampDistance(inTimestamp, lastInTimestamp_));
  if (step > 0 && step <= clockRate_ &&
      out.sequence == static_cast<std::uint16_t>(lastSequence_ + 1)) {
    frameUnits_ = step;
  }
  lastSequence_ = out.sequence;
  lastTimestamp_ = out.timestamp;
  lastInTimestamp_ = inTimestamp;
  lastArrival_ = arrival;
}

// Tracks how far the current source has come since its first packet. A packet from before
// that first one is dropped: its number would repeat one the previous source already used.
bool RtpRewriter::followSequence(std::uint16_t sequence) {
  const int ahead = sequenceDistance(sequence, sourceHighestIn_);
  if (ahead <= 0) return sourceAdvance_ + ahead >= 0;
  sourceHighestIn_ = sequence;
  sourceAdvance_ += ahead;
  return true;
}

std::optional<RtpRewriter::Output> RtpRewriter::map(std::uint32_t ssrc, std::uint16_t sequence,
                                                    std::uint32_t timestamp, bool marker,
                                                    common::TimePoint arrival) {
  bool newSource = !started_ || switchPending_;
  if (!newSource && ssrc != sourceSsrc_) {
    if (retiredSsrc_ && ssrc == *retiredSsrc_) return std::nullopt;
    newSource = true;
  }
  if (!newSource && !followSequence(sequence)) return std::nullopt;
  if (newSource) {
    startSource(ssrc, sequence, timestamp, arrival);
    lastInTimestamp_ = timestamp;
  }
  Output out{ssrc_, static_cast<std::uint16_t>(sequence + sequenceOffset_),
             timestamp + timestampOffset_, marker || newSource};
  noteSent(out, timestamp, arrival);
  return out;
}

void RtpRewriter::apply(const Output& output, std::span<std::uint8_t> packet) {
  assert(packet.size() >= kRtpFixedHeaderSize);
  packet[1] = static_cast<std::uint8_t>((packet[1] & 0x7F) | (output.marker ? 0x80 : 0));
  bytes::writeU16(packet, 2, output.sequence);
  bytes::writeU32(packet, 4, output.timestamp);
  bytes::writeU32(packet, 8, output.ssrc);
}

} // namespace sb::rtp

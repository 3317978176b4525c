#pragma once
// Keeps what one leg receives a single continuous RTP stream while the source behind it
// changes (a prompt, then the other party, then another after a transfer). The output has
// one SSRC; its sequence number goes on by one across a switch and its timestamp jumps by
// the wall time that passed, so the receiver's jitter buffer sees a late packet rather than
// a new stream, and the marker bit tells it to resynchronise (RFC 3550 5.1).
#include "common/clock.hpp"

#include <cstdint>
#include <optional>
#include <span>

namespace sb::rtp {

class RtpRewriter {
public:
  struct Output {
    std::uint32_t ssrc = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    bool marker = false;
  };

  // The output stream's SSRC and first sequence number and timestamp (random, per RFC
  // 3550 5.1), and the RTP clock rate of its payload.
  RtpRewriter(std::uint32_t ssrc, std::uint16_t firstSequence, std::uint32_t firstTimestamp,
              std::uint32_t clockRate);

  // Maps one incoming packet's header. A packet from a new SSRC starts a new source; a
  // packet from the source before it (late, after the switch) is dropped: nullopt.
  std::optional<Output> map(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                            bool marker, common::TimePoint arrival);

  // The next packet starts a new source even if its SSRC is one seen before (the owner
  // switched back to an earlier source, or the peer restarted under the same SSRC).
  void switchSource() { switchPending_ = true; }

  // Writes `output` into the header of the RTP packet in `packet` (at least 12 bytes).
  static void apply(const Output& output, std::span<std::uint8_t> packet);

private:
  void startSource(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp,
                   common::TimePoint arrival);
  bool followSequence(std::uint16_t sequence);
  void noteSent(const Output& out, std::uint32_t inTimestamp, common::TimePoint arrival);

  std::uint32_t ssrc_;
  std::uint32_t clockRate_;
  bool started_ = false;
  bool switchPending_ = false;
  std::uint32_t sourceSsrc_ = 0;
  std::uint16_t sourceHighestIn_ = 0; // the source's newest sequence number
  std::int64_t sourceAdvance_ = 0;    // how far that is from the source's first
  std::optional<std::uint32_t> retiredSsrc_;
  std::uint16_t sequenceOffset_ = 0;
  std::uint32_t timestampOffset_ = 0;
  // The newest packet sent: where the next source continues from.
  std::uint16_t lastSequence_;
  std::uint32_t lastTimestamp_;
  common::TimePoint lastArrival_{};
  std::uint32_t lastInTimestamp_ = 0;
  std::uint32_t frameUnits_; // timestamp step between the source's packets
};

} // namespace sb::rtp

#pragma once
// What a receiver knows about one source, kept as RFC 3550 appendix A computes it: the
// extended highest sequence number and loss (A.1, A.3) and the interarrival jitter (A.8),
// ready to go into a receiver report block.
#include "rtp/rtcp_reports.hpp"
#include "rtp/sequence.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace sb::rtp {

class ReceiveStats {
public:
  // `clockRate` is the RTP clock of the payload (8000 for G.711); jitter is in its units.
  explicit ReceiveStats(std::uint32_t clockRate, int minSequential = 2);

  // One packet from the source, `arrival` on any steady clock (a Clock's now() converts).
  // Returns false when A.1 does not count it: the source is still on probation, or the
  // packet jumped too far.
  bool onPacket(std::uint16_t sequence, std::uint32_t rtpTimestamp,
                std::chrono::microseconds arrival);

  // A sender report from this source arrived: the next report block says when (LSR, DLSR).
  void onSenderReport(std::uint64_t ntpTimestamp, std::chrono::microseconds arrival);

  // The block a receiver report sent `now` carries. Starts a new interval: fraction lost
  // covers the packets since the previous call.
  ReportBlock makeReportBlock(std::uint32_t ssrc, std::chrono::microseconds now);

  std::uint32_t jitter() const { return static_cast<std::uint32_t>(jitterQ4_ >> 4); }
  std::int64_t cumulativeLost() const;
  std::uint32_t extendedHighestSequence() const { return sequence_.extendedHighest(); }
  std::uint32_t received() const { return sequence_.received(); }
  bool valid() const { return sequence_.valid(); }

private:
  // Arrival time in RTP timestamp units, wrapping as timestamps do.
  std::uint32_t toTimestampUnits(std::chrono::microseconds t) const;
  void updateJitter(std::uint32_t rtpTimestamp, std::chrono::microseconds arrival);

  std::uint32_t clockRate_;
  SequenceTracker sequence_;
  bool haveTransit_ = false;
  std::int32_t transit_ = 0;
  std::int64_t jitterQ4_ = 0; // jitter times 16, the integer form of A.8
  std::uint32_t expectedPrior_ = 0;
  std::uint32_t receivedPrior_ = 0;
  std::optional<std::uint32_t> lastSenderReport_;
  std::chrono::microseconds lastSenderReportArrival_{0};
};

} // namespace sb::rtp

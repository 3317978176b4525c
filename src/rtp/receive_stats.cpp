#include "rtp/receive_stats.hpp"

#include <algorithm>
#include <cstdlib>

namespace sb::rtp {

ReceiveStats::ReceiveStats(std::uint32_t clockRate, int minSequential)
    : clockRate_(clockRate), sequence_(minSequential) {}

std::uint32_t ReceiveStats::toTimestampUnits(std::chrono::microseconds t) const {
  // Whole seconds and the rest apart, so that a large clock value cannot overflow.
  const auto us = static_cast<std::uint64_t>(t.count());
  const std::uint64_t units =
      (us / 1'000'000) * clockRate_ + (us % 1'000'000) * clockRate_ / 1'000'000;
  return static_cast<std::uint32_t>(units);
}

// RFC 3550 A.8: D is the change in transit time between consecutive packets, and
// J += (|D| - J) / 16, kept scaled by 16 in an integer.
void ReceiveStats::updateJitter(std::uint32_t rtpTimestamp, std::chrono::microseconds arrival) {
  const auto transit = static_cast<std::int32_t>(toTimestampUnits(arrival) - rtpTimestamp);
  if (!haveTransit_) {
    haveTransit_ = true;
    transit_ = transit;
    return;
  }
  const std::int64_t d = std::llabs(std::int64_t{transit} - transit_);
  transit_ = transit;
  jitterQ4_ += d - ((jitterQ4_ + 8) >> 4);
}

bool ReceiveStats::onPacket(std::uint16_t sequence, std::uint32_t rtpTimestamp,
                            std::chrono::microseconds arrival) {
  if (sequence_.update(sequence) != SequenceTracker::Verdict::Counted) return false;
  updateJitter(rtpTimestamp, arrival);
  return true;
}

void ReceiveStats::onSenderReport(std::uint64_t ntpTimestamp, std::chrono::microseconds arrival) {
  lastSenderReport_ = ntpMiddle32(ntpTimestamp);
  lastSenderReportArrival_ = arrival;
}

std::int64_t ReceiveStats::cumulativeLost() const {
  if (!sequence_.valid()) return 0;
  return std::int64_t{sequence_.expected()} - sequence_.received();
}

// RFC 3550 A.3: the fraction is the loss over the interval since the last report, in
// 1/256, and 0 when duplicates make the interval's loss negative.
ReportBlock ReceiveStats::makeReportBlock(std::uint32_t ssrc, std::chrono::microseconds now) {
  ReportBlock block;
  block.ssrc = ssrc;
  if (sequence_.valid()) {
    const std::uint32_t expected = sequence_.expected();
    const std::uint32_t expectedInterval = expected - expectedPrior_;
    const std::uint32_t receivedInterval = sequence_.received() - receivedPrior_;
    expectedPrior_ = expected;
    receivedPrior_ = sequence_.received();
    const std::int64_t lostInterval = std::int64_t{expectedInterval} - receivedInterval;
    if (expectedInterval != 0 && lostInterval > 0) {
      const std::int64_t fraction = (lostInterval << 8) / expectedInterval;
      block.fractionLost = static_cast<std::uint8_t>(std::min<std::int64_t>(fraction, 255));
    }
    block.cumulativeLost =
        static_cast<std::int32_t>(std::clamp<std::int64_t>(cumulativeLost(), -0x800000, 0x7FFFFF));
    block.extendedHighestSequence = sequence_.extendedHighest();
  }
  block.jitter = jitter();
  if (lastSenderReport_) {
    block.lastSenderReport = *lastSenderReport_;
    const auto delay = std::max(now - lastSenderReportArrival_, std::chrono::microseconds{0});
    block.delaySinceLastSenderReport =
        static_cast<std::uint32_t>(static_cast<std::uint64_t>(delay.count()) * 65536 / 1'000'000);
  }
  return block;
}

} // namespace sb::rtp

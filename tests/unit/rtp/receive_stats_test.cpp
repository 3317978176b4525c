// Sequence extension and source validation (RFC 3550 A.1), loss (A.3), jitter (A.8).
#include "rtp/receive_stats.hpp"
#include "rtp/sequence.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sb::rtp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(SequenceTest, SerialArithmeticWraps) {
  EXPECT_TRUE(sequenceNewer(0, 65535));
  EXPECT_FALSE(sequenceNewer(65535, 0));
  EXPECT_EQ(sequenceDistance(2, 65534), 4);
  EXPECT_EQ(sequenceDistance(65534, 2), -4);
  EXPECT_TRUE(timestampNewer(10, 0xFFFFFF00u));
  EXPECT_EQ(timestampDistance(0, 0xFFFFFF60u), 160);
}

TEST(SequenceTrackerTest, ValidAfterTwoInSequenceThenCountsWraps) {
  SequenceTracker tracker;
  EXPECT_EQ(tracker.update(65530), SequenceTracker::Verdict::Probation);
  EXPECT_EQ(tracker.update(65531), SequenceTracker::Verdict::Counted);
  EXPECT_TRUE(tracker.valid());
  EXPECT_EQ(tracker.baseSequence(), 65531u);
  for (std::uint16_t s = 65532; s != 5; ++s)
    tracker.update(s);
  EXPECT_EQ(tracker.extendedHighest(), 65536u + 4);
  EXPECT_EQ(tracker.received(), 10u);
  EXPECT_EQ(tracker.expected(), 10u);
}

TEST(SequenceTrackerTest, ProbationRestartsOnAGap) {
  SequenceTracker tracker;
  EXPECT_EQ(tracker.update(100), SequenceTracker::Verdict::Probation);
  EXPECT_EQ(tracker.update(300), SequenceTracker::Verdict::Probation);
  EXPECT_EQ(tracker.update(301), SequenceTracker::Verdict::Counted);
  EXPECT_EQ(tracker.baseSequence(), 301u);
}

TEST(SequenceTrackerTest, WithoutProbationTheFirstPacketCounts) {
  SequenceTracker tracker(0);
  EXPECT_EQ(tracker.update(0), SequenceTracker::Verdict::Counted);
  EXPECT_EQ(tracker.extendedHighest(), 0u);
  EXPECT_EQ(tracker.update(1), SequenceTracker::Verdict::Counted);
  EXPECT_EQ(tracker.extendedHighest(), 1u);
}

TEST(SequenceTrackerTest, BigJumpIsARestartOnlyWhenConfirmed) {
  SequenceTracker tracker(0);
  tracker.update(1000);
  tracker.update(1001);
  EXPECT_EQ(tracker.update(30000), SequenceTracker::Verdict::Rejected);
  EXPECT_EQ(tracker.update(1002), SequenceTracker::Verdict::Counted); // the stray was alone
  EXPECT_EQ(tracker.update(40000), SequenceTracker::Verdict::Rejected);
  EXPECT_EQ(tracker.update(40001), SequenceTracker::Verdict::Counted); // restart confirmed
  EXPECT_EQ(tracker.baseSequence(), 40001u);
  EXPECT_EQ(tracker.received(), 1u);
}

TEST(SequenceTrackerTest, LateAndDuplicatePacketsCountWithoutMovingTheHighest) {
  SequenceTracker tracker(0);
  tracker.update(10);
  tracker.update(12);
  EXPECT_EQ(tracker.update(11), SequenceTracker::Verdict::Counted);
  EXPECT_EQ(tracker.update(11), SequenceTracker::Verdict::Counted);
  EXPECT_EQ(tracker.extendedHighest(), 12u);
  EXPECT_EQ(tracker.received(), 4u);
  EXPECT_EQ(tracker.expected(), 3u); // a duplicate makes loss negative, as A.3 allows
}

// A.8 in its floating-point form, the reference the integer form must track.
double referenceJitter(const std::vector<std::int64_t>& transits) {
  double j = 0;
  for (std::size_t i = 1; i < transits.size(); ++i) {
    const double d = std::abs(static_cast<double>(transits[i] - transits[i - 1]));
    j += (d - j) / 16.0;
  }
  return j;
}

TEST(ReceiveStatsTest, JitterFollowsRfc3550A8) {
  // 20 ms packets (160 units at 8 kHz) whose network delay alternates between 5 and 15 ms,
  // with a 40 ms spike: |D| is 80 units (10 ms) between neighbours, 280 around the spike.
  ReceiveStats stats(8000, 0);
  std::vector<std::int64_t> transits;
  const std::int64_t delaysMs[] = {5, 15, 5, 15, 5, 40, 5, 15, 5, 15, 5, 15, 5, 15, 5, 15};
  std::uint16_t seq = 100;
  std::uint32_t ts = 123'456;
  for (std::int64_t delay : delaysMs) {
    const std::int64_t sentMs = (seq - 100) * 20;
    const auto arrival = milliseconds{1'000'000 + sentMs + delay};
    ASSERT_TRUE(stats.onPacket(seq, ts, arrival));
    transits.push_back((1'000'000 + sentMs + delay) * 8 - ts);
    ++seq;
    ts += 160;
  }
  const double expected = referenceJitter(transits);
  EXPECT_NEAR(stats.jitter(), expected, 1.0);
  EXPECT_GT(stats.jitter(), 60u);
}

TEST(ReceiveStatsTest, ConstantDelayHasNoJitter) {
  ReceiveStats stats(8000, 0);
  for (std::uint16_t i = 0; i < 50; ++i) {
    stats.onPacket(i, i * 160u, milliseconds{i * 20 + 37});
  }
  EXPECT_EQ(stats.jitter(), 0u);
}

TEST(ReceiveStatsTest, JitterIsInTheClockRateOfThePayload) {
  ReceiveStats stats(48000, 0);
  stats.onPacket(0, 0, microseconds{0});
  stats.onPacket(1, 960, microseconds{20'000 + 16'000}); // 16 ms late: 768 units at 48 kHz
  EXPECT_EQ(stats.jitter(), 768u / 16);
}

TEST(ReceiveStatsTest, ReportsLossAsAReceiverReportWould) {
  ReceiveStats stats(8000, 0);
  std::uint16_t seq = 65500; // wraps during the test
  for (int i = 0; i < 100; ++i, ++seq) {
    if (i % 10 == 3) continue; // every tenth packet lost
    stats.onPacket(seq, static_cast<std::uint32_t>(i * 160), milliseconds{i * 20});
  }
  ReportBlock first = stats.makeReportBlock(0xabc, milliseconds{2000});
  EXPECT_EQ(first.ssrc, 0xabcu);
  EXPECT_EQ(first.cumulativeLost, 10);
  EXPECT_EQ(first.extendedHighestSequence, 65536u + 63);
  EXPECT_EQ(first.fractionLost, 10 * 256 / 100);

  // Next interval: 50 more packets, 25 of them lost.
  for (int i = 100; i < 150; ++i, ++seq) {
    if (i % 2 == 0) continue;
    stats.onPacket(seq, static_cast<std::uint32_t>(i * 160), milliseconds{i * 20});
  }
  ReportBlock second = stats.makeReportBlock(0xabc, milliseconds{3000});
  EXPECT_EQ(second.cumulativeLost, 10 + 25);
  EXPECT_EQ(second.fractionLost, 25 * 256 / 50);
}

TEST(ReceiveStatsTest, DuplicatesGiveZeroFractionAndNegativeCumulativeLoss) {
  ReceiveStats stats(8000, 0);
  for (std::uint16_t i = 0; i < 10; ++i) {
    stats.onPacket(i, i * 160u, milliseconds{i * 20});
    stats.onPacket(i, i * 160u, milliseconds{i * 20 + 1});
  }
  ReportBlock block = stats.makeReportBlock(1, milliseconds{300});
  EXPECT_EQ(block.cumulativeLost, -10);
  EXPECT_EQ(block.fractionLost, 0);
}

TEST(ReceiveStatsTest, EchoesTheLastSenderReport) {
  ReceiveStats stats(8000, 0);
  stats.onPacket(1, 0, milliseconds{0});
  stats.onSenderReport(0x0000'1234'5678'0000ULL, milliseconds{5000});
  ReportBlock block = stats.makeReportBlock(1, milliseconds{5250});
  EXPECT_EQ(block.lastSenderReport, 0x12345678u);
  EXPECT_EQ(block.delaySinceLastSenderReport, 65536u / 4); // 250 ms in 1/65536 s
}

TEST(ReceiveStatsTest, SourceOnProbationReportsNothing) {
  ReceiveStats stats(8000);
  EXPECT_FALSE(stats.onPacket(7, 0, milliseconds{0}));
  ReportBlock block = stats.makeReportBlock(1, milliseconds{0});
  EXPECT_EQ(block.cumulativeLost, 0);
  EXPECT_EQ(block.extendedHighestSequence, 0u);
  EXPECT_TRUE(stats.onPacket(8, 160, milliseconds{20}));
}

} // namespace
} // namespace sb::rtp

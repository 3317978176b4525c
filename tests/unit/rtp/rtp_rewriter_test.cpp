// One continuous outgoing stream across source switches (a prompt, then the other party).
#include "rtp/rtp_rewriter.hpp"

#include "rtp/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <array>

namespace sb::rtp {
namespace {

using common::Duration;
using common::TimePoint;

constexpr std::uint32_t kOutSsrc = 0x5b5b5b5b;

TimePoint at(int ms) {
  return TimePoint{} + Duration{ms};
}

TEST(RtpRewriterTest, FirstSourceStartsAtTheChosenNumbers) {
  RtpRewriter rewriter(kOutSsrc, 1000, 50'000, 8000);
  auto out = rewriter.map(0xaaaa, 7, 123, false, at(0));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->ssrc, kOutSsrc);
  EXPECT_EQ(out->sequence, 1000);
  EXPECT_EQ(out->timestamp, 50'000u);
  EXPECT_TRUE(out->marker);
  out = rewriter.map(0xaaaa, 8, 283, false, at(20));
  EXPECT_EQ(out->sequence, 1001);
  EXPECT_EQ(out->timestamp, 50'160u);
  EXPECT_FALSE(out->marker);
}

TEST(RtpRewriterTest, SwitchContinuesSequenceAndJumpsTimestampByWallTime) {
  RtpRewriter rewriter(kOutSsrc, 65534, 0xFFFFFF00, 8000);
  // A prompt: three 20 ms packets.
  for (int i = 0; i < 3; ++i) {
    rewriter.map(0x9999, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160), false,
                 at(i * 20));
  }
  // The other party, 100 ms after the prompt's last packet, with numbers of its own.
  auto out = rewriter.map(0x4242, 31'000, 7'777'777, false, at(140));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->sequence, 1); // 65534, 65535, 0, then 1
  EXPECT_EQ(out->timestamp, 0xFFFFFF00u + 320 + 800);
  EXPECT_TRUE(out->marker);
  EXPECT_EQ(out->ssrc, kOutSsrc);
  out = rewriter.map(0x4242, 31'001, 7'777'937, false, at(160));
  EXPECT_EQ(out->sequence, 2);
  EXPECT_EQ(out->timestamp, 0xFFFFFF00u + 320 + 800 + 160);
  EXPECT_FALSE(out->marker);
}

TEST(RtpRewriterTest, ImmediateSwitchStillAdvancesOneFrame) {
  RtpRewriter rewriter(kOutSsrc, 0, 0, 8000);
  rewriter.map(1, 10, 0, false, at(0));
  rewriter.map(1, 11, 240, false, at(30)); // 30 ms packets
  auto out = rewriter.map(2, 500, 9, false, at(30));
  EXPECT_EQ(out->timestamp, 240u + 240);
  EXPECT_EQ(out->sequence, 2);
}

TEST(RtpRewriterTest, ReorderingWithinASourceIsKept) {
  RtpRewriter rewriter(kOutSsrc, 100, 0, 8000);
  rewriter.map(1, 10, 0, false, at(0));
  auto late = rewriter.map(1, 12, 320, false, at(40));
  auto early = rewriter.map(1, 11, 160, false, at(41));
  EXPECT_EQ(late->sequence, 102);
  EXPECT_EQ(early->sequence, 101);
  EXPECT_EQ(early->timestamp, 160u);
  // The switch continues from the newest packet, not the last one to arrive.
  auto next = rewriter.map(2, 0, 0, false, at(60));
  EXPECT_EQ(next->sequence, 103);
  EXPECT_EQ(next->timestamp, 320u + 160);
}

TEST(RtpRewriterTest, LatePacketsOfTheFormerSourceAreDropped) {
  RtpRewriter rewriter(kOutSsrc, 0, 0, 8000);
  rewriter.map(1, 10, 0, false, at(0));
  rewriter.map(2, 50, 0, false, at(20));
  EXPECT_FALSE(rewriter.map(1, 11, 160, false, at(21)).has_value());
  EXPECT_FALSE(rewriter.map(2, 49, 0, false, at(22)).has_value()); // before its own start
  EXPECT_EQ(rewriter.map(2, 51, 160, false, at(40))->sequence, 2);
}

TEST(RtpRewriterTest, LongStreamKeepsFlowingThroughWraps) {
  RtpRewriter rewriter(kOutSsrc, 0, 0, 8000);
  std::uint16_t seq = 65000;
  for (int i = 0; i < 200'000; ++i, ++seq) { // over an hour of 20 ms packets
    auto out = rewriter.map(7, seq, static_cast<std::uint32_t>(i) * 160, false, at(i * 20));
    ASSERT_TRUE(out.has_value()) << i;
    ASSERT_EQ(out->sequence, static_cast<std::uint16_t>(i)) << i;
  }
  // A packet a little late, an hour in, is still part of the source.
  EXPECT_TRUE(rewriter.map(7, static_cast<std::uint16_t>(seq - 5), 0, false, at(0)).has_value());
}

TEST(RtpRewriterTest, ExplicitSwitchBackToAnEarlierSource) {
  RtpRewriter rewriter(kOutSsrc, 0, 0, 8000);
  rewriter.map(1, 10, 0, false, at(0));   // the party
  rewriter.map(2, 500, 0, false, at(20)); // a prompt interrupts
  rewriter.switchSource();                // and the party comes back
  auto out = rewriter.map(1, 90, 64'000, false, at(1000));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->sequence, 2);
  EXPECT_EQ(out->timestamp, 160u + 7840);
  EXPECT_TRUE(out->marker);
}

TEST(RtpRewriterTest, AppliesTheOutputToPacketBytes) {
  std::array<std::uint8_t, 16> packet{0x80, 0x00, 0, 1, 0,    0,    0,    2,
                                      0,    0,    0, 3, 0xff, 0xff, 0xff, 0xff};
  RtpRewriter::apply(RtpRewriter::Output{kOutSsrc, 0xbeef, 0x01020304, true}, packet);
  auto parsed = parseRtp(packet);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->marker);
  EXPECT_EQ(parsed->payloadType, 0);
  EXPECT_EQ(parsed->sequence, 0xbeef);
  EXPECT_EQ(parsed->timestamp, 0x01020304u);
  EXPECT_EQ(parsed->ssrc, kOutSsrc);
  EXPECT_EQ(parsed->payload.size(), 4u);
}

} // namespace
} // namespace sb::rtp

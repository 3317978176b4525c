// Compound RTCP (RFC 3550 6.1, A.2), SR/RR (6.4), SDES (6.5) and BYE (6.6).
#include "rtp/rtcp_packet.hpp"
#include "rtp/rtcp_reports.hpp"
#include "rtp/rtcp_sdes_bye.hpp"

#include "unit/rtp/hex.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace sb::rtp {
namespace {

using test::fromHex;

// An RR with one report block, then an SDES with a CNAME, as a phone sends them.
constexpr const char* kReceiverReportAndSdes =
    "81 c9 00 07 11 22 33 44"                                      // RR, RC=1, from 0x11223344
    "55 66 77 88 40 ff ff fe 00 01 00 05 00 00 00 10"              // block: 25% lost, -2 cumulative
    "12 34 56 78 00 01 80 00"                                      // LSR, DLSR 1.5 s
    "81 ca 00 04 11 22 33 44 01 08 68 6f 73 74 40 61 62 63 00 00"; // CNAME host@abc

std::vector<RtcpPacket> packetsOf(const RtcpCompound& compound) {
  std::vector<RtcpPacket> packets;
  for (RtcpPacket p : compound)
    packets.push_back(p);
  return packets;
}

TEST(RtcpTest, WalksReceiverReportAndSdes) {
  auto bytes = fromHex(kReceiverReportAndSdes);
  auto compound = parseRtcpCompound(bytes);
  ASSERT_TRUE(compound.ok()) << compound.error().message;
  auto packets = packetsOf(*compound);
  ASSERT_EQ(packets.size(), 2u);

  auto rr = parseReceiverReport(packets[0]);
  ASSERT_TRUE(rr.ok()) << rr.error().message;
  EXPECT_EQ(rr->ssrc, 0x11223344u);
  ASSERT_EQ(rr->reports.size(), 1u);
  const ReportBlock block = rr->reports[0];
  EXPECT_EQ(block.ssrc, 0x55667788u);
  EXPECT_EQ(block.fractionLost, 0x40);
  EXPECT_EQ(block.cumulativeLost, -2);
  EXPECT_EQ(block.extendedHighestSequence, 0x10005u);
  EXPECT_EQ(block.jitter, 16u);
  EXPECT_EQ(block.lastSenderReport, 0x12345678u);
  EXPECT_EQ(block.delaySinceLastSenderReport, 0x18000u);
  EXPECT_TRUE(rr->profileExtension.empty());

  auto sdes = parseSourceDescription(packets[1]);
  ASSERT_TRUE(sdes.ok()) << sdes.error().message;
  EXPECT_EQ(sdes->chunkCount(), 1u);
  EXPECT_EQ(sdes->cname(0x11223344), "host@abc");
  EXPECT_FALSE(sdes->cname(0x55667788).has_value());
}

TEST(RtcpTest, TypedParsersCheckTheType) {
  auto bytes = fromHex(kReceiverReportAndSdes);
  auto compound = parseRtcpCompound(bytes);
  ASSERT_TRUE(compound.ok());
  const RtcpPacket rr = *compound->begin();
  EXPECT_FALSE(parseSenderReport(rr).ok());
  EXPECT_FALSE(parseSourceDescription(rr).ok());
  EXPECT_FALSE(parseBye(rr).ok());
}

TEST(RtcpTest, BuildsSenderReportSdesAndByeThatParseBack) {
  const SenderInfo info{toNtpTimestamp(common::WallTime{std::chrono::milliseconds{1'500}}), 160'000,
                        1000, 160'000};
  const std::array<ReportBlock, 2> blocks{ReportBlock{7, 12, -5, 70'000, 33, 0xabcd0000, 65536},
                                          ReportBlock{8, 255, 10'000'000, 1, 0, 0, 0}};
  std::array<std::uint8_t, 256> out{};
  auto sr = writeSenderReport(0x01020304, info, blocks, out);
  ASSERT_TRUE(sr.ok());
  auto sdes =
      writeSourceDescription(0x01020304, "switchboard@10.0.0.1", std::span(out).subspan(*sr));
  ASSERT_TRUE(sdes.ok());
  const std::array<std::uint32_t, 1> gone{0x01020304};
  auto bye = writeBye(gone, "call ended", std::span(out).subspan(*sr + *sdes));
  ASSERT_TRUE(bye.ok());
  EXPECT_EQ(*sr, 4u + 24 + 2 * 24);
  EXPECT_EQ(*sdes % 4, 0u);
  EXPECT_EQ(*bye % 4, 0u);

  auto compound = parseRtcpCompound(std::span(out).first(*sr + *sdes + *bye));
  ASSERT_TRUE(compound.ok()) << compound.error().message;
  auto packets = packetsOf(*compound);
  ASSERT_EQ(packets.size(), 3u);

  auto report = parseSenderReport(packets[0]);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->ssrc, 0x01020304u);
  EXPECT_EQ(report->sender, info);
  ASSERT_EQ(report->reports.size(), 2u);
  EXPECT_EQ(report->reports[0], blocks[0]);
  ReportBlock clamped = blocks[1];
  clamped.cumulativeLost = 0x7FFFFF; // the 24-bit field's largest value
  EXPECT_EQ(report->reports[1], clamped);

  auto description = parseSourceDescription(packets[1]);
  ASSERT_TRUE(description.ok());
  EXPECT_EQ(description->cname(0x01020304), "switchboard@10.0.0.1");

  auto goodbye = parseBye(packets[2]);
  ASSERT_TRUE(goodbye.ok());
  ASSERT_EQ(goodbye->sourceCount(), 1u);
  EXPECT_EQ(goodbye->source(0), 0x01020304u);
  EXPECT_EQ(goodbye->reason, "call ended");
}

TEST(RtcpTest, SdesChunkIsPaddedForEveryCnameLength) {
  for (std::size_t length = 0; length <= 9; ++length) {
    const std::string cname(length, 'x');
    std::array<std::uint8_t, 64> out{};
    auto written = writeSourceDescription(42, cname, out);
    ASSERT_TRUE(written.ok());
    EXPECT_EQ(*written % 4, 0u);
    // An RR in front makes it a valid compound.
    std::array<std::uint8_t, 128> datagram{};
    auto rr = writeReceiverReport(42, {}, datagram);
    ASSERT_TRUE(rr.ok());
    std::copy_n(out.begin(), *written, datagram.begin() + *rr);
    auto compound = parseRtcpCompound(std::span(datagram).first(*rr + *written));
    ASSERT_TRUE(compound.ok()) << length;
    auto sdes = parseSourceDescription(*++compound->begin());
    ASSERT_TRUE(sdes.ok()) << length;
    EXPECT_EQ(sdes->cname(42), cname);
  }
}

TEST(RtcpTest, WritersRefuseWhatCannotBeEncoded) {
  std::array<std::uint8_t, 2048> out{};
  const std::vector<ReportBlock> tooMany(32);
  EXPECT_FALSE(writeReceiverReport(1, tooMany, out).ok());
  EXPECT_FALSE(writeSenderReport(1, {}, {}, std::span(out).first(27)).ok());
  EXPECT_FALSE(writeSourceDescription(1, std::string(256, 'x'), out).ok());
  EXPECT_FALSE(writeBye({}, std::string(256, 'x'), out).ok());
}

TEST(RtcpTest, NtpTimestampCountsFrom1900) {
  EXPECT_EQ(toNtpTimestamp(common::WallTime{}), 2'208'988'800ULL << 32);
  const auto t = toNtpTimestamp(common::WallTime{std::chrono::milliseconds{1'500}});
  EXPECT_EQ(t >> 32, 2'208'988'801ULL);
  EXPECT_EQ(t & 0xFFFFFFFF, 0x80000000ULL);
  EXPECT_EQ(ntpMiddle32(t), ((2'208'988'801U & 0xFFFF) << 16) | 0x8000);
}

TEST(RtcpTest, ReducedSizeAllowsFeedbackAlone) {
  auto bytes = fromHex("81 cd 00 02 00 00 00 01 00 00 00 02"); // RFC 4585 generic NACK header
  EXPECT_FALSE(parseRtcpCompound(bytes).ok());
  auto compound = parseRtcpCompound(bytes, RtcpRules::ReducedSize);
  ASSERT_TRUE(compound.ok());
  EXPECT_EQ(compound->begin().operator*().type, 205);
}

TEST(RtcpTest, PaddingOfTheLastPacketIsRemovedFromItsBody) {
  auto bytes = fromHex("80 c9 00 01 00 00 00 07 a0 cb 00 02 00 00 00 07 00 00 00 04");
  auto compound = parseRtcpCompound(bytes);
  ASSERT_TRUE(compound.ok()) << compound.error().message;
  auto packets = packetsOf(*compound);
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_EQ(packets[1].body.size(), 4u);
  auto bye = parseBye(packets[1]);
  ASSERT_TRUE(bye.ok());
  EXPECT_EQ(bye->sourceCount(), 0u);
}

struct MalformedCase {
  const char* name;
  const char* hex;
  const char* error;
};

class MalformedCompoundTest : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedCompoundTest, IsRejectedWithReason) {
  auto bytes = fromHex(GetParam().hex);
  auto compound = parseRtcpCompound(bytes);
  ASSERT_FALSE(compound.ok());
  EXPECT_EQ(compound.error().message, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedCompoundTest,
    testing::Values(
        MalformedCase{"Empty", "", "rtcp too short"},
        MalformedCase{"ThreeBytes", "80 c9 00", "rtcp too short"},
        MalformedCase{"FirstIsSdes", "80 ca 00 00", "rtcp first"},
        MalformedCase{"VersionOne", "40 c9 00 01 00 00 00 01", "rtcp version"},
        MalformedCase{"SecondVersionOne", "80 c9 00 01 00 00 00 01 40 cb 00 00", "rtcp version"},
        MalformedCase{"LengthPastEnd", "80 c9 00 02 00 00 00 01", "rtcp length"},
        MalformedCase{"TrailingBytes", "80 c9 00 01 00 00 00 01 80 cb", "rtcp too short"},
        MalformedCase{"PaddedFirstOfTwo", "a0 c9 00 01 00 00 00 04 80 cb 00 00", "rtcp padding"},
        MalformedCase{"PaddingCountZero", "a0 c9 00 01 00 00 00 00", "rtcp padding"},
        MalformedCase{"PaddingIntoHeader", "a0 c9 00 01 00 00 00 05", "rtcp padding"}),
    [](const auto& c) { return std::string(c.param.name); });

// Packets that pass the compound checks but whose own structure is broken.
struct MalformedBodyCase {
  const char* name;
  const char* hex; // an RR without blocks, then the packet under test
};

class MalformedBodyTest : public testing::TestWithParam<MalformedBodyCase> {};

TEST_P(MalformedBodyTest, TypedParserRejects) {
  auto bytes = fromHex(std::string("80 c9 00 01 00 00 00 01 ") + GetParam().hex);
  auto compound = parseRtcpCompound(bytes);
  ASSERT_TRUE(compound.ok()) << compound.error().message;
  const RtcpPacket packet = *++compound->begin();
  switch (static_cast<RtcpType>(packet.type)) {
  case RtcpType::SenderReport:
    EXPECT_FALSE(parseSenderReport(packet).ok());
    break;
  case RtcpType::ReceiverReport:
    EXPECT_FALSE(parseReceiverReport(packet).ok());
    break;
  case RtcpType::SourceDescription:
    EXPECT_FALSE(parseSourceDescription(packet).ok());
    break;
  case RtcpType::Bye:
    EXPECT_FALSE(parseBye(packet).ok());
    break;
  default:
    FAIL() << "unexpected type";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedBodyTest,
    testing::Values(
        MalformedBodyCase{"SrWithoutSenderInfo", "80 c8 00 01 00 00 00 01"},
        MalformedBodyCase{"SrBlockMissing",
                          "81 c8 00 06 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                          "00 00 00 00 00 00"},
        MalformedBodyCase{"RrBlockMissing", "81 c9 00 01 00 00 00 01"},
        MalformedBodyCase{"RrWithoutSsrc", "80 c9 00 00"},
        MalformedBodyCase{"SdesItemPastChunk", "81 ca 00 02 00 00 00 01 01 09 61 62"},
        MalformedBodyCase{"SdesNoNullItem", "81 ca 00 02 00 00 00 01 01 02 61 62"},
        MalformedBodyCase{"SdesMissingChunk", "82 ca 00 02 00 00 00 01 00 00 00 00"},
        MalformedBodyCase{"SdesExtraBytes", "81 ca 00 03 00 00 00 01 00 00 00 00 00 00 00 00"},
        MalformedBodyCase{"ByeSourcesPastEnd", "82 cb 00 01 00 00 00 01"},
        MalformedBodyCase{"ByeReasonPastEnd", "81 cb 00 02 00 00 00 01 09 61 62 63"}),
    [](const auto& c) { return std::string(c.param.name); });

} // namespace
} // namespace sb::rtp

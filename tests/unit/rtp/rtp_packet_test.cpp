// RTP packet parsing and writing (RFC 3550 5.1) and header extensions (RFC 8285).
#include "rtp/rtp_packet.hpp"

#include "unit/rtp/hex.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace sb::rtp {
namespace {

using test::fromHex;

TEST(RtpPacketTest, ParsesPlainG711Packet) {
  auto bytes = fromHex("80 00 12 34 00 00 0f a0 de ad be ef  ff ff 7f 7e");
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_FALSE(p->marker);
  EXPECT_EQ(p->payloadType, 0);
  EXPECT_EQ(p->sequence, 0x1234);
  EXPECT_EQ(p->timestamp, 4000u);
  EXPECT_EQ(p->ssrc, 0xdeadbeefu);
  EXPECT_EQ(p->csrcCount(), 0u);
  EXPECT_FALSE(p->hasExtension);
  EXPECT_EQ(p->paddingSize, 0);
  ASSERT_EQ(p->payload.size(), 4u);
  EXPECT_EQ(p->payload.data(), bytes.data() + 12); // a view, not a copy
  EXPECT_EQ(p->size(), bytes.size());
}

TEST(RtpPacketTest, ParsesCsrcsExtensionAndPadding) {
  auto bytes = fromHex("b2 e5 00 01 00 00 00 a0 00 00 00 01" // V=2 P X CC=2, M, PT=101
                       "00 00 00 0a 00 00 00 0b"             // CSRCs
                       "be de 00 02 10 aa 00 22 bb cc dd 00" // one-byte extension, 2 words
                       "01 02 03"                            // payload
                       "00 00 03");                          // 3 bytes of padding
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(p->marker);
  EXPECT_EQ(p->payloadType, 101);
  ASSERT_EQ(p->csrcCount(), 2u);
  EXPECT_EQ(p->csrc(0), 10u);
  EXPECT_EQ(p->csrc(1), 11u);
  EXPECT_EQ(p->extensionProfile, kOneByteExtensionProfile);
  EXPECT_EQ(p->extension.size(), 8u);
  EXPECT_EQ(p->paddingSize, 3);
  EXPECT_EQ(std::vector<std::uint8_t>(p->payload.begin(), p->payload.end()), fromHex("01 02 03"));

  HeaderExtensionReader reader(*p);
  HeaderExtensionElement e;
  ASSERT_TRUE(reader.next(e));
  EXPECT_EQ(e.id, 1);
  EXPECT_EQ(std::vector<std::uint8_t>(e.data.begin(), e.data.end()), fromHex("aa"));
  ASSERT_TRUE(reader.next(e)); // after a padding byte
  EXPECT_EQ(e.id, 2);
  EXPECT_EQ(std::vector<std::uint8_t>(e.data.begin(), e.data.end()), fromHex("bb cc dd"));
  EXPECT_FALSE(reader.next(e)); // trailing padding byte
  EXPECT_FALSE(reader.malformed());
}

TEST(RtpPacketTest, ReadsTwoByteExtensionElements) {
  auto bytes = fromHex("90 00 00 01 00 00 00 00 00 00 00 01"
                       "10 00 00 02 05 00 00 07 02 aa bb 00" // id 5 empty, id 7 two bytes
                       "ff");
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok());
  HeaderExtensionReader reader(*p);
  HeaderExtensionElement e;
  ASSERT_TRUE(reader.next(e));
  EXPECT_EQ(e.id, 5);
  EXPECT_TRUE(e.data.empty());
  ASSERT_TRUE(reader.next(e));
  EXPECT_EQ(e.id, 7);
  EXPECT_EQ(e.data.size(), 2u);
  EXPECT_FALSE(reader.next(e));
  EXPECT_FALSE(reader.malformed());
  EXPECT_EQ(p->payload.size(), 1u);
}

TEST(RtpPacketTest, OneByteIdFifteenEndsTheExtension) {
  auto bytes = fromHex("90 00 00 01 00 00 00 00 00 00 00 01 be de 00 01 f0 11 00 00");
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok());
  HeaderExtensionReader reader(*p);
  HeaderExtensionElement e;
  EXPECT_FALSE(reader.next(e));
  EXPECT_FALSE(reader.malformed());
}

TEST(RtpPacketTest, ExtensionOfOtherProfileHasNoElements) {
  auto bytes = fromHex("90 00 00 01 00 00 00 00 00 00 00 01 ab cd 00 01 11 22 33 44");
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->extensionProfile, 0xabcd);
  HeaderExtensionElement e;
  HeaderExtensionReader reader(*p);
  EXPECT_FALSE(reader.next(e));
  EXPECT_TRUE(p->payload.empty());
}

struct MalformedElementCase {
  const char* name;
  const char* hex;
};

class MalformedExtensionElementTest : public testing::TestWithParam<MalformedElementCase> {};

// The packet stays valid RTP (it can be relayed); only its extension is untrustworthy.
TEST_P(MalformedExtensionElementTest, EndsWalkAndFlagsIt) {
  auto bytes = fromHex(GetParam().hex);
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok()) << p.error().message;
  HeaderExtensionReader reader(*p);
  HeaderExtensionElement e;
  while (reader.next(e)) {
  }
  EXPECT_TRUE(reader.malformed());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedExtensionElementTest,
    testing::Values(
        MalformedElementCase{"OneByteRunsPast",
                             "90 00 00 01 00 00 00 00 00 00 00 01 be de 00 01 13 aa bb cc"},
        MalformedElementCase{"TwoByteRunsPast",
                             "90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 01 01 05 aa bb"},
        MalformedElementCase{"TwoByteLengthMissing",
                             "90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 01 00 00 00 09"}),
    [](const auto& c) { return std::string(c.param.name); });

struct MalformedCase {
  const char* name;
  const char* hex;
  const char* error;
};

class MalformedRtpTest : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedRtpTest, IsRejectedWithReason) {
  auto bytes = fromHex(GetParam().hex);
  auto p = parseRtp(bytes);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedRtpTest,
    testing::Values(
        MalformedCase{"Empty", "", "rtp too short"},
        MalformedCase{"ElevenBytes", "80 00 00 01 00 00 00 00 00 00 00", "rtp too short"},
        MalformedCase{"VersionOne", "40 00 00 01 00 00 00 00 00 00 00 01", "rtp version"},
        MalformedCase{"VersionZero", "00 00 00 01 00 00 00 00 00 00 00 01", "rtp version"},
        MalformedCase{"CsrcPastEnd", "83 00 00 01 00 00 00 00 00 00 00 01 00 00 00 01", "rtp csrc"},
        MalformedCase{"ExtensionHeaderCut", "90 00 00 01 00 00 00 00 00 00 00 01 be de",
                      "rtp extension"},
        MalformedCase{"ExtensionLengthPastEnd",
                      "90 00 00 01 00 00 00 00 00 00 00 01 be de 00 02 10 aa 00 00",
                      "rtp extension"},
        MalformedCase{"PaddingCountZero", "a0 00 00 01 00 00 00 00 00 00 00 01 aa 00",
                      "rtp padding"},
        MalformedCase{"PaddingIntoHeader", "a0 00 00 01 00 00 00 00 00 00 00 01 aa 03",
                      "rtp padding"},
        MalformedCase{"PaddingBitNoPayload", "a0 00 00 01 00 00 00 00 00 00 00 01", "rtp padding"}),
    [](const auto& c) { return std::string(c.param.name); });

TEST(RtpPacketTest, PaddingMayTakeTheWholePayload) {
  auto bytes = fromHex("a0 00 00 01 00 00 00 00 00 00 00 01 00 00 00 04");
  auto p = parseRtp(bytes);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->payload.empty());
  EXPECT_EQ(p->paddingSize, 4);
}

TEST(RtpPacketTest, ErrorTextsFitTheSmallStringBuffer) {
  // No allocation on a flood of bad packets: std::string keeps up to 15 characters inline.
  for (const char* hex :
       {"", "40 00 00 01 00 00 00 00 00 00 00 01", "a0 00 00 01 00 00 00 00 00 00 00 01 aa 00"}) {
    auto bytes = fromHex(hex);
    auto p = parseRtp(bytes);
    ASSERT_FALSE(p.ok());
    EXPECT_LE(p.error().message.size(), 15u);
  }
}

TEST(RtpPacketTest, WritesWhatItParses) {
  const std::array<std::uint8_t, 8> csrcs{0, 0, 0, 1, 0, 0, 0, 2};
  const std::array<std::uint8_t, 4> extension{0x10, 0xaa, 0, 0};
  const std::array<std::uint8_t, 5> payload{1, 2, 3, 4, 5};
  RtpPacket packet;
  packet.marker = true;
  packet.payloadType = 8;
  packet.sequence = 65535;
  packet.timestamp = 0xfffffff0;
  packet.ssrc = 0x01020304;
  packet.csrcBytes = csrcs;
  packet.hasExtension = true;
  packet.extensionProfile = kOneByteExtensionProfile;
  packet.extension = extension;
  packet.payload = payload;
  packet.paddingSize = 3;

  std::array<std::uint8_t, 64> out{};
  auto written = writeRtp(packet, out);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*written, 12u + 8 + 8 + 5 + 3);
  EXPECT_EQ(*written, packet.size());
  auto again = parseRtp(std::span(out).first(*written));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->marker);
  EXPECT_EQ(again->payloadType, 8);
  EXPECT_EQ(again->sequence, 65535);
  EXPECT_EQ(again->timestamp, 0xfffffff0u);
  EXPECT_EQ(again->ssrc, 0x01020304u);
  EXPECT_EQ(again->csrc(1), 2u);
  EXPECT_EQ(again->extensionProfile, kOneByteExtensionProfile);
  EXPECT_TRUE(std::equal(again->extension.begin(), again->extension.end(), extension.begin()));
  EXPECT_TRUE(std::equal(again->payload.begin(), again->payload.end(), payload.begin()));
  EXPECT_EQ(again->paddingSize, 3);
}

TEST(RtpPacketTest, WriterRefusesWhatCannotBeEncoded) {
  std::array<std::uint8_t, 64> out{};
  const std::array<std::uint8_t, 160> big{};
  const std::array<std::uint8_t, 3> oddExtension{};
  const std::array<std::uint8_t, 64> tooManyCsrcs{};

  RtpPacket tooLarge;
  tooLarge.payload = big;
  EXPECT_EQ(writeRtp(tooLarge, out).error().message, "rtp no room");

  RtpPacket badType;
  badType.payloadType = 128;
  EXPECT_FALSE(writeRtp(badType, out).ok());

  RtpPacket badExtension;
  badExtension.hasExtension = true;
  badExtension.extension = oddExtension;
  EXPECT_EQ(writeRtp(badExtension, out).error().message, "rtp extension");

  RtpPacket badCsrcs;
  badCsrcs.csrcBytes = tooManyCsrcs; // 16 CSRCs
  EXPECT_EQ(writeRtp(badCsrcs, out).error().message, "rtp csrc");
}

} // namespace
} // namespace sb::rtp

// The typed pieces: rtpmap, rtcp, ptime (RFC 8866, RFC 3605), directions (RFC 3264 6.1)
// and telephone-event lists (RFC 4733 7.1.1).
#include "sdp/codec.hpp"
#include "sdp/direction.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/telephone_events.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

TEST(RtpMapTest, ParsesAndPrints) {
  EXPECT_EQ(parseRtpMap("0 PCMU/8000"), (RtpMap{0, "PCMU", 8000, 1}));
  EXPECT_EQ(parseRtpMap("111 opus/48000/2"), (RtpMap{111, "opus", 48000, 2}));
  EXPECT_EQ(parseRtpMap("111 opus/48000/2")->str(), "111 opus/48000/2");
  EXPECT_EQ(parseRtpMap("8  PCMA/8000")->str(), "8 PCMA/8000");
  for (const char* bad : {"", "0", "0 PCMU", "0 PCMU/", "0 /8000", "x PCMU/8000", "128 X/8000",
                          "0 PCMU/0", "0 PCMU/8000/0", "0 PCMU/8000/x", "0 PCMU/8000 extra"}) {
    EXPECT_FALSE(parseRtpMap(bad)) << bad;
  }
}

TEST(RtpMapTest, StaticTypes) {
  EXPECT_EQ(staticPayloadType(0), (RtpMap{0, "PCMU", 8000, 1}));
  EXPECT_EQ(staticPayloadType(8), (RtpMap{8, "PCMA", 8000, 1}));
  EXPECT_EQ(staticPayloadType(10), (RtpMap{10, "L16", 44100, 2}));
  EXPECT_FALSE(staticPayloadType(1));
  EXPECT_FALSE(staticPayloadType(96));
  EXPECT_EQ(Codec::pcmu().staticPayloadType(), 0);
  EXPECT_EQ(Codec::pcma().staticPayloadType(), 8);
  EXPECT_EQ(Codec::telephoneEvent().staticPayloadType(), std::nullopt);
}

TEST(RtcpTest, PortAndOptionalAddress) {
  EXPECT_EQ(parseRtcp("53020"), (Rtcp{53020, std::nullopt}));
  EXPECT_EQ(parseRtcp("53020 IN IP4 126.16.64.4"),
            (Rtcp{53020, Connection{"IN", "IP4", "126.16.64.4"}}));
  EXPECT_EQ(parseRtcp("53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD")->str(),
            "53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD");
  for (const char* bad : {"", "x", "70000", "53020 IN IP4", "53020 IN IP4 a b"}) {
    EXPECT_FALSE(parseRtcp(bad)) << bad;
  }
}

TEST(PacketTimeTest, WholeMillisecondsAndFractions) {
  EXPECT_EQ(parsePacketTime("20"), 20u);
  EXPECT_EQ(parsePacketTime("30.0"), 30u);
  for (const char* bad : {"", "0", "x", "20.", "20.x", "-20", "20 ms", "100001"}) {
    EXPECT_FALSE(parsePacketTime(bad)) << bad;
  }
}

TEST(FmtpTest, FormatAndParameters) {
  EXPECT_EQ(parseFmtp("101 0-15"), (Fmtp{"101", "0-15"}));
  EXPECT_EQ(parseFmtp("111 minptime=10;useinbandfec=1"),
            (Fmtp{"111", "minptime=10;useinbandfec=1"}));
  EXPECT_EQ(parseFmtp("101"), (Fmtp{"101", ""}));
  EXPECT_FALSE(parseFmtp(""));
  EXPECT_FALSE(parseFmtp(" 0-15"));
}

TEST(DirectionTest, AnswersAndIntersections) {
  EXPECT_EQ(reversed(Direction::SendOnly), Direction::RecvOnly);
  EXPECT_EQ(reversed(Direction::RecvOnly), Direction::SendOnly);
  EXPECT_EQ(reversed(Direction::SendRecv), Direction::SendRecv);
  EXPECT_EQ(reversed(Direction::Inactive), Direction::Inactive);
  EXPECT_EQ(intersect(Direction::SendRecv, Direction::SendOnly), Direction::SendOnly);
  EXPECT_EQ(intersect(Direction::SendOnly, Direction::RecvOnly), Direction::Inactive);
  EXPECT_EQ(directionFromName("inactive"), Direction::Inactive);
  EXPECT_EQ(directionFromName("SENDONLY"), std::nullopt);
}

TEST(DirectionTest, SetReplacesEveryDirectionAttribute) {
  std::vector<Attribute> attributes{{"rtpmap", "0 PCMU/8000"},
                                    {"sendonly", std::nullopt},
                                    {"ptime", "20"},
                                    {"inactive", std::nullopt}};
  setDirection(attributes, Direction::RecvOnly);
  EXPECT_EQ(attributes,
            (std::vector<Attribute>{
                {"rtpmap", "0 PCMU/8000"}, {"recvonly", std::nullopt}, {"ptime", "20"}}));
}

TEST(EventSetTest, ParsesRangesAndPrintsThemCollapsed) {
  EXPECT_EQ(EventSet::parse("0-15"), EventSet::dtmf());
  EXPECT_EQ(EventSet::parse("0-15,66,70-72")->str(), "0-15,66,70-72");
  EXPECT_EQ(EventSet::parse("3,1,2, 0")->str(), "0-3");
  EXPECT_EQ(EventSet::parse("0-255")->str(), "0-255");
  EXPECT_EQ(EventSet::parse("0-16")->intersect(EventSet::dtmf()), EventSet::dtmf());
  EXPECT_TRUE(EventSet::parse("32-41")->intersect(EventSet::dtmf()).empty());
  EXPECT_EQ(EventSet{}.str(), "");
  for (const char* bad : {"", ",", "0-", "-5", "5-3", "256", "0-256", "a", "0-15,"}) {
    EXPECT_FALSE(EventSet::parse(bad)) << bad;
  }
}

} // namespace
} // namespace sb::sdp

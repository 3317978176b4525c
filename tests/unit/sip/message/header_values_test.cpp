#include "sip/message/message.hpp"

#include <gtest/gtest.h>

namespace sb::sip {
namespace {

TEST(ViaTest, ParsesSimple) {
  auto via = Via::parse("SIP/2.0/udp 192.0.2.1:5061;branch=z9hG4bK776;rport");
  ASSERT_TRUE(via.ok()) << via.error().message;
  EXPECT_EQ(via->transport, "UDP");
  EXPECT_EQ(via->host, "192.0.2.1");
  EXPECT_EQ(via->port, 5061);
  EXPECT_EQ(via->branch(), "z9hG4bK776");
  EXPECT_TRUE(via->hasMagicCookie());
  EXPECT_TRUE(hasParam(via->params, "rport"));
  EXPECT_EQ(via->str(), "SIP/2.0/UDP 192.0.2.1:5061;branch=z9hG4bK776;rport");
}

TEST(ViaTest, AllowsWhitespaceAroundSeparators) {
  auto via = Via::parse("SIP  /   2.0 /UDP    192.0.2.2 : 5070 ;  branch = z9hG4bK30239");
  ASSERT_TRUE(via.ok()) << via.error().message;
  EXPECT_EQ(via->host, "192.0.2.2");
  EXPECT_EQ(via->port, 5070);
  EXPECT_EQ(via->branch(), "z9hG4bK30239");
}

TEST(ViaTest, Ipv6AndReceived) {
  auto via = Via::parse("SIP/2.0/TLS [2001:db8::9]:5061;received=2001:db8::1;branch=z9hG4bKx");
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->host, "[2001:db8::9]");
  EXPECT_EQ(paramValue(via->params, "received"), "2001:db8::1");
}

TEST(ViaTest, MagicCookieNeedsSomethingAfterIt) {
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP h;branch=z9hG4bK").value().hasMagicCookie());
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP h;branch=1234").value().hasMagicCookie());
  EXPECT_FALSE(Via::parse("SIP/2.0/UDP h").value().hasMagicCookie());
}

TEST(ViaTest, RejectsMalformed) {
  for (const char* bad : {"", "SIP/2.0/UDP", "SIP/2.0 UDP h", "SIP/3.0/UDP h", "HTTP/2.0/UDP h",
                          "SIP/2.0/UDP 192.0.2.15;;", "SIP/2.0/UDP h:0", "SIP/2.0/UDP h:70000",
                          "SIP/2.0/UDPh", "SIP/2.0/UDP h;branch=", "SIP/2.0/UDP h junk"}) {
    EXPECT_FALSE(Via::parse(bad).ok()) << bad;
  }
}

TEST(CSeqTest, ParsesAndPrints) {
  auto cseq = CSeq::parse("0009 \t INVITE");
  ASSERT_TRUE(cseq.ok());
  EXPECT_EQ(cseq->number, 9u);
  EXPECT_EQ(cseq->method, "INVITE");
  EXPECT_EQ(cseq->str(), "9 INVITE");
}

TEST(CSeqTest, LimitsNumberBelowTwoToThe31) {
  EXPECT_TRUE(CSeq::parse("2147483647 ACK").ok());
  EXPECT_FALSE(CSeq::parse("2147483648 ACK").ok());
  EXPECT_FALSE(CSeq::parse("36893488147419103232 REGISTER").ok());
}

TEST(CSeqTest, RejectsMalformed) {
  for (const char* bad : {"", "1", "INVITE", "-1 INVITE", "1INVITE", "1 INV ITE", "1 <x>"}) {
    EXPECT_FALSE(CSeq::parse(bad).ok()) << bad;
  }
}

} // namespace
} // namespace sb::sip

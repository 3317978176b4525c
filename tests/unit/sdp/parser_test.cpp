// Parsing and serializing SDP from real peers (RFC 8866): round trips keep every line,
// typed fields read right, and untrusted input fails with an error naming the line.
#include "sdp/parser.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/serializer.hpp"

#include "peer_sdps.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

using peers::crlf;

Session parseOrFail(std::string_view text) {
  auto session = parse(text);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
  return session.ok() ? *session : Session{};
}

class PeerRoundTrip : public ::testing::TestWithParam<const std::string*> {};

TEST_P(PeerRoundTrip, SerializeGivesBackTheSameBytes) {
  const std::string& text = *GetParam();
  const Session session = parseOrFail(text);
  EXPECT_EQ(serialize(session), text);
  EXPECT_EQ(parseOrFail(serialize(session)), session);
}

INSTANTIATE_TEST_SUITE_P(RealPeers, PeerRoundTrip,
                         ::testing::Values(&peers::kSippOffer, &peers::kBaresipOffer,
                                           &peers::kAsteriskOffer, &peers::kChromeOffer));

TEST(ParserTest, ReadsSippTypedFields) {
  const Session session = parseOrFail(peers::kSippOffer);
  EXPECT_EQ(session.origin, (Origin{"user1", "53655765", 2353687637u, "IN", "IP4", "192.0.2.5"}));
  EXPECT_EQ(session.name, "-");
  ASSERT_TRUE(session.connection);
  EXPECT_EQ(session.connection->address, "192.0.2.5");
  ASSERT_EQ(session.timings.size(), 1u);
  ASSERT_EQ(session.media.size(), 1u);
  const Media& audio = session.media[0];
  EXPECT_EQ(audio.media, "audio");
  EXPECT_EQ(audio.port, 6000);
  EXPECT_EQ(audio.proto, "RTP/AVP");
  EXPECT_EQ(audio.formats, std::vector<std::string>{"0"});
  EXPECT_EQ(rtpMaps(audio), (std::vector<RtpMap>{{0, "PCMU", 8000, 1}}));
}

TEST(ParserTest, ReadsAsteriskAudioAttributes) {
  const Session session = parseOrFail(peers::kAsteriskOffer);
  const Media& audio = session.media.at(0);
  EXPECT_EQ(session.name, "Asterisk");
  EXPECT_EQ(packetTime(audio), 20u);
  EXPECT_EQ(maxPacketTime(audio), 150u);
  EXPECT_EQ(payloadFormat(audio, 101), (RtpMap{101, "telephone-event", 8000, 1}));
  EXPECT_EQ(fmtpParameters(audio, "101"), "0-16");
  EXPECT_FALSE(rtcp(audio));
  EXPECT_FALSE(rtcpMux(audio));
}

TEST(ParserTest, ReadsBaresipSessionAttributesAndBandwidth) {
  const Session session = parseOrFail(peers::kBaresipOffer);
  ASSERT_EQ(session.attributes.size(), 1u);
  EXPECT_EQ(session.attributes[0], (Attribute{"tool", "baresip 3.10.1"}));
  const Media& audio = session.media.at(0);
  EXPECT_EQ(audio.bandwidths, (std::vector<Bandwidth>{{"AS", 128}}));
  EXPECT_EQ(payloadFormat(audio, 96), (RtpMap{96, "opus", 48000, 2}));
  EXPECT_EQ(fmtpParameters(audio, "96"), "stereo=1;sprop-stereo=1");
  EXPECT_EQ(findAttribute(audio.attributes, "rtcp-rsize")->value, std::nullopt);
}

TEST(ParserTest, KeepsChromeIceAndDtlsAttributesVerbatim) {
  const Session session = parseOrFail(peers::kChromeOffer);
  EXPECT_FALSE(session.connection);
  EXPECT_EQ(findAttribute(session.attributes, "msid-semantic")->value,
            " WMS 7f1b7f0c-2c7e-4e39-9d2f-6a5b7d2f4c11");
  ASSERT_EQ(session.media.size(), 2u);
  const Media& audio = session.media[0];
  EXPECT_EQ(audio.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(session.connectionFor(audio)->address, "198.51.100.7");
  EXPECT_EQ(findAttribute(audio.attributes, "ice-pwd")->value, "Xb5Ug7dVlhXz5CkD1Rf6Kq2e");
  EXPECT_EQ(findAttributes(audio.attributes, "candidate").size(), 2u);
  EXPECT_EQ(findAttribute(audio.attributes, "fingerprint")->value->substr(0, 11), "sha-256 1C:");
  EXPECT_EQ(rtcp(audio), (Rtcp{9, Connection{"IN", "IP4", "0.0.0.0"}}));
  EXPECT_TRUE(rtcpMux(audio));
  EXPECT_EQ(payloadFormat(audio, 126), (RtpMap{126, "telephone-event", 8000, 1}));
  EXPECT_EQ(session.media[1].media, "video");
}

TEST(ParserTest, StaticPayloadTypesNeedNoRtpmap) {
  const Session session = parseOrFail(crlf("v=0\no=- 1 1 IN IP4 h\ns=-\nt=0 0\n"
                                           "m=audio 5004 RTP/AVP 8 18 0\n"));
  const Media& audio = session.media.at(0);
  EXPECT_EQ(payloadFormat(audio, 8), (RtpMap{8, "PCMA", 8000, 1}));
  EXPECT_EQ(payloadFormat(audio, 18), (RtpMap{18, "G729", 8000, 1}));
  EXPECT_FALSE(payloadFormat(audio, 96));
}

TEST(ParserTest, AcceptsLineFeedsBlankLinesAndExtraSpaces) {
  // Trailing blanks too: some gateways leave them on typed lines.
  const Session session =
      parseOrFail("v=0 \no=-  1 2 IN  IP4 h\n\ns=x\nc=IN IP4 192.0.2.1\nt=0 0 \n"
                  "m=audio  4000/2 RTP/AVP  0 8\nb=AS:64 \na=ptime:20.0\t\n\n");
  EXPECT_EQ(session.origin.sessionVersion, 2u);
  EXPECT_EQ(session.media.at(0).portCount, 2u);
  EXPECT_EQ(session.media.at(0).formats, (std::vector<std::string>{"0", "8"}));
  EXPECT_EQ(packetTime(session.media[0]), 20u);
  EXPECT_EQ(serialize(session), crlf("v=0\no=- 1 2 IN IP4 h\ns=x\nc=IN IP4 192.0.2.1\nt=0 0\n"
                                     "m=audio 4000/2 RTP/AVP 0 8\nb=AS:64\na=ptime:20.0\t\n"));
}

TEST(ParserTest, KeepsLinesItDoesNotInterpretInCanonicalPlaces) {
  // e= before i= and c= before the a= that should follow it: written back in RFC order.
  const Session session = parseOrFail(
      "v=0\no=- 1 1 IN IP4 h\ns=-\ne=ops@example.com\ni=About\nu=http://example.com\n"
      "a=recvonly\nc=IN IP4 192.0.2.1\nt=0 0\nr=7d 1h 0 25h\nz=2882844526 -1h\nk=prompt\n"
      "m=audio 4000 RTP/AVP 0\nk=clear:x\ni=Voice\nb=TIAS:64000\n");
  EXPECT_EQ(serialize(session),
            crlf("v=0\no=- 1 1 IN IP4 h\ns=-\ni=About\nu=http://example.com\n"
                 "e=ops@example.com\nc=IN IP4 192.0.2.1\nt=0 0\nr=7d 1h 0 25h\n"
                 "z=2882844526 -1h\nk=prompt\na=recvonly\nm=audio 4000 RTP/AVP 0\ni=Voice\n"
                 "b=TIAS:64000\nk=clear:x\n"));
  EXPECT_EQ(parseOrFail(serialize(session)), session);
}

struct Malformed {
  const char* name;
  std::string text;
  const char* error;
};

// A malformed body in an INVITE must end in a clear 4xx, not a crash or a guess,
// so every error says which line and what it needs.
class MalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedTest, FailsNamingTheLine) {
  auto session = parse(GetParam().text);
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().message, GetParam().error);
}

const std::string kHead = "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, MalformedTest,
    ::testing::Values(
        Malformed{"Empty", "", "SDP is empty"}, Malformed{"OnlyBlank", "\r\n\r\n", "SDP is empty"},
        Malformed{"NoVersion", "o=- 1 1 IN IP4 h\n", "line 1: SDP must start with v=0"},
        Malformed{"WrongVersion", "v=1\n", "line 1: v= must be 0"},
        Malformed{"NoOrigin", "v=0\ns=-\n", "SDP has no o= line"},
        Malformed{"NoName", "v=0\no=- 1 1 IN IP4 h\n", "SDP has no s= line"},
        Malformed{"ShortOrigin", "v=0\no=- 1 1 IN IP4\n",
                  "line 2: o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> "
                  "<address>"},
        Malformed{"OriginVersion", "v=0\no=- 1 x IN IP4 h\n",
                  "line 2: o= session version must be a number below 2^64"},
        Malformed{"TwoOrigins", "v=0\no=- 1 1 IN IP4 h\no=- 1 1 IN IP4 h\n",
                  "line 3: second o= line"},
        Malformed{"NotALine", kHead + "hello\n", "line 6: expected <type>=<value>"},
        Malformed{"UpperCaseType", kHead + "M=audio 1 RTP/AVP 0\n",
                  "line 6: expected <type>=<value>"},
        Malformed{"UnknownType", kHead + "x=1\n", "line 6: unknown line type x="},
        Malformed{"NulByte", kHead + std::string("a=x\0y\n", 6),
                  "line 6: NUL or CR inside the line"},
        Malformed{"BareCr", kHead + "a=x\ry\n", "line 6: NUL or CR inside the line"},
        Malformed{"MediaNoPort", kHead + "m=audio\n", "line 6: m= needs a port"},
        Malformed{"MediaBadPort", kHead + "m=audio 70000 RTP/AVP 0\n",
                  "line 6: m= port must be a number from 0 to 65535"},
        Malformed{"MediaBadCount", kHead + "m=audio 4000/0 RTP/AVP 0\n",
                  "line 6: m= port count must be a positive number"},
        Malformed{"MediaNoProto", kHead + "m=audio 4000\n",
                  "line 6: m= needs a transport protocol"},
        Malformed{"BadConnection", "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4\n",
                  "line 4: c= needs <nettype> <addrtype> <address>"},
        Malformed{"TwoMediaConnections", kHead + "m=audio 4000 RTP/AVP 0\nc=IN IP4 a\nc=IN IP4 b\n",
                  "line 8: second c= in one media section"},
        Malformed{"BadBandwidth", kHead + "b=AS\n", "line 6: b= needs <type>:<bandwidth>"},
        Malformed{"BadTiming", "v=0\no=- 1 1 IN IP4 h\ns=-\nt=0\n",
                  "line 4: t= needs <start time> <stop time>"},
        Malformed{"RepeatFirst", "v=0\no=- 1 1 IN IP4 h\ns=-\nr=1d 1h 0\n",
                  "line 4: r= before any t="},
        Malformed{"SessionLineInMedia", kHead + "m=audio 4000 RTP/AVP 0\nt=0 0\n",
                  "line 7: t= belongs before the first m= line"},
        Malformed{"EmptyAttribute", kHead + "a=\n", "line 6: a= needs an attribute name"},
        Malformed{"BadRtpmap", kHead + "m=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n",
                  "line 7: a=rtpmap needs <payload type> <encoding>/<clock rate>[/<channels>]"},
        Malformed{"RtpmapTypeTooBig", kHead + "m=audio 4000 RTP/AVP 0\na=rtpmap:128 X/8000\n",
                  "line 7: a=rtpmap needs <payload type> <encoding>/<clock rate>[/<channels>]"},
        Malformed{"BadFmtp", kHead + "m=audio 4000 RTP/AVP 0\na=fmtp: 0-15\n",
                  "line 7: a=fmtp needs <format> <parameters>"},
        Malformed{"BadPtime", kHead + "m=audio 4000 RTP/AVP 0\na=ptime:0\n",
                  "line 7: a=ptime needs a packet time in milliseconds"},
        Malformed{"BadMaxptime", kHead + "m=audio 4000 RTP/AVP 0\na=maxptime:x\n",
                  "line 7: a=maxptime needs a packet time in milliseconds"},
        Malformed{"BadRtcp", kHead + "m=audio 4000 RTP/AVP 0\na=rtcp:4001 IN IP4\n",
                  "line 7: a=rtcp needs <port> [<nettype> <addrtype> <address>]"}),
    [](const ::testing::TestParamInfo<Malformed>& param) { return param.param.name; });

TEST(ParserLimitsTest, RejectsTooManyBytes) {
  auto session = parse(peers::kChromeOffer, Limits{100, 1000, 4096});
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().message, "SDP of " + std::to_string(peers::kChromeOffer.size()) +
                                         " bytes is over the limit of 100");
}

TEST(ParserLimitsTest, RejectsTooManyLines) {
  auto session = parse(peers::kChromeOffer, Limits{65536, 10, 4096});
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().message, "line 11: more than 10 lines");
}

TEST(ParserLimitsTest, RejectsALongLine) {
  auto session = parse(kHead + "a=x:" + std::string(5000, 'y') + "\n");
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().message, "line 6: longer than 4096 bytes");
}

TEST(ParserLimitsTest, DefaultLimitsTakeAChromeOffer) {
  EXPECT_TRUE(parse(peers::kChromeOffer).ok());
}

} // namespace
} // namespace sb::sdp

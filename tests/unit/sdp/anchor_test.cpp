// Hold detection and rewriting a description with the engine's address (RFC 3264 8).
#include "sdp/anchor.hpp"
#include "sdp/hold.hpp"
#include "sdp/parser.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/serializer.hpp"

#include "peer_sdps.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

using peers::crlf;

Session parsed(std::string_view text) {
  auto session = parse(text);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
  return session.ok() ? *session : Session{};
}

const std::string kHead = "v=0\no=p 5 5 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n";

TEST(HoldTest, DirectionsAndOldStyleAddress) {
  const std::pair<std::string, bool> cases[] = {
      {kHead + "m=audio 6000 RTP/AVP 0\n", false},
      {kHead + "m=audio 6000 RTP/AVP 0\na=sendrecv\n", false},
      {kHead + "m=audio 6000 RTP/AVP 0\na=sendonly\n", true},
      {kHead + "m=audio 6000 RTP/AVP 0\na=inactive\n", true},
      {kHead + "m=audio 6000 RTP/AVP 0\na=recvonly\n", false},
      {kHead + "a=sendonly\nm=audio 6000 RTP/AVP 0\n", true},
      {"v=0\no=p 5 5 IN IP4 h\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 6000 RTP/AVP 0\n", true},
      {kHead + "m=audio 6000 RTP/AVP 0\nc=IN IP4 0.0.0.0\n", true},
      {kHead + "m=audio 0 RTP/AVP 0\na=sendonly\n", false},
      {kHead + "m=video 6000 RTP/AVP 96\na=sendonly\n", false},
      {kHead + "m=audio 6000 RTP/AVP 0\na=sendonly\nm=audio 6002 RTP/AVP 0\n", false},
      {kHead + "m=audio 6000 RTP/AVP 0\na=sendonly\nm=audio 6002 RTP/AVP 0\na=inactive\n", true},
  };
  for (const auto& [text, onHold] : cases) {
    EXPECT_EQ(isOnHold(parsed(text)), onHold) << text;
  }
}

TEST(AnchorTest, PutsOurAddressAndPortInAndBumpsTheVersion) {
  const Session peer = parsed(peers::kAsteriskOffer);
  const Session ours = withMediaAddress(peer, "198.51.100.1", 40000);
  EXPECT_EQ(ours.origin.sessionVersion, peer.origin.sessionVersion + 1);
  EXPECT_EQ(ours.origin.address, "203.0.113.10"); // the session is still the peer's
  EXPECT_EQ(ours.connection, Connection::forAddress("198.51.100.1"));
  EXPECT_EQ(ours.media.at(0).port, 40000);
  EXPECT_EQ(ours.media[0].attributes, peer.media[0].attributes);
  EXPECT_EQ(serialize(ours),
            crlf("v=0\no=- 1714122917 1714122920 IN IP4 203.0.113.10\ns=Asterisk\n"
                 "c=IN IP4 198.51.100.1\nt=0 0\nm=audio 40000 RTP/AVP 8 0 3 101\n"
                 "a=rtpmap:8 PCMA/8000\na=rtpmap:0 PCMU/8000\na=rtpmap:3 GSM/8000\n"
                 "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=ptime:20\n"
                 "a=maxptime:150\na=sendrecv\n"));
}

TEST(AnchorTest, UnchangedKeepsTheVersion) {
  const Session peer = parsed(kHead + "m=audio 40000 RTP/AVP 0\n");
  const Session ours = withMediaAddress(peer, "192.0.2.10", 40000);
  EXPECT_EQ(ours, peer);
}

TEST(AnchorTest, RewritesMediaLevelConnectionAndRtcp) {
  const Session peer = parsed(peers::kChromeOffer);
  const Session ours = withMediaAddress(peer, "198.51.100.1", 40000);
  const Media& audio = ours.media.at(0);
  EXPECT_EQ(audio.port, 40000);
  EXPECT_EQ(audio.connection, Connection::forAddress("198.51.100.1"));
  // Chrome multiplexes RTCP, so a=rtcp names the RTP port.
  EXPECT_EQ(rtcp(audio), (Rtcp{40000, Connection::forAddress("198.51.100.1")}));
  EXPECT_EQ(findAttribute(audio.attributes, "ice-ufrag")->value, "Vq3b");
  // Video had its own c= and is left alone.
  EXPECT_EQ(ours.media.at(1), peer.media.at(1));
}

TEST(AnchorTest, RtcpWithoutMuxIsTheNextPort) {
  const Session peer = parsed(kHead + "m=audio 6000 RTP/AVP 0\na=rtcp:6001\n");
  const Session ours = withMediaAddress(peer, "198.51.100.1", 40000);
  EXPECT_EQ(rtcp(ours.media.at(0)), (Rtcp{40001, std::nullopt}));
}

TEST(AnchorTest, OtherStreamsKeepThePeersAddress) {
  const Session peer = parsed(kHead + "m=audio 6000 RTP/AVP 0\nm=video 6002 RTP/AVP 96\n"
                                      "m=video 0 RTP/AVP 97\n");
  const Session ours = withMediaAddress(peer, "198.51.100.1", 40000);
  EXPECT_EQ(ours.media.at(0).connection, std::nullopt);
  EXPECT_EQ(ours.media.at(1).connection, Connection::forAddress("192.0.2.10"));
  EXPECT_EQ(ours.media.at(1).port, 6002);
  EXPECT_EQ(ours.media.at(2).connection, std::nullopt);
}

TEST(AnchorTest, IPv6) {
  const Session ours = withMediaAddress(parsed(peers::kSippOffer), "2001:db8::7", 40000);
  EXPECT_EQ(ours.connection, (Connection{"IN", "IP6", "2001:db8::7"}));
}

TEST(AsUpdateOfTest, KeepsTheLegsOriginAndCountsChanges) {
  const Session sent = withMediaAddress(parsed(peers::kSippOffer), "198.51.100.1", 40000);
  // The other leg re-offers the same media under a new o= version: nothing changed here.
  Session reoffer = parsed(peers::kSippOffer);
  reoffer.origin.sessionVersion += 1;
  const Session same = asUpdateOf(sent, withMediaAddress(reoffer, "198.51.100.1", 40000));
  EXPECT_EQ(same, sent);
  // Now it holds: the version goes up by one.
  reoffer.media.at(0).attributes.push_back(Attribute{"sendonly", std::nullopt});
  const Session held = asUpdateOf(sent, withMediaAddress(reoffer, "198.51.100.1", 40000));
  EXPECT_EQ(held.origin.sessionId, sent.origin.sessionId);
  EXPECT_EQ(held.origin.sessionVersion, sent.origin.sessionVersion + 1);
  EXPECT_TRUE(isOnHold(held));
}

} // namespace
} // namespace sb::sdp

// Browser softphones (registered over WebSocket, RFC 7118) are rung with a WebRTC offer
// (UDP/TLS/RTP/SAVPF from a WebRTC leg of the engine); every other device keeps plain RTP.
// The browser's answer hands its ICE and DTLS parameters to the engine (R-26: the call's
// media still goes through it).
#include "b2bua_fixture.hpp"

namespace sb::calls {
namespace {

const net::Endpoint kAliceBrowser{net::TransportKind::Wss, "127.0.0.1", 6010, 7};

std::string chromeAnswer() {
  return "v=0\r\no=- 5742133870351924876 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
         "m=audio 61234 UDP/TLS/RTP/SAVPF 0 101\r\nc=IN IP4 203.0.113.50\r\n"
         "a=candidate:3320617418 1 udp 2122260223 203.0.113.50 61234 typ host generation 0\r\n"
         "a=ice-ufrag:hT7e\r\na=ice-pwd:Q2w9E4r6T8y0U1i3O5p7A9s2\r\n"
         "a=fingerprint:sha-256 8B:22:E1:90:4C:7F:3A:D5:61:0E:B9:28:F4:73:C6:1D:5A:E0:97:3B:CC:14:68:2F:D1:05:"
         "8E:A4:39:7B:E2:50\r\n"
         "a=setup:active\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n"
         "a=rtpmap:101 telephone-event/8000\r\na=ssrc:3794051552 cname:Qm1zV8cX2bN4aS6d\r\n";
}

class B2buaWebRtcTest : public B2buaTest {
protected:
  B2buaWebRtcTest() {
    devices.contacts = {contactAt("u-alice", "alice", kAlicePhone), contactAt("u-alice", "alice", kAliceBrowser)};
  }

  std::pair<sip::Message, sip::Message> ring() {
    layer.receive(parse(trunkInvite()), kTrunk);
    log.commitAll();
    auto phone = network.take(kAlicePhone);
    auto browser = network.take(kAliceBrowser);
    EXPECT_EQ(phone.size(), 1u);
    EXPECT_EQ(browser.size(), 1u);
    return {phone.at(0), browser.at(0)};
  }
};

TEST(DeviceContactTest, RegisteredOverWebSocketIsABrowser) {
  EXPECT_TRUE(contactAt("u", "a", kAliceBrowser).isBrowser());
  EXPECT_TRUE(contactAt("u", "a", net::Endpoint{net::TransportKind::Ws, "127.0.0.1", 80, 1}).isBrowser());
  EXPECT_FALSE(contactAt("u", "a", kAlicePhone).isBrowser());
  EXPECT_FALSE(contactAt("u", "a", net::Endpoint{net::TransportKind::Tls, "127.0.0.1", 5061, 1}).isBrowser());
}

TEST_F(B2buaWebRtcTest, AnswerMethodsChooseBetweenTheBrowserAndSipPhones) {
  routing.routes.front().noBrowsers.insert("u-alice");
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  EXPECT_EQ(network.take(kAlicePhone).size(), 1u) << "her SIP phone rings";
  EXPECT_TRUE(network.take(kAliceBrowser).empty()) << "the browser is not among her answer methods";
}

TEST_F(B2buaWebRtcTest, ABrowserOnlyUserIsNotRungOnSipPhones) {
  routing.routes.front().noSipPhones.insert("u-alice");
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  EXPECT_TRUE(network.take(kAlicePhone).empty());
  EXPECT_EQ(network.take(kAliceBrowser).size(), 1u);
}

TEST_F(B2buaWebRtcTest, TheBrowserIsOfferedWebRtcAndThePhonePlainRtp) {
  auto [phone, browser] = ring();
  EXPECT_NE(phone.body.find("m=audio 20002 RTP/AVP 0 8 101"), std::string::npos) << phone.body;
  EXPECT_EQ(phone.body.find("a=fingerprint"), std::string::npos);

  const std::string& offer = browser.body;
  EXPECT_NE(offer.find("UDP/TLS/RTP/SAVPF 0 8 101"), std::string::npos) << offer;
  EXPECT_NE(offer.find("a=ice-lite\r\n"), std::string::npos);
  EXPECT_NE(offer.find("a=fingerprint:sha-256 AB:CD:EF:01\r\n"), std::string::npos);
  EXPECT_NE(offer.find("a=setup:actpass\r\n"), std::string::npos);
  EXPECT_NE(offer.find("a=rtcp-mux\r\n"), std::string::npos);
  EXPECT_NE(offer.find("a=candidate:1 1 udp 2130706431 127.0.0.1 20004 typ host\r\n"), std::string::npos);
}

TEST_F(B2buaWebRtcTest, TheBrowsersAnswerConfiguresItsLegWithIceAndDtls) {
  auto [phone, browser] = ring();
  auto ok = reply(browser, 200, "br1", kAliceBrowser);
  ok.body = chromeAnswer();
  ok.setHeader("Content-Length", std::to_string(ok.body.size()));
  layer.receive(parse(ok.serialize()), kAliceBrowser);
  log.commitAll();
  // Leg 1 is the caller's, 2 the phone's, 3 the browser's.
  ASSERT_TRUE(media.configured.count(3)) << ::testing::PrintToString(media.commands);
  const sdp::AudioStream& stream = media.configured[3];
  ASSERT_TRUE(stream.webrtc);
  EXPECT_EQ(stream.webrtc->iceUfrag, "hT7e");
  EXPECT_EQ(stream.webrtc->setup, sdp::DtlsSetup::Active);
  EXPECT_TRUE(stream.rtcpMux);
  EXPECT_EQ(stream.codec.encoding, "PCMU");
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 200);
}

TEST_F(B2buaWebRtcTest, ABrowserAnswerWithoutFingerprintIsRefused) {
  auto [phone, browser] = ring();
  auto ok = reply(browser, 200, "br1", kAliceBrowser);
  std::string body = chromeAnswer();
  const auto at = body.find("a=fingerprint");
  body.erase(at, body.find("\r\n", at) + 2 - at);
  ok.body = body;
  ok.setHeader("Content-Length", std::to_string(ok.body.size()));
  layer.receive(parse(ok.serialize()), kAliceBrowser);
  log.commitAll();
  EXPECT_FALSE(media.configured.count(3));
  auto toBrowser = network.take(kAliceBrowser);
  EXPECT_EQ(methods(toBrowser).back(), "BYE") << "the browser's dialog is ended, its media was unusable";
}

} // namespace
} // namespace sb::calls

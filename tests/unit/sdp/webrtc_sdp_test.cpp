// The SDP of WebRTC legs: our UDP/TLS/RTP/SAVPF offer to a browser softphone, reading a
// Chrome answer to it, what such an answer must have, and answering a browser's own offer.
#include "sdp/answer.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "sdp/serializer.hpp"
#include "sdp/webrtc_attributes.hpp"

#include "peer_sdps.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

using peers::crlf;

const std::string kFingerprint =
    "3A:1F:07:C2:9D:44:B8:6E:10:F5:2C:93:7A:DE:61:08:B4:5F:2E:C7:90:13:AA:6D:F1:38:0C:E2:5B:97:14:D6";

LocalMedia webrtcLeg() {
  LocalMedia local;
  local.origin.sessionId = "3088";
  local.origin.sessionVersion = 1;
  local.address = "198.51.100.1";
  local.port = 40002;
  local.webrtc = WebRtcParameters{"k3Yx9QpL", "Zm0rT8vW2nB5cX7dF1gH4jK6", {"sha-256", kFingerprint}, DtlsSetup::ActPass};
  return local;
}

Session parsed(std::string_view text) {
  auto session = parse(text);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
  return session.ok() ? *session : Session{};
}

// What Chrome answers to our offer once JsSIP has gathered its candidates: BUNDLE, msid,
// ssrc lines, a=rtcp with the placeholder port, a=setup:active.
std::string chromeAnswer(std::string_view connection = "203.0.113.50", std::string_view extra = "") {
  return crlf("v=0\n"
              "o=- 5742133870351924876 2 IN IP4 127.0.0.1\n"
              "s=-\n"
              "t=0 0\n"
              "a=group:BUNDLE 0\n"
              "a=extmap-allow-mixed\n"
              "a=msid-semantic: WMS 9d1c6f0e-3b7a-4c2d-8e5f-0a1b2c3d4e5f\n"
              "m=audio 61234 UDP/TLS/RTP/SAVPF 0 101\n"
              "c=IN IP4 " + std::string(connection) + "\n"
              "a=rtcp:9 IN IP4 0.0.0.0\n"
              "a=candidate:3320617418 1 udp 2122260223 203.0.113.50 61234 typ host generation 0 network-id 1\n"
              "a=candidate:1182493874 1 tcp 1518280447 203.0.113.50 9 typ host tcptype active generation 0\n"
              "a=ice-ufrag:hT7e\n"
              "a=ice-pwd:Q2w9E4r6T8y0U1i3O5p7A9s2\n"
              "a=ice-options:trickle\n"
              "a=fingerprint:sha-256 "
              "8B:22:E1:90:4C:7F:3A:D5:61:0E:B9:28:F4:73:C6:1D:5A:E0:97:3B:CC:14:68:2F:D1:05:8E:A4:39:7B:E2:50\n"
              "a=setup:active\n"
              "a=mid:0\n"
              "a=sendrecv\n"
              "a=msid:9d1c6f0e-3b7a-4c2d-8e5f-0a1b2c3d4e5f 6e2a9b7c-1d3f-4e5a-8b9c-0d1e2f3a4b5c\n"
              "a=rtcp-mux\n"
              "a=rtpmap:0 PCMU/8000\n"
              "a=rtpmap:101 telephone-event/8000\n" +
              std::string(extra) +
              "a=ssrc:3794051552 cname:Qm1zV8cX2bN4aS6d\n"
              "a=ssrc:3794051552 msid:9d1c6f0e-3b7a-4c2d-8e5f-0a1b2c3d4e5f 6e2a9b7c-1d3f-4e5a-8b9c-0d1e2f3a4b5c\n");
}

std::string without(std::string text, std::string_view linePrefix) {
  for (std::size_t at = text.find(linePrefix); at != std::string::npos; at = text.find(linePrefix)) {
    text.erase(at, text.find('\n', at) - at + 1);
  }
  return text;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(WebRtcOfferTest, OffersSavpfWithIceLiteDtlsAndOneHostCandidate) {
  const Session offer = buildOffer(Capabilities{}, webrtcLeg());
  EXPECT_EQ(serialize(offer),
            crlf("v=0\no=- 3088 1 IN IP4 198.51.100.1\ns=-\nc=IN IP4 198.51.100.1\nt=0 0\n"
                 "a=ice-lite\n"
                 "m=audio 40002 UDP/TLS/RTP/SAVPF 0 8 101\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
                 "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=ptime:20\na=rtcp-mux\n"
                 "a=sendrecv\na=mid:0\na=ice-ufrag:k3Yx9QpL\na=ice-pwd:Zm0rT8vW2nB5cX7dF1gH4jK6\n"
                 "a=fingerprint:sha-256 " + kFingerprint + "\n"
                 "a=setup:actpass\n"
                 "a=candidate:1 1 udp 2130706431 198.51.100.1 40002 typ host\n"
                 "a=end-of-candidates\n"));
  EXPECT_EQ(parsed(serialize(offer)), offer);
}

TEST(WebRtcOfferTest, AlwaysActPassWhateverRoleTheLegHolds) {
  LocalMedia local = webrtcLeg();
  local.webrtc->setup = DtlsSetup::Passive;
  const Session offer = buildOffer(Capabilities{}, local);
  const Media& audio = offer.media.at(0);
  EXPECT_EQ(findAttribute(audio.attributes, "setup")->value, "actpass");
}

TEST(WebRtcAnswerTest, ReadsAChromeAnswer) {
  const Session offer = buildOffer(Capabilities{}, webrtcLeg());
  auto stream = readAnswer(offer, parsed(chromeAnswer()));
  ASSERT_TRUE(stream) << stream.error().message;
  ASSERT_TRUE(stream->webrtc);
  EXPECT_EQ(stream->webrtc->iceUfrag, "hT7e");
  EXPECT_EQ(stream->webrtc->icePwd, "Q2w9E4r6T8y0U1i3O5p7A9s2");
  EXPECT_EQ(stream->webrtc->fingerprint.algorithm, "sha-256");
  EXPECT_EQ(stream->webrtc->fingerprint.value.substr(0, 8), "8B:22:E1");
  EXPECT_EQ(stream->webrtc->setup, DtlsSetup::Active); // Chrome connects: we serve DTLS
  EXPECT_EQ(stream->codec.encoding, "PCMU");
  ASSERT_TRUE(stream->telephoneEvent);
  EXPECT_EQ(stream->telephoneEvent->payloadType, 101);
  EXPECT_TRUE(stream->rtcpMux);
  EXPECT_EQ(stream->remoteRtpPort, 61234);
  EXPECT_EQ(stream->remoteRtcpPort, 61234);
  EXPECT_EQ(stream->direction, Direction::SendRecv);
  EXPECT_FALSE(stream->onHold);
}

TEST(WebRtcAnswerTest, PlaceholderAddressIsNeitherHoldNorSilence) {
  const Session offer = buildOffer(Capabilities{}, webrtcLeg());
  auto stream = readAnswer(offer, parsed(chromeAnswer("0.0.0.0")));
  ASSERT_TRUE(stream) << stream.error().message;
  EXPECT_EQ(stream->direction, Direction::SendRecv);
  EXPECT_FALSE(stream->onHold);
  auto held = readAnswer(offer, parsed(replaced(chromeAnswer(), "a=sendrecv", "a=recvonly")));
  ASSERT_TRUE(held);
  EXPECT_EQ(held->direction, Direction::SendOnly);
}

TEST(WebRtcAnswerTest, SessionLevelCredentialsAndFingerprintCount) {
  std::string answer = chromeAnswer();
  const std::string credentials = "a=ice-ufrag:hT7e\na=ice-pwd:Q2w9E4r6T8y0U1i3O5p7A9s2\n";
  answer = without(without(answer, "a=ice-ufrag"), "a=ice-pwd");
  answer = replaced(answer, "a=group:BUNDLE 0\r\n", "a=group:BUNDLE 0\r\n" + crlf(credentials));
  auto stream = readAnswer(buildOffer(Capabilities{}, webrtcLeg()), parsed(answer));
  ASSERT_TRUE(stream) << stream.error().message;
  EXPECT_EQ(stream->webrtc->iceUfrag, "hT7e");
}

TEST(WebRtcAnswerTest, RefusesAnAnswerWithoutWhatWebRtcNeeds) {
  const Session offer = buildOffer(Capabilities{}, webrtcLeg());
  const auto problem = [&](const std::string& answer) {
    auto stream = readAnswer(offer, parsed(answer));
    return stream ? std::string("accepted") : stream.error().message;
  };
  EXPECT_EQ(problem(without(chromeAnswer(), "a=fingerprint")), "the WebRTC stream has no DTLS fingerprint");
  EXPECT_EQ(problem(without(chromeAnswer(), "a=ice-pwd")), "the WebRTC stream has no ICE credentials");
  EXPECT_EQ(problem(without(chromeAnswer(), "a=rtcp-mux")),
            "the WebRTC answer does not multiplex RTCP (no a=rtcp-mux)");
  EXPECT_EQ(problem(replaced(chromeAnswer(), "a=setup:active", "a=setup:actpass")),
            "the WebRTC answer says a=setup:actpass; an answer chooses active or passive");
  EXPECT_EQ(problem(replaced(chromeAnswer(), "a=setup:active", "a=setup:holdconn")),
            "the WebRTC stream's a=setup is not actpass, active or passive");
  EXPECT_EQ(problem(replaced(chromeAnswer(), "UDP/TLS/RTP/SAVPF", "RTP/AVP")),
            "the answer is RTP/AVP where we offered UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(problem(replaced(chromeAnswer(), "a=fingerprint:sha-256 8B:22", "a=fingerprint:sha-256 8B:2")),
            "the WebRTC stream's a=fingerprint is malformed");
}

TEST(WebRtcAnswerTest, WithoutSetupTheAnswererIsActive) {
  auto stream = readAnswer(buildOffer(Capabilities{}, webrtcLeg()), parsed(without(chromeAnswer(), "a=setup")));
  ASSERT_TRUE(stream) << stream.error().message;
  EXPECT_EQ(stream->webrtc->setup, DtlsSetup::Active);
}

TEST(WebRtcAnswerOfferTest, AnswersChromesOfferOnAWebRtcLeg) {
  const Answer answer = answerOffer(parsed(peers::kChromeOffer), Capabilities{}, webrtcLeg());
  ASSERT_TRUE(answer.audio);
  ASSERT_EQ(answer.session.media.size(), 2u);
  const Media& audio = answer.session.media[0];
  EXPECT_EQ(audio.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"0", "126"}));
  EXPECT_TRUE(rtcpMux(audio));
  EXPECT_EQ(findAttribute(audio.attributes, "setup")->value, "active"); // we connect (RFC 5763 5)
  EXPECT_EQ(findAttribute(audio.attributes, "mid")->value, "0");
  EXPECT_EQ(findAttribute(audio.attributes, "ice-ufrag")->value, "k3Yx9QpL");
  EXPECT_TRUE(hasAttribute(answer.session.attributes, "ice-lite"));
  const Media& video = answer.session.media[1];
  EXPECT_TRUE(video.isRejected());
  EXPECT_EQ(findAttribute(video.attributes, "mid")->value, "1");
  ASSERT_TRUE(answer.audio->webrtc);
  EXPECT_EQ(answer.audio->webrtc->iceUfrag, "Vq3b");
  EXPECT_EQ(answer.audio->webrtc->setup, DtlsSetup::Passive); // Chrome waits for our hello
  EXPECT_EQ(answer.audio->codec.encoding, "PCMU");
}

TEST(WebRtcAnswerOfferTest, AReOfferKeepsTheRoleTheLegHolds) {
  LocalMedia local = webrtcLeg();
  local.webrtc->setup = DtlsSetup::Passive; // Chrome answered our first offer active
  const Answer answer = answerOffer(parsed(peers::kChromeOffer), Capabilities{}, local);
  ASSERT_TRUE(answer.audio);
  EXPECT_EQ(findAttribute(answer.session.media[0].attributes, "setup")->value, "passive");
  EXPECT_EQ(answer.audio->webrtc->setup, DtlsSetup::Active);
}

TEST(WebRtcAnswerOfferTest, EachKindOfLegTakesOnlyItsOwnKindOfOffer) {
  EXPECT_FALSE(answerOffer(parsed(peers::kChromeOffer), Capabilities{}, LocalMedia{}).audio);
  EXPECT_FALSE(answerOffer(parsed(peers::kSippOffer), Capabilities{}, webrtcLeg()).audio);
  const std::string noFingerprint = without(peers::kChromeOffer, "a=fingerprint");
  EXPECT_FALSE(answerOffer(parsed(noFingerprint), Capabilities{}, webrtcLeg()).audio);
}

TEST(WebRtcAttributesTest, SetupAndFingerprintValues) {
  EXPECT_EQ(parseSetup("actpass"), DtlsSetup::ActPass);
  EXPECT_EQ(parseSetup("PASSIVE"), DtlsSetup::Passive);
  EXPECT_FALSE(parseSetup("holdconn"));
  EXPECT_EQ(parseFingerprint("SHA-256 AB:cd")->algorithm, "sha-256");
  EXPECT_FALSE(parseFingerprint("sha-256"));
  EXPECT_FALSE(parseFingerprint("sha-256 ABCD"));
  EXPECT_FALSE(parseFingerprint("sha-256 AB:CD:"));
  EXPECT_EQ(answerSetup(DtlsSetup::ActPass, std::nullopt), DtlsSetup::Active);
  EXPECT_EQ(answerSetup(DtlsSetup::Active, DtlsSetup::Active), DtlsSetup::Passive);
  EXPECT_EQ(answerSetup(DtlsSetup::Passive, std::nullopt), DtlsSetup::Active);
}

} // namespace
} // namespace sb::sdp

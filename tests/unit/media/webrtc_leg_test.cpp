// An engine WebRTC leg against a browser built from the same parts, over real 127.0.0.1
// UDP: ICE check, DTLS handshake, then SRTP both ways through a bridge to a plain RTP leg.
// Also: nothing passes before DTLS is done, a fingerprint mismatch is refused and reported,
// lost consent is reported, and the leg can be the DTLS client.
#include "webrtc_peer.hpp"

#include <gtest/gtest.h>

namespace sb::media::test {
namespace {

struct WebRtcCall {
  explicit WebRtcCall(Engine& engine) {
    auto w = engine.openLeg("webrtc", LegKind::WebRtc);
    auto p = engine.openLeg("webrtc");
    EXPECT_TRUE(w && p);
    web = *w;
    plain = *p;
  }
  LegAddress web;
  LegAddress plain;
  Peer phone;
};

std::vector<std::uint8_t> payload(std::uint8_t seed) {
  std::vector<std::uint8_t> bytes(160);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(seed + i * 3);
  return bytes;
}

TEST(WebRtcLeg, OpensWithFreshIceCredentialsAndTheEngineFingerprint) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  auto a = engine.openLeg("x", LegKind::WebRtc);
  auto b = engine.openLeg("x", LegKind::WebRtc);
  auto plain = engine.openLeg("x");
  ASSERT_TRUE(a && b && plain);
  ASSERT_TRUE(a->webrtc && b->webrtc);
  EXPECT_FALSE(plain->webrtc);
  EXPECT_NE(a->webrtc->iceUfrag, b->webrtc->iceUfrag);
  EXPECT_GE(a->webrtc->icePwd.size(), 22u);
  EXPECT_EQ(a->webrtc->fingerprint.algorithm, "sha-256");
  EXPECT_EQ(a->webrtc->fingerprint, b->webrtc->fingerprint); // one certificate per engine
  EXPECT_EQ(a->webrtc->setup, sdp::DtlsSetup::ActPass);
}

TEST(WebRtcLeg, SrtpFlowsBothWaysThroughABridgeToAPlainLeg) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  WebRtcCall call(engine);
  WebRtcPeer browser;
  engine.configure(call.web.id, browser.stream());
  engine.configure(call.plain.id, streamTo(call.phone.port()));
  engine.bridge(call.web.id, call.plain.id);

  ASSERT_TRUE(browser.check(call.web));
  // Before DTLS: clear RTP on the WebRTC port is not handed on.
  const auto ignoredBefore = engine.stats().packetsIgnored;
  browser.sendRaw(call.web.rtpPort, std::vector<std::uint8_t>{0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF});
  EXPECT_TRUE(pollUntil([&] { return engine.stats().packetsIgnored > ignoredBefore; }));

  ASSERT_TRUE(browser.handshake(call.web));
  const auto fromBrowser = payload(1);
  // The leg may still be installing its SRTP keys when the first packet goes: send a few.
  std::optional<ReceivedRtp> atPhone;
  for (std::uint16_t i = 0; i < 20 && !atPhone; ++i) {
    browser.sendSrtp(call.web.rtpPort, static_cast<std::uint16_t>(100 + i), 160u * i, 0xB0B0, fromBrowser);
    atPhone = call.phone.receive(200ms);
  }
  ASSERT_TRUE(atPhone);
  EXPECT_EQ(atPhone->payload, fromBrowser);
  EXPECT_EQ(atPhone->payloadType, 0);

  const auto fromPhone = payload(7);
  call.phone.sendRtp(call.plain.rtpPort, 0, 500, 8000, 0xCAFE, fromPhone);
  auto atBrowser = browser.receiveSrtp();
  ASSERT_TRUE(atBrowser);
  EXPECT_EQ(atBrowser->payload, fromPhone);
  EXPECT_NE(atBrowser->ssrc, 0xCAFEu);
  EXPECT_EQ(engine.stats().webrtcFailures, 0u);
}

TEST(WebRtcLeg, TheLegIsTheDtlsClientWhenTheBrowserIsPassive) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  WebRtcCall call(engine);
  WebRtcPeer browser(sdp::DtlsSetup::Passive);
  engine.configure(call.web.id, browser.stream());
  engine.configure(call.plain.id, streamTo(call.phone.port()));
  engine.bridge(call.web.id, call.plain.id);
  ASSERT_TRUE(browser.check(call.web));
  ASSERT_TRUE(browser.handshake(call.web)); // the leg's ClientHello follows the check

  const auto fromPhone = payload(9);
  std::optional<ReceivedRtp> atBrowser;
  for (std::uint16_t i = 0; i < 20 && !atBrowser; ++i) {
    call.phone.sendRtp(call.plain.rtpPort, 0, static_cast<std::uint16_t>(i), 160u * i, 0xCAFE, fromPhone);
    atBrowser = browser.receiveSrtp(200ms);
  }
  ASSERT_TRUE(atBrowser);
  EXPECT_EQ(atBrowser->payload, fromPhone);
}

TEST(WebRtcLeg, FingerprintMismatchIsRefusedCountedAndReported) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  WebRtcCall call(engine);
  WebRtcPeer browser;
  WebRtcPeer impostor; // its fingerprint is what the SDP claims
  auto stream = browser.stream();
  stream.webrtc->fingerprint = impostor.parameters().fingerprint;
  engine.configure(call.web.id, stream);
  engine.configure(call.plain.id, streamTo(call.phone.port()));
  engine.bridge(call.web.id, call.plain.id);

  ASSERT_TRUE(browser.check(call.web));
  browser.handshake(call.web, 2000ms); // the browser's side may finish; ours refuses
  const LegId web = call.web.id;
  EXPECT_TRUE(events.waitFor([&] {
    return std::find(events.timeouts.begin(), events.timeouts.end(), web) != events.timeouts.end();
  }));
  EXPECT_EQ(engine.stats().webrtcFailures, 1u);
  // Whatever the browser sends now goes nowhere.
  browser.sendSrtp(call.web.rtpPort, 1, 0, 0xB0B0, payload(3));
  EXPECT_FALSE(call.phone.receive(300ms));
}

TEST(WebRtcLeg, LostConsentIsReportedAsAMediaTimeout) {
  RecordedEvents events;
  auto config = testConfig();
  config.consentTimeout = std::chrono::milliseconds(300);
  Engine engine(config, events);
  WebRtcCall call(engine);
  WebRtcPeer browser;
  engine.configure(call.web.id, browser.stream());
  ASSERT_TRUE(browser.check(call.web));
  const LegId web = call.web.id;
  EXPECT_TRUE(events.waitFor([&] {
    return std::find(events.timeouts.begin(), events.timeouts.end(), web) != events.timeouts.end();
  }));
}

TEST(WebRtcLeg, ChecksWithTheWrongPasswordAreRefused) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  WebRtcCall call(engine);
  WebRtcPeer browser;
  engine.configure(call.web.id, browser.stream());
  EXPECT_FALSE(browser.check(call.web, true, "not-the-password-of-this-leg"));
  EXPECT_TRUE(browser.check(call.web));
}

} // namespace
} // namespace sb::media::test

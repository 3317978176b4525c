// Key presses: RFC 4733 events are reported once per press and passed on to the bridged
// peer under its own telephone-event payload type; a leg without telephone-event hears
// in-band tones.
#include "dtmf_signal.hpp"
#include "peer.hpp"
#include "rtp/telephone_event.hpp"

#include <gtest/gtest.h>

namespace sb::media::test {
namespace {

// One press of `key` as a phone sends it: marker first, updates, three end packets.
void sendKeyPress(Peer& peer, std::uint16_t port, std::uint8_t payloadType, char key,
                  std::uint16_t& sequence, std::uint32_t timestamp, std::uint32_t ssrc) {
  const std::uint8_t event = *rtp::dtmfEventOf(key);
  const std::uint16_t durations[] = {160, 320, 480, 640, 640, 640};
  for (std::size_t i = 0; i < std::size(durations); ++i) {
    rtp::TelephoneEvent te{event, i >= 3, 10, durations[i]};
    const auto payload = rtp::writeTelephoneEvent(te);
    peer.sendRtp(port, payloadType, sequence++, timestamp, ssrc, payload, i == 0);
  }
}

TEST(Digits, Rfc4733PressIsReportedOnceAndPassedOnUnderThePeersType) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peerA;
  Peer peerB;
  auto a = engine.openLeg("digits");
  auto b = engine.openLeg("digits");
  ASSERT_TRUE(a && b);
  engine.configure(a->id, streamTo(peerA.port(), "PCMU", 101));
  engine.configure(b->id, streamTo(peerB.port(), "PCMU", 96));
  engine.bridge(a->id, b->id);

  std::uint16_t sequence = 100;
  sendKeyPress(peerA, a->rtpPort, 101, '5', sequence, 8000, 0xAAAA);
  ASSERT_TRUE(events.waitFor([&] { return !events.digits.empty(); }));
  int relayed = 0;
  while (auto got = peerB.receive(relayed < 6 ? 3000ms : 200ms)) {
    EXPECT_EQ(got->payloadType, 96);
    auto event = rtp::parseTelephoneEvent(got->payload);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->event, 5);
    ++relayed;
  }
  EXPECT_EQ(relayed, 6);
  events.waitFor([] { return false; }, 100ms);
  ASSERT_EQ(events.digits.size(), 1u);
  EXPECT_EQ(events.digits[0].leg, a->id);
  EXPECT_EQ(events.digits[0].key, '5');
  EXPECT_EQ(events.digits[0].source, DigitSource::Rfc4733);
}

TEST(Digits, EventsAreDroppedForAPeerWithoutTelephoneEvent) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peerA;
  Peer peerB;
  auto a = engine.openLeg("digits");
  auto b = engine.openLeg("digits");
  ASSERT_TRUE(a && b);
  engine.configure(a->id, streamTo(peerA.port(), "PCMU", 101));
  engine.configure(b->id, streamTo(peerB.port(), "PCMU", std::nullopt));
  engine.bridge(a->id, b->id);
  std::uint16_t sequence = 1;
  sendKeyPress(peerA, a->rtpPort, 101, '9', sequence, 0, 0xAAAA);
  ASSERT_TRUE(events.waitFor([&] { return !events.digits.empty(); }));
  EXPECT_FALSE(peerB.receive(200ms));
}

TEST(Digits, InBandToneIsReportedOnALegWithoutTelephoneEvent) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("inband");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port(), "PCMU", std::nullopt));
  const auto tones = dtmfTones("7");
  const auto codes = ulaw(tones);
  for (std::size_t at = 0, i = 0; at + 160 <= codes.size(); at += 160, ++i) {
    peer.sendRtp(leg->rtpPort, 0, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(at),
                 0x1234, std::span(codes).subspan(at, 160));
  }
  ASSERT_TRUE(events.waitFor([&] { return !events.digits.empty(); }));
  EXPECT_EQ(events.digits[0].key, '7');
  EXPECT_EQ(events.digits[0].source, DigitSource::InBand);
}

} // namespace
} // namespace sb::media::test

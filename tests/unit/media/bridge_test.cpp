// Bridging: audio goes from one leg's peer to the other's as the other leg's own stream:
// copied when the codecs and packet times match, converted between μ-law and A-law, and
// repacketized between 20 ms and 30 ms with every sample kept in order.
#include "audio/g711.hpp"
#include "peer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sb::media::test {
namespace {

struct BridgedPair {
  explicit BridgedPair(Engine& engine) {
    auto a = engine.openLeg("bridge");
    auto b = engine.openLeg("bridge");
    EXPECT_TRUE(a && b);
    legA = *a;
    legB = *b;
  }
  LegAddress legA;
  LegAddress legB;
  Peer peerA;
  Peer peerB;
};

TEST(Bridge, SameCodecCopiesPayloadsUnderTheOtherLegsStream) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  BridgedPair p(engine);
  engine.configure(p.legA.id, streamTo(p.peerA.port()));
  engine.configure(p.legB.id, streamTo(p.peerB.port(), "PCMU", 101));
  engine.bridge(p.legA.id, p.legB.id);

  std::vector<std::vector<std::uint8_t>> sent;
  for (int i = 0; i < 5; ++i) {
    std::vector<std::uint8_t> payload(160);
    for (std::size_t n = 0; n < payload.size(); ++n)
      payload[n] = static_cast<std::uint8_t>(n * 7 + static_cast<std::size_t>(i));
    sent.push_back(payload);
    p.peerA.sendRtp(p.legA.rtpPort, 0, static_cast<std::uint16_t>(1000 + i),
                    static_cast<std::uint32_t>(5000 + 160 * i), 0xAAAA, payload);
  }
  std::optional<ReceivedRtp> previous;
  for (int i = 0; i < 5; ++i) {
    auto got = p.peerB.receive();
    ASSERT_TRUE(got) << "packet " << i;
    EXPECT_EQ(got->payload, sent[static_cast<std::size_t>(i)]);
    EXPECT_EQ(got->payloadType, 0);
    EXPECT_NE(got->ssrc, 0xAAAAu);
    if (previous) {
      EXPECT_EQ(got->ssrc, previous->ssrc);
      EXPECT_EQ(got->sequence, static_cast<std::uint16_t>(previous->sequence + 1));
      EXPECT_EQ(got->timestamp, previous->timestamp + 160);
    }
    previous = got;
  }

  // And the other way.
  p.peerB.sendRtp(p.legB.rtpPort, 0, 1, 0, 0xBBBB, sent[0]);
  auto back = p.peerA.receive();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->payload, sent[0]);
  EXPECT_NE(back->ssrc, 0xBBBBu);
}

TEST(Bridge, UlawToAlawDecodesToTheSameAudio) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  BridgedPair p(engine);
  engine.configure(p.legA.id, streamTo(p.peerA.port(), "PCMU"));
  engine.configure(p.legB.id, streamTo(p.peerB.port(), "PCMA"));
  engine.bridge(p.legA.id, p.legB.id);

  const auto tone = sine(1000, 160, 6000);
  p.peerA.sendRtp(p.legA.rtpPort, 0, 1, 0, 0xAAAA, ulaw(tone));
  auto got = p.peerB.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payloadType, 8);
  ASSERT_EQ(got->payload.size(), 160u);
  for (std::size_t n = 0; n < tone.size(); ++n) {
    const int decoded = audio::alawToLinear(got->payload[n]);
    // Two G.711 quantisations: a few percent of the sample plus the step near zero.
    EXPECT_LE(std::abs(decoded - tone[n]), std::abs(tone[n]) / 10 + 40) << "sample " << n;
  }
}

TEST(Bridge, RepacketizesThirtyMillisecondsIntoTwentyKeepingEverySample) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  BridgedPair p(engine);
  engine.configure(p.legA.id, streamTo(p.peerA.port(), "PCMU", 101, 30));
  engine.configure(p.legB.id, streamTo(p.peerB.port(), "PCMU", 101, 20));
  engine.bridge(p.legA.id, p.legB.id);

  // Codes that survive decoding and re-encoding unchanged, counting up, so order shows.
  std::vector<std::uint8_t> stream;
  for (std::size_t n = 0; n < 240 * 4; ++n)
    stream.push_back(audio::linearToUlaw(audio::ulawToLinear(static_cast<std::uint8_t>(n % 251))));
  for (std::size_t i = 0; i < 4; ++i) {
    p.peerA.sendRtp(p.legA.rtpPort, 0, static_cast<std::uint16_t>(10 + i),
                    static_cast<std::uint32_t>(240 * i), 0xAAAA,
                    std::span(stream).subspan(240 * i, 240));
  }
  std::vector<std::uint8_t> received;
  std::optional<ReceivedRtp> previous;
  for (int i = 0; i < 6; ++i) {
    auto got = p.peerB.receive();
    ASSERT_TRUE(got) << "packet " << i;
    ASSERT_EQ(got->payload.size(), 160u);
    if (previous) {
      EXPECT_EQ(got->sequence, static_cast<std::uint16_t>(previous->sequence + 1));
      EXPECT_EQ(got->timestamp, previous->timestamp + 160);
    }
    received.insert(received.end(), got->payload.begin(), got->payload.end());
    previous = got;
  }
  EXPECT_EQ(received, stream);
}

TEST(Bridge, UnknownPayloadTypesAreDropped) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  BridgedPair p(engine);
  engine.configure(p.legA.id, streamTo(p.peerA.port()));
  engine.configure(p.legB.id, streamTo(p.peerB.port()));
  engine.bridge(p.legA.id, p.legB.id);
  const std::vector<std::uint8_t> payload(160, 0x55);
  p.peerA.sendRtp(p.legA.rtpPort, 13, 1, 0, 0xAAAA, std::span(payload).first(1)); // comfort noise
  p.peerA.sendRtp(p.legA.rtpPort, 0, 2, 160, 0xAAAA, payload);
  auto got = p.peerB.receive();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payloadType, 0);
  EXPECT_EQ(got->payload, payload);
}

} // namespace
} // namespace sb::media::test

// Prompts: the peer receives the PCM in its codec, one packet per packet time, and the
// finish is reported; when the prompt ends the bridge partner's audio continues the same
// RTP stream (one SSRC, consecutive sequence numbers).
#include "audio/g711.hpp"
#include "peer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sb::media::test {
namespace {

TEST(Playback, SendsThePromptPacedAndReportsTheEnd) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("play");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port(), "PCMA"));
  constexpr std::size_t kPackets = 10;
  auto prompt = std::make_shared<const Pcm>(sine(440, 160 * kPackets, 5000));
  engine.play(leg->id, prompt, false, 42);

  std::vector<std::int16_t> heard;
  std::optional<ReceivedRtp> previous;
  auto firstAt = std::chrono::steady_clock::now();
  auto lastAt = firstAt;
  for (std::size_t i = 0; i < kPackets; ++i) {
    auto got = peer.receive();
    ASSERT_TRUE(got) << "packet " << i;
    lastAt = std::chrono::steady_clock::now();
    if (i == 0) firstAt = lastAt;
    EXPECT_EQ(got->payloadType, 8);
    if (previous) {
      EXPECT_EQ(got->ssrc, previous->ssrc);
      EXPECT_EQ(got->sequence, static_cast<std::uint16_t>(previous->sequence + 1));
      EXPECT_EQ(got->timestamp, previous->timestamp + 160);
    }
    for (std::uint8_t code : got->payload)
      heard.push_back(audio::alawToLinear(code));
    previous = got;
  }
  EXPECT_FALSE(peer.receive(100ms)); // nothing beyond the prompt
  ASSERT_TRUE(events.waitFor([&] { return !events.playsFinished.empty(); }));
  EXPECT_EQ(events.playsFinished[0], std::make_pair(leg->id, std::uint64_t{42}));
  // Paced: the packets spread over the prompt's length (loosely, the machine is loaded).
  EXPECT_GE(lastAt - firstAt, 9 * 20ms * 7 / 10);
  ASSERT_EQ(heard.size(), prompt->size());
  for (std::size_t n = 0; n < heard.size(); ++n)
    ASSERT_LE(std::abs(heard[n] - (*prompt)[n]), std::abs((*prompt)[n]) / 16 + 16) << n;
}

TEST(Playback, StopPlayingAndALoopDoNotReportAnEnd) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("loop");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port()));
  auto prompt = std::make_shared<const Pcm>(sine(440, 200, 5000)); // shorter than 2 packets
  engine.play(leg->id, prompt, true, 7);
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(peer.receive()) << i; // looping past the end
  engine.stopPlaying(leg->id);
  engine.play(leg->id, prompt, false, 8);
  ASSERT_TRUE(events.waitFor([&] { return !events.playsFinished.empty(); }));
  EXPECT_EQ(events.playsFinished.size(), 1u);
  EXPECT_EQ(events.playsFinished[0].second, 8u);
}

TEST(Playback, TheBridgeTakesOverTheSameStreamWhenThePromptEnds) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer caller;
  Peer agent;
  auto a = engine.openLeg("switch");
  auto b = engine.openLeg("switch");
  ASSERT_TRUE(a && b);
  engine.configure(a->id, streamTo(caller.port()));
  engine.configure(b->id, streamTo(agent.port()));
  engine.bridge(a->id, b->id);
  engine.play(a->id, std::make_shared<const Pcm>(160 * 3, 0), false, 1);
  std::vector<ReceivedRtp> heard;
  for (int i = 0; i < 3; ++i) {
    auto got = caller.receive();
    ASSERT_TRUE(got);
    heard.push_back(*got);
  }
  ASSERT_TRUE(events.waitFor([&] { return !events.playsFinished.empty(); }));
  const std::vector<std::uint8_t> voice(160, 0x42);
  for (int i = 0; i < 3; ++i) {
    agent.sendRtp(b->rtpPort, 0, static_cast<std::uint16_t>(500 + i),
                  static_cast<std::uint32_t>(99999 + 160 * i), 0xBEEF, voice);
  }
  for (int i = 0; i < 3; ++i) {
    auto got = caller.receive();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->payload, voice);
    heard.push_back(*got);
  }
  EXPECT_TRUE(heard[3].marker); // the receiver resynchronises
  for (std::size_t i = 1; i < heard.size(); ++i) {
    EXPECT_EQ(heard[i].ssrc, heard[0].ssrc);
    EXPECT_EQ(heard[i].sequence, static_cast<std::uint16_t>(heard[i - 1].sequence + 1)) << i;
    EXPECT_GT(static_cast<std::int32_t>(heard[i].timestamp - heard[i - 1].timestamp), 0) << i;
  }
}

} // namespace
} // namespace sb::media::test

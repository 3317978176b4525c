// FrameRelay on its own: passing through, law conversion, repacketizing 30 ms into 20 ms
// and back, and telephone-events under the receiver's payload type.
#include "audio/g711.hpp"
#include "media/frame_relay.hpp"

#include <gtest/gtest.h>

namespace sb::media {
namespace {

LegFormat format(Codec codec, std::uint32_t samples, std::optional<std::uint8_t> events = 101) {
  LegFormat f;
  f.codec = codec;
  f.payloadType = codec == Codec::Pcma ? 8 : 0;
  f.packetSamples = samples;
  f.telephoneEventType = events;
  f.encoding = codec == Codec::Pcma ? "PCMA" : "PCMU";
  return f;
}

rtp::RtpPacket packet(std::span<const std::uint8_t> payload, std::uint16_t seq, std::uint32_t ts) {
  rtp::RtpPacket p;
  p.ssrc = 9;
  p.sequence = seq;
  p.timestamp = ts;
  p.payload = payload;
  return p;
}

TEST(FrameRelay, TwentyIntoThirtyKeepsSamplesAndTimestamps) {
  FrameRelay relay;
  relay.setTarget(format(Codec::Pcmu, 240));
  const auto from = format(Codec::Pcmu, 160);
  std::vector<std::uint8_t> in;
  for (int n = 0; n < 480; ++n)
    in.push_back(audio::linearToUlaw(audio::ulawToLinear(static_cast<std::uint8_t>(n % 200))));
  std::vector<std::uint8_t> out;
  std::vector<std::uint32_t> stamps;
  for (std::uint32_t i = 0; i < 3; ++i) {
    for (const auto& frame :
         relay.relayAudio(from, packet(std::span(in).subspan(160 * i, 160),
                                       static_cast<std::uint16_t>(i), 1000 + 160 * i))) {
      EXPECT_EQ(frame.payload.size(), 240u);
      stamps.push_back(frame.timestamp);
      out.insert(out.end(), frame.payload.begin(), frame.payload.end());
    }
  }
  EXPECT_EQ(out, in);
  EXPECT_EQ(stamps, (std::vector<std::uint32_t>{1000, 1240}));
}

TEST(FrameRelay, ConvertsLawsAndDropsEventsForAReceiverWithoutThem) {
  FrameRelay relay;
  relay.setTarget(format(Codec::Pcma, 160, std::nullopt));
  const std::vector<std::uint8_t> in(160, audio::linearToUlaw(1000));
  auto frames = relay.relayAudio(format(Codec::Pcmu, 160), packet(in, 1, 0));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].payloadType, 8);
  EXPECT_EQ(frames[0].payload[0], audio::ulawToAlaw(in[0]));
  EXPECT_TRUE(relay.relayEvent(packet(in, 2, 0)).empty());
}

TEST(FrameRelay, EventsTakeTheReceiversPayloadType) {
  FrameRelay relay;
  relay.setTarget(format(Codec::Pcmu, 160, 96));
  const std::vector<std::uint8_t> event{5, 10, 0, 160};
  auto frames = relay.relayEvent(packet(event, 7, 800));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].payloadType, 96);
  EXPECT_EQ(frames[0].sequence, 7);
  EXPECT_EQ(frames[0].payload, event);
}

} // namespace
} // namespace sb::media

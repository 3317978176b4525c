// Latching (symmetric RTP): the first source after configure() is the peer; other sources
// are ignored and counted; what the leg sends goes to the latched source, not the SDP
// address; configure() again latches afresh. Nothing is taken before configure().
#include "peer.hpp"
#include "rtp/rtcp_packet.hpp"
#include "rtp/rtcp_reports.hpp"

#include <gtest/gtest.h>

namespace sb::media::test {
namespace {

TEST(Latching, FollowsTheFirstSourceAndIgnoresOthersUntilConfiguredAgain) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer sdpPeer;  // where the SDP says the peer is
  Peer realPeer; // where its packets really come from (NAT)
  auto leg = engine.openLeg("latch");
  ASSERT_TRUE(leg);
  const std::vector<std::uint8_t> payload(160, 0xFF);

  // Before configure(): dropped.
  realPeer.sendRtp(leg->rtpPort, 0, 1, 160, 77, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsIgnored == 1; }));

  engine.configure(leg->id, streamTo(sdpPeer.port()));
  realPeer.sendRtp(leg->rtpPort, 0, 2, 320, 77, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsReceived == 1; }));
  sdpPeer.sendRtp(leg->rtpPort, 0, 1, 0, 88, payload);
  sdpPeer.sendRtp(leg->rtpPort, 0, 2, 160, 88, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsIgnored == 3; }));
  EXPECT_EQ(engine.stats().packetsReceived, 1u);

  // What the leg sends goes to the latched source.
  auto prompt = std::make_shared<const Pcm>(160, 0);
  engine.play(leg->id, prompt, false, 1);
  auto atReal = realPeer.receive();
  ASSERT_TRUE(atReal);
  EXPECT_FALSE(sdpPeer.receive(100ms));

  // A new configure() latches afresh: the SDP peer is first this time.
  engine.configure(leg->id, streamTo(sdpPeer.port()));
  sdpPeer.sendRtp(leg->rtpPort, 0, 3, 320, 88, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsReceived == 2; }));
  realPeer.sendRtp(leg->rtpPort, 0, 3, 480, 77, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsIgnored == 4; }));
  engine.play(leg->id, prompt, false, 2);
  EXPECT_TRUE(sdpPeer.receive());
}

TEST(Latching, SendsToTheSdpAddressBeforeAnyPacketAndNotWhenHeldOrInactive) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("send");
  ASSERT_TRUE(leg);
  auto prompt = std::make_shared<const Pcm>(160, 0);

  auto held = streamTo(peer.port());
  held.onHold = true;
  engine.configure(leg->id, held);
  engine.play(leg->id, prompt, false, 1);
  ASSERT_TRUE(events.waitFor([&] { return events.playsFinished.size() == 1; }));
  EXPECT_FALSE(peer.receive(100ms));

  auto inactive = streamTo(peer.port());
  inactive.direction = sdp::Direction::RecvOnly;
  engine.configure(leg->id, inactive);
  engine.play(leg->id, prompt, false, 2);
  ASSERT_TRUE(events.waitFor([&] { return events.playsFinished.size() == 2; }));
  EXPECT_FALSE(peer.receive(100ms));

  auto nowhere = streamTo(peer.port());
  nowhere.remoteAddress = "0.0.0.0";
  engine.configure(leg->id, nowhere);
  engine.play(leg->id, prompt, false, 3);
  ASSERT_TRUE(events.waitFor([&] { return events.playsFinished.size() == 3; }));
  EXPECT_FALSE(peer.receive(100ms));

  engine.configure(leg->id, streamTo(peer.port()));
  engine.play(leg->id, prompt, false, 4);
  EXPECT_TRUE(peer.receive());
}

TEST(Rtcp, AReceiverReportGoesToThePeer) {
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("rtcp");
  ASSERT_TRUE(leg);
  auto stream = streamTo(peer.port());
  stream.rtcpMux = true;
  const std::vector<std::uint8_t> payload(160, 0xFF);
  engine.configure(leg->id, stream);
  for (int i = 0; i < 3; ++i)
    peer.sendRtp(leg->rtpPort, 0, static_cast<std::uint16_t>(i), 160u * i, 0x77, payload);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().packetsReceived == 3; }));
  // The first report goes out on the next check after configure(), then every 5 s.
  auto report = peer.receiveRtcp();
  ASSERT_TRUE(report);
  auto compound = rtp::parseRtcpCompound(*report);
  ASSERT_TRUE(compound);
  const rtp::RtcpPacket first = *compound->begin();
  auto receiverReport = rtp::parseReceiverReport(first);
  ASSERT_TRUE(receiverReport);
  if (receiverReport->reports.size() == 1) {
    EXPECT_EQ(receiverReport->reports[0].ssrc, 0x77u);
  }
}

} // namespace
} // namespace sb::media::test

// Media timeout: reported once when a receiving leg's peer falls silent; not for a stream
// the peer holds; the clock starts again with configure() and bridge().
#include "peer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sb::media::test {
namespace {

TEST(MediaTimeout, ReportedOnceWhenThePeerStopsAndNotOnHold) {
  RecordedEvents events;
  auto config = testConfig();
  config.mediaTimeout = 300ms;
  Engine engine(config, events);
  Peer talking;
  Peer holding;
  auto live = engine.openLeg("timeout");
  auto held = engine.openLeg("timeout");
  ASSERT_TRUE(live && held);
  engine.configure(live->id, streamTo(talking.port()));
  auto onHold = streamTo(holding.port());
  onHold.onHold = true;
  onHold.direction = sdp::Direction::SendOnly;
  engine.configure(held->id, onHold);
  const std::vector<std::uint8_t> payload(160, 0xFF);
  for (int i = 0; i < 3; ++i)
    talking.sendRtp(live->rtpPort, 0, static_cast<std::uint16_t>(i), 160u * i, 1, payload);

  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(events.waitFor([&] { return !events.timeouts.empty(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  EXPECT_EQ(events.timeouts[0], live->id);
  // Nothing more: not again for the live leg, never for the held one.
  EXPECT_FALSE(events.waitFor([&] { return events.timeouts.size() > 1; }, 800ms));

  // configure() again restarts the clock and the report.
  engine.configure(live->id, streamTo(talking.port()));
  ASSERT_TRUE(events.waitFor([&] { return events.timeouts.size() == 2; }));
  EXPECT_EQ(events.timeouts[1], live->id);
}

TEST(MediaTimeout, BridgingRestartsTheClockOfACallerThatWasSilentWhileRinging) {
  RecordedEvents events;
  auto config = testConfig();
  config.mediaTimeout = 300ms;
  Engine engine(config, events);
  Peer caller;
  Peer agent;
  auto callerLeg = engine.openLeg("ringing");
  auto agentLeg = engine.openLeg("ringing");
  ASSERT_TRUE(callerLeg && agentLeg);
  engine.configure(callerLeg->id, streamTo(caller.port()));
  ASSERT_TRUE(events.waitFor([&] { return events.timeouts.size() == 1; })) << "silent while ringing";
  engine.configure(agentLeg->id, streamTo(agent.port()));
  engine.bridge(callerLeg->id, agentLeg->id);
  // Once connected, silence is reported again (for both: neither sends).
  ASSERT_TRUE(events.waitFor([&] { return events.timeouts.size() >= 3; }));
  EXPECT_EQ(std::count(events.timeouts.begin(), events.timeouts.end(), callerLeg->id), 2);
}

} // namespace
} // namespace sb::media::test

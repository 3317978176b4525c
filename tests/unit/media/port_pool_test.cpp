// Port pairs: handed out even/odd, back in the pool on close (at the end of the queue), an
// error when none is free, and a pair another process holds is skipped.
#include "media/port_pool.hpp"
#include "peer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace sb::media::test {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

TEST(PortPool, HandsOutEvenOddPairsAndQueuesFreedOnesLast) {
  const auto config = testConfig(3);
  PortPool pool(config.bindAddress, config.firstPort, config.lastPort);
  asio::io_context io;
  ASSERT_EQ(pool.freeCount(), 3u);
  auto first = pool.acquire(io);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->rtpPort % 2, 0);
  EXPECT_EQ(first->rtcp.local_endpoint().port(), first->rtpPort + 1);
  EXPECT_EQ(pool.freeCount(), 2u);
  const auto firstPort = first->rtpPort;
  first->rtp.close();
  first->rtcp.close();
  pool.release(firstPort);
  auto second = pool.acquire(io);
  auto third = pool.acquire(io);
  auto fourth = pool.acquire(io);
  ASSERT_TRUE(second && third && fourth);
  EXPECT_NE(second->rtpPort, firstPort);
  EXPECT_NE(third->rtpPort, firstPort);
  EXPECT_EQ(fourth->rtpPort, firstPort); // the freed pair came last
  auto none = pool.acquire(io);
  EXPECT_FALSE(none);
}

TEST(PortPool, SkipsAPairSomebodyElseHolds) {
  const auto config = testConfig(2);
  asio::io_context io;
  // Another process has the RTCP port of the first pair.
  udp::socket squatter(io, udp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<std::uint16_t>(config.firstPort + 1)));
  PortPool pool(config.bindAddress, config.firstPort, config.lastPort);
  auto pair = pool.acquire(io);
  ASSERT_TRUE(pair) << pair.error().message;
  EXPECT_EQ(pair->rtpPort, config.firstPort + 2);
  EXPECT_FALSE(pool.acquire(io)); // the held pair is still held
  squatter.close();
  auto later = pool.acquire(io);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->rtpPort, config.firstPort);
}

TEST(EnginePorts, OpenAndCloseReturnPortsAndExhaustionIsAnError) {
  RecordedEvents events;
  Engine engine(testConfig(2), events);
  EXPECT_EQ(engine.stats().portsFree, 2u);
  auto a = engine.openLeg("call-1");
  auto b = engine.openLeg("call-1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->address, "127.0.0.1");
  EXPECT_NE(a->rtpPort, b->rtpPort);
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(engine.stats().legsOpen, 2u);
  EXPECT_EQ(engine.stats().portsFree, 0u);
  EXPECT_FALSE(engine.openLeg("call-2"));
  engine.closeLeg(a->id);
  engine.closeLeg(a->id);     // twice: harmless
  engine.closeLeg(123456789); // unknown: harmless
  ASSERT_TRUE(pollUntil([&] { return engine.stats().portsFree == 1; }));
  EXPECT_EQ(engine.stats().legsOpen, 1u);
  auto c = engine.openLeg("call-3");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->rtpPort, a->rtpPort);
}

} // namespace
} // namespace sb::media::test

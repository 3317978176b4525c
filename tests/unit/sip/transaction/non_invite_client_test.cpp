// Non-INVITE client transactions (RFC 3261 17.1.2).
#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;
using Ms = std::vector<common::Duration>;

class NonInviteClientTest : public LayerTest {
protected:
  ClientTransactionId start(const net::Endpoint& to = udp("10.0.0.2", 5060),
                            const std::string& transport = "UDP") {
    request = makeRequest("OPTIONS", "z9hG4bKopt1", transport);
    destination = to;
    return layer.sendRequest(request, to);
  }
  Message response(int code) const { return makeResponse(request, code, {}, "callee1"); }
  Message request;
  net::Endpoint destination;
};

TEST_F(NonInviteClientTest, TimerEDoublesUpToT2ThenTimerFTimesOut) {
  ClientTransactionId tx = start();
  Ms times = sendTimesDuring(milliseconds(32'000));
  EXPECT_EQ(times,
            (Ms{milliseconds(500), milliseconds(1500), milliseconds(3500), milliseconds(7500),
                milliseconds(11'500), milliseconds(15'500), milliseconds(19'500),
                milliseconds(23'500), milliseconds(27'500), milliseconds(31'500)}));
  ASSERT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(user.events.back().message.statusCode, 408);
  EXPECT_EQ(user.events.back().message.cseq()->method, "OPTIONS");
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(NonInviteClientTest, ProceedingRetransmitsEveryT2) {
  start();
  advance(milliseconds(600)); // sent at 0 and 500; E next at 1500
  layer.receive(response(100), destination);
  EXPECT_EQ(user.count("response"), 1u);
  Ms times = sendTimesDuring(milliseconds(10'000));
  EXPECT_EQ(times, (Ms{milliseconds(900), milliseconds(4900), milliseconds(8900)}));
}

TEST_F(NonInviteClientTest, FinalResponseCompletesAndTimerKEnds) {
  ClientTransactionId tx = start();
  layer.receive(response(200), destination);
  ASSERT_EQ(user.count("response"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  layer.receive(response(200), destination); // absorbed in Completed
  EXPECT_EQ(user.count("response"), 1u);
  EXPECT_EQ(user.count("stray"), 0u);
  Ms times = sendTimesDuring(milliseconds(4999));
  EXPECT_TRUE(times.empty());
  EXPECT_EQ(layer.activeCount(), 1u);
  advance(milliseconds(1)); // Timer K = T4
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(NonInviteClientTest, ReliableTransportNoRetransmissionsAndKIsZero) {
  start(tcp("10.0.0.2", 5060, 3), "TCP");
  Ms times = sendTimesDuring(milliseconds(20'000));
  EXPECT_TRUE(times.empty());
  layer.receive(response(404), destination);
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_EQ(user.count("response"), 1u);
}

TEST_F(NonInviteClientTest, ReliableTransportTimesOutWithTimerF) {
  start(tcp("10.0.0.2", 5060, 3), "TCP");
  advance(milliseconds(32'000));
  EXPECT_EQ(user.count("failure"), 1u);
}

TEST_F(NonInviteClientTest, RetransmissionThatCannotBeSentFailsWith503) {
  start();
  sender.failuresLeft = 1;
  advance(milliseconds(500));
  ASSERT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(user.events.back().message.statusCode, 503);
}

TEST(NonInviteClientConfigTest, ConfiguredT1AndT2ShapeTheSchedule) {
  common::ManualClock clock;
  RecordingSender sender;
  RecordingUser user;
  TransactionLayer layer(clock, sender, user,
                         TimerConfig{milliseconds(100), milliseconds(400), milliseconds(1000)});
  layer.sendRequest(makeRequest("OPTIONS"), udp("10.0.0.2", 5060));
  Ms times;
  while (auto deadline = layer.nextDeadline()) {
    clock.advance(*deadline - clock.now());
    std::size_t before = sender.sent.size();
    layer.tick();
    if (sender.sent.size() > before) times.push_back(clock.now() - common::TimePoint{});
    if (times.size() == 5) break;
  }
  EXPECT_EQ(times, (Ms{milliseconds(100), milliseconds(300), milliseconds(700), milliseconds(1100),
                       milliseconds(1500)}));
}

} // namespace
} // namespace sb::sip::transaction::testing

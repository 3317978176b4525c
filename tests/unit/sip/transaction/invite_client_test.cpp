// INVITE client transactions (RFC 3261 17.1.1, RFC 6026 Accepted state).
#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;
using Ms = std::vector<common::Duration>;

class InviteClientTest : public LayerTest {
protected:
  ClientTransactionId start(const net::Endpoint& to = udp("10.0.0.2", 5060),
                            const std::string& transport = "UDP") {
    invite = makeRequest("INVITE", "z9hG4bKinv1", transport);
    destination = to;
    return layer.sendRequest(invite, to);
  }
  Message response(int code, const std::string& toTag = "callee1") const {
    return makeResponse(invite, code, {}, code == 100 ? "" : toTag);
  }
  Message invite;
  net::Endpoint destination;
};

TEST_F(InviteClientTest, SendsTheInviteToTheDestination) {
  ClientTransactionId tx = start();
  ASSERT_NE(tx, 0u);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.method, "INVITE");
  EXPECT_EQ(lastSent().destination, destination);
  EXPECT_EQ(layer.activeCount(), 1u);
  ASSERT_NE(layer.clientRequest(tx), nullptr);
  EXPECT_EQ(layer.clientRequest(tx)->method, "INVITE");
}

TEST_F(InviteClientTest, TimerADoublesWithoutCapThenTimerBTimesOut) {
  ClientTransactionId tx = start();
  Ms times = sendTimesDuring(milliseconds(32'000));
  EXPECT_EQ(times, (Ms{milliseconds(500), milliseconds(1500), milliseconds(3500),
                       milliseconds(7500), milliseconds(15'500), milliseconds(31'500)}));
  ASSERT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(user.events.back().message.statusCode, 408);
  EXPECT_EQ(user.events.back().message.callId(), "call-1@10.0.0.1");
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_EQ(layer.counters().retransmissions, 6u);
  EXPECT_EQ(layer.counters().timeouts, 1u);
  EXPECT_FALSE(layer.nextDeadline().has_value());
}

TEST_F(InviteClientTest, ProvisionalStopsRetransmissionsAndTimerB) {
  ClientTransactionId tx = start();
  advance(milliseconds(600)); // one retransmission
  layer.receive(response(180), destination);
  ASSERT_EQ(user.count("response"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(user.events.back().message.statusCode, 180);
  std::size_t sent = sender.sent.size();
  advance(milliseconds(120'000));
  EXPECT_EQ(sender.sent.size(), sent);
  EXPECT_EQ(user.count("failure"), 0u);
  EXPECT_EQ(layer.activeCount(), 1u); // Proceeding waits for the final response
}

TEST_F(InviteClientTest, FailureResponseIsAckedWithTheSameBranchAndTheResponseToTag) {
  start();
  layer.receive(response(180), destination);
  layer.receive(response(486), destination);
  ASSERT_EQ(sender.sent.size(), 2u);
  const Message& ack = lastSent().message;
  EXPECT_EQ(ack.method, "ACK");
  EXPECT_EQ(ack.requestUri.str(), invite.requestUri.str());
  EXPECT_EQ(lastSent().destination, destination);
  EXPECT_EQ(ack.topVia()->branch(), "z9hG4bKinv1");
  EXPECT_EQ(ack.toTag(), "callee1");
  EXPECT_EQ(ack.fromTag(), "fromtag1");
  EXPECT_EQ(ack.callId(), invite.callId());
  EXPECT_EQ(ack.cseq()->number, 1u);
  EXPECT_EQ(ack.cseq()->method, "ACK");
  EXPECT_EQ(ack.headerValues("Route"), invite.headerValues("Route"));
  EXPECT_FALSE(validate(ack).has_value());
  EXPECT_EQ(user.count("response"), 2u);
}

TEST_F(InviteClientTest, CompletedResendsAckForRetransmittedFailureUntilTimerD) {
  start();
  layer.receive(response(486), destination);
  ASSERT_EQ(sender.sent.size(), 2u);
  layer.receive(response(486), destination);
  EXPECT_EQ(sender.sent.size(), 3u);
  EXPECT_EQ(lastSent().message.method, "ACK");
  EXPECT_EQ(user.count("response"), 1u); // the TU saw it once
  advance(milliseconds(31'999));
  EXPECT_EQ(layer.activeCount(), 1u);
  advance(milliseconds(1)); // Timer D = 64*T1 over UDP
  EXPECT_EQ(layer.activeCount(), 0u);
  layer.receive(response(486), destination);
  EXPECT_EQ(user.count("stray"), 1u);
}

TEST_F(InviteClientTest, SuccessRetransmissionsReachTheTuUntilTimerM) {
  ClientTransactionId tx = start();
  layer.receive(response(200), destination);
  layer.receive(response(200), destination);
  ASSERT_EQ(user.count("response"), 2u);
  EXPECT_EQ(user.events[1].tx, tx);
  EXPECT_EQ(sender.sent.size(), 1u); // the TU ACKs a 2xx, not the layer
  advance(milliseconds(32'000));
  EXPECT_EQ(layer.activeCount(), 0u);
  layer.receive(response(200), destination);
  EXPECT_EQ(user.count("stray"), 1u);
}

TEST_F(InviteClientTest, ReliableTransportNeitherRetransmitsNorWaitsInCompleted) {
  start(tcp("10.0.0.2", 5060, 7), "TCP");
  Ms times = sendTimesDuring(milliseconds(31'999));
  EXPECT_TRUE(times.empty());
  layer.receive(response(503), destination);
  EXPECT_EQ(lastSent().message.method, "ACK");
  EXPECT_EQ(layer.activeCount(), 0u); // Timer D is 0
}

TEST_F(InviteClientTest, ReliableTransportStillTimesOutWithTimerB) {
  start(tcp("10.0.0.2", 5060, 7), "TCP");
  advance(milliseconds(32'000));
  EXPECT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(sender.sent.size(), 1u);
}

TEST_F(InviteClientTest, FailedFirstSendIsReportedFromTickNotFromSendRequest) {
  sender.failuresLeft = 1;
  ClientTransactionId tx = start();
  ASSERT_NE(tx, 0u);
  EXPECT_TRUE(user.events.empty());
  layer.tick();
  ASSERT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(user.events.back().message.statusCode, 503);
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(InviteClientTest, RefusesRequestsThatCannotStartATransaction) {
  EXPECT_EQ(layer.sendRequest(makeRequest("ACK", "z9hG4bKx"), udp("10.0.0.2", 5060)), 0u);
  EXPECT_EQ(layer.sendRequest(makeRequest("INVITE", "no-cookie"), udp("10.0.0.2", 5060)), 0u);
  ClientTransactionId first = start();
  EXPECT_NE(first, 0u);
  EXPECT_EQ(layer.sendRequest(invite, destination), 0u); // same branch and method
  EXPECT_EQ(sender.sent.size(), 1u);
}

TEST_F(InviteClientTest, ResponsesMatchOnBranchAndMethod) {
  start();
  Message wrongMethod = response(200);
  wrongMethod.setHeader("CSeq", "1 BYE");
  layer.receive(wrongMethod, destination);
  EXPECT_EQ(user.count("stray"), 1u);
  EXPECT_EQ(user.count("response"), 0u);
}

TEST(InviteClientConfigTest, TimersFollowConfiguredT1) {
  common::ManualClock clock;
  RecordingSender sender;
  RecordingUser user;
  TransactionLayer layer(clock, sender, user,
                         TimerConfig{milliseconds(100), milliseconds(400), milliseconds(1000)});
  layer.sendRequest(makeRequest("INVITE"), udp("10.0.0.2", 5060));
  ASSERT_TRUE(layer.nextDeadline().has_value());
  EXPECT_EQ(*layer.nextDeadline() - clock.now(), milliseconds(100));
  clock.advance(milliseconds(6399));
  layer.tick();
  EXPECT_EQ(user.count("failure"), 0u);
  clock.advance(milliseconds(1));
  layer.tick(); // Timer B = 64*T1 = 6.4 s
  EXPECT_EQ(user.count("failure"), 1u);
}

} // namespace
} // namespace sb::sip::transaction::testing

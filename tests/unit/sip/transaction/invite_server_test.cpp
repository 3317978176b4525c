// INVITE server transactions (RFC 3261 17.2.1, RFC 6026 Accepted state).
#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;
using Ms = std::vector<common::Duration>;

class InviteServerTest : public LayerTest {
protected:
  ServerTransactionId receiveInvite(const net::Endpoint& from = udp("10.0.0.1", 5060),
                                    const std::string& transport = "UDP") {
    invite = makeRequest("INVITE", "z9hG4bKuac1", transport);
    source = from;
    layer.receive(invite, from);
    EXPECT_EQ(user.count("request"), 1u);
    return user.events.empty() ? 0 : user.events.back().tx;
  }
  Message answer(ServerTransactionId tx, int code) const {
    return makeResponse(*layer.serverRequest(tx), code, {}, "uas1");
  }
  // The ACK a UAC sends for a non-2xx: same branch, To tag of the response.
  Message ackFor(const Message& response) const {
    Message ack = makeRequest("ACK", "z9hG4bKuac1");
    ack.setHeader("To", *response.header("To"));
    return ack;
  }
  Message invite;
  net::Endpoint source;
};

TEST_F(InviteServerTest, NewInviteReachesTheTu) {
  ServerTransactionId tx = receiveInvite();
  ASSERT_NE(tx, 0u);
  EXPECT_EQ(user.events.back().message.method, "INVITE");
  EXPECT_EQ(user.events.back().source, source);
  ASSERT_NE(layer.serverSource(tx), nullptr);
  EXPECT_EQ(*layer.serverSource(tx), source);
  EXPECT_EQ(layer.counters().serverCreated, 1u);
}

TEST_F(InviteServerTest, TryingGoesOutAfter200msWithoutAnAnswer) {
  receiveInvite();
  advance(milliseconds(199));
  EXPECT_TRUE(sender.sent.empty());
  advance(milliseconds(1));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 100);
  EXPECT_EQ(lastSent().message.toTag(), "");
  EXPECT_EQ(lastSent().destination, udp("10.0.0.1", 5060));
}

TEST_F(InviteServerTest, NoTryingWhenTheTuAnswersFirst) {
  ServerTransactionId tx = receiveInvite();
  advance(milliseconds(100));
  EXPECT_TRUE(layer.respond(tx, answer(tx, 180)));
  advance(milliseconds(1000));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 180);
}

TEST_F(InviteServerTest, RetransmittedInviteGetsTheLastProvisional) {
  ServerTransactionId tx = receiveInvite();
  layer.receive(invite, source); // nothing to re-send yet
  EXPECT_TRUE(sender.sent.empty());
  layer.respond(tx, answer(tx, 180));
  layer.receive(invite, source);
  ASSERT_EQ(sender.sent.size(), 2u);
  EXPECT_EQ(lastSent().message.statusCode, 180);
  EXPECT_EQ(user.count("request"), 1u);
}

TEST_F(InviteServerTest, FailureRetransmitsWithTimerGUntilTimerH) {
  ServerTransactionId tx = receiveInvite();
  layer.respond(tx, answer(tx, 486));
  Ms times = sendTimesDuring(milliseconds(32'000));
  EXPECT_EQ(times,
            (Ms{milliseconds(500), milliseconds(1500), milliseconds(3500), milliseconds(7500),
                milliseconds(11'500), milliseconds(15'500), milliseconds(19'500),
                milliseconds(23'500), milliseconds(27'500), milliseconds(31'500)}));
  ASSERT_EQ(user.count("ackTimeout"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_EQ(layer.counters().timeouts, 1u);
}

TEST_F(InviteServerTest, RetransmittedInviteInCompletedGetsTheFinalAgain) {
  ServerTransactionId tx = receiveInvite();
  layer.respond(tx, answer(tx, 486));
  layer.receive(invite, source);
  ASSERT_EQ(sender.sent.size(), 2u);
  EXPECT_EQ(lastSent().message.statusCode, 486);
  EXPECT_FALSE(layer.respond(tx, answer(tx, 500))); // already final
}

TEST_F(InviteServerTest, AckConfirmsStopsRetransmissionsAndTimerIEnds) {
  ServerTransactionId tx = receiveInvite();
  Message busy = answer(tx, 486);
  layer.respond(tx, busy);
  layer.receive(ackFor(busy), source);
  layer.receive(ackFor(busy), source); // absorbed in Confirmed
  EXPECT_EQ(user.count("ack"), 0u);
  Ms times = sendTimesDuring(milliseconds(4999));
  EXPECT_TRUE(times.empty());
  EXPECT_EQ(layer.activeCount(), 1u);
  advance(milliseconds(1)); // Timer I = T4
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_EQ(user.count("ackTimeout"), 0u);
}

TEST_F(InviteServerTest, AcceptedAbsorbsRetransmissionsAndPassesAcksAndTheTuRetransmits) {
  ServerTransactionId tx = receiveInvite();
  Message ok = answer(tx, 200);
  EXPECT_TRUE(layer.respond(tx, ok));
  layer.receive(invite, source);
  EXPECT_EQ(sender.sent.size(), 1u); // the INVITE retransmission is absorbed
  EXPECT_EQ(user.count("request"), 1u);
  EXPECT_TRUE(layer.respond(tx, ok)); // the TU's own 2xx retransmission
  EXPECT_EQ(sender.sent.size(), 2u);
  EXPECT_FALSE(layer.respond(tx, answer(tx, 486)));
  layer.receive(ackFor(ok), source); // an ACK that matches the transaction goes to the TU
  EXPECT_EQ(user.count("ack"), 1u);
  advance(milliseconds(32'000)); // Timer L = 64*T1
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_FALSE(layer.respond(tx, ok));
  EXPECT_EQ(layer.serverRequest(tx), nullptr);
}

TEST_F(InviteServerTest, AckForA2xxWithItsOwnBranchGoesToTheTu) {
  ServerTransactionId tx = receiveInvite();
  layer.respond(tx, answer(tx, 200));
  Message ack = makeRequest("ACK", "z9hG4bKack2");
  layer.receive(ack, source);
  ASSERT_EQ(user.count("ack"), 1u);
  EXPECT_EQ(user.events.back().message.topVia()->branch(), "z9hG4bKack2");
}

TEST_F(InviteServerTest, ReliableTransportNoRetransmissionsAndIIsZero) {
  ServerTransactionId tx = receiveInvite(tcp("10.0.0.1", 40000, 9), "TCP");
  Message busy = answer(tx, 486);
  layer.respond(tx, busy);
  Ms times = sendTimesDuring(milliseconds(10'000));
  EXPECT_TRUE(times.empty());
  layer.receive(ackFor(busy), source);
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(InviteServerTest, ReliableTransportStillHasTimerH) {
  ServerTransactionId tx = receiveInvite(tcp("10.0.0.1", 40000, 9), "TCP");
  layer.respond(tx, answer(tx, 486));
  advance(milliseconds(32'000));
  EXPECT_EQ(user.count("ackTimeout"), 1u);
  EXPECT_EQ(sender.sent.size(), 1u);
}

TEST_F(InviteServerTest, TheTuMayAnswerFromInsideOnRequest) {
  user.onRequestHook = [this](ServerTransactionId tx, const Message& request) {
    EXPECT_TRUE(layer.respond(tx, makeResponse(request, 603, {}, "uas1")));
  };
  ServerTransactionId tx = receiveInvite();
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 603);
  EXPECT_NE(layer.serverRequest(tx), nullptr);
}

} // namespace
} // namespace sb::sip::transaction::testing

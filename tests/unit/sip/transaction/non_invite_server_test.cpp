// Non-INVITE server transactions (RFC 3261 17.2.2).
#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;

class NonInviteServerTest : public LayerTest {
protected:
  ServerTransactionId receiveOptions(const net::Endpoint& from = udp("10.0.0.1", 5060),
                                     const std::string& transport = "UDP") {
    request = makeRequest("OPTIONS", "z9hG4bKopt9", transport);
    source = from;
    layer.receive(request, from);
    return user.events.empty() ? 0 : user.events.back().tx;
  }
  Message answer(ServerTransactionId tx, int code) const {
    return makeResponse(*layer.serverRequest(tx), code, {}, "uas1");
  }
  Message request;
  net::Endpoint source;
};

TEST_F(NonInviteServerTest, WalksTryingProceedingCompletedAndTimerJ) {
  ServerTransactionId tx = receiveOptions();
  ASSERT_NE(tx, 0u);
  layer.receive(request, source); // Trying: absorbed, nothing to re-send
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_TRUE(layer.respond(tx, answer(tx, 183)));
  layer.receive(request, source); // Proceeding: the provisional again
  ASSERT_EQ(sender.sent.size(), 2u);
  EXPECT_EQ(lastSent().message.statusCode, 183);
  EXPECT_TRUE(layer.respond(tx, answer(tx, 200)));
  layer.receive(request, source); // Completed: the final again
  ASSERT_EQ(sender.sent.size(), 4u);
  EXPECT_EQ(lastSent().message.statusCode, 200);
  EXPECT_FALSE(layer.respond(tx, answer(tx, 500)));
  EXPECT_EQ(user.count("request"), 1u);
  EXPECT_EQ(layer.counters().retransmissions, 2u);

  advance(milliseconds(31'999));
  EXPECT_EQ(layer.activeCount(), 1u);
  advance(milliseconds(1)); // Timer J = 64*T1
  EXPECT_EQ(layer.activeCount(), 0u);
  layer.receive(request, source); // now a new transaction
  EXPECT_EQ(user.count("request"), 2u);
}

TEST_F(NonInviteServerTest, NoAutomaticTrying) {
  receiveOptions();
  advance(milliseconds(5000));
  EXPECT_TRUE(sender.sent.empty());
}

TEST_F(NonInviteServerTest, ReliableTransportTimerJIsZero) {
  ServerTransactionId tx = receiveOptions(tcp("10.0.0.1", 40000, 4), "TCP");
  layer.respond(tx, answer(tx, 200));
  EXPECT_EQ(layer.activeCount(), 0u);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().destination.connection, 4u);
}

TEST_F(NonInviteServerTest, SameBranchFromAnotherSentByIsAnotherTransaction) {
  receiveOptions();
  Message other = makeRequest("OPTIONS", "z9hG4bKopt9", "UDP", "10.0.0.7:5060");
  layer.receive(other, udp("10.0.0.7", 5060));
  EXPECT_EQ(user.count("request"), 2u);
}

TEST_F(NonInviteServerTest, SameBranchWithAnotherMethodIsAnotherTransaction) {
  receiveOptions();
  layer.receive(makeRequest("INFO", "z9hG4bKopt9"), source);
  EXPECT_EQ(user.count("request"), 2u);
}

} // namespace
} // namespace sb::sip::transaction::testing

// Layer-wide behaviour: validation, strays, response routing, RFC 2543 matching.
#include "layer_fixture.hpp"

#include "sip/transaction/timer_queue.hpp"

#include <set>

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;

using TransactionLayerTest = LayerTest;

TEST_F(TransactionLayerTest, InvalidRequestIsAnsweredStatelesslyAndNotPassedUp) {
  Message request = makeRequest("OPTIONS", "z9hG4bKbad");
  request.removeHeader("Call-ID");
  layer.receive(request, udp("10.0.0.1", 5060));
  EXPECT_TRUE(user.events.empty());
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 400);
  EXPECT_EQ(lastSent().destination, udp("10.0.0.1", 5060));
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(TransactionLayerTest, StatelessRejectionFollowsRport) {
  Message request = makeRequest("OPTIONS", "z9hG4bKbad;rport");
  request.setHeader("CSeq", "1 INFO"); // method mismatch
  layer.receive(request, udp("192.0.2.9", 40999));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 400);
  EXPECT_EQ(lastSent().destination, udp("192.0.2.9", 40999));
}

TEST_F(TransactionLayerTest, SendStatelessGoesStraightToTheSender) {
  Message ack = makeRequest("ACK", "z9hG4bKack");
  EXPECT_TRUE(layer.sendStateless(ack, udp("10.0.0.2", 5060)));
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(layer.activeCount(), 0u);
  sender.failuresLeft = 1;
  EXPECT_FALSE(layer.sendStateless(ack, udp("10.0.0.2", 5060)));
}

TEST_F(TransactionLayerTest, WrongSipVersionIsAnswered505) {
  Message request = parse("OPTIONS sip:bob@example.com SIP/3.0\n"
                          "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKv3\n"
                          "Max-Forwards: 70\n"
                          "From: <sip:alice@example.com>;tag=f\n"
                          "To: <sip:bob@example.com>\n"
                          "Call-ID: v3\n"
                          "CSeq: 1 OPTIONS\n"
                          "Content-Length: 0\n\n");
  layer.receive(request, udp("10.0.0.1", 5060));
  EXPECT_TRUE(user.events.empty());
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 505);
}

TEST_F(TransactionLayerTest, InvalidAckIsDroppedSilently) {
  Message ack = makeRequest("ACK", "z9hG4bKbad");
  ack.setHeader("CSeq", "1 INVITE"); // method mismatch
  layer.receive(ack, udp("10.0.0.1", 5060));
  EXPECT_TRUE(user.events.empty());
  EXPECT_TRUE(sender.sent.empty());
}

TEST_F(TransactionLayerTest, MalformedResponseIsDropped) {
  Message invite = makeRequest("INVITE", "z9hG4bKinv1");
  layer.sendRequest(invite, udp("10.0.0.2", 5060));
  Message response = makeResponse(invite, 180, {}, "t");
  response.removeHeader("From");
  layer.receive(response, udp("10.0.0.2", 5060));
  EXPECT_TRUE(user.events.empty());
}

TEST_F(TransactionLayerTest, UnmatchedResponseIsAStray) {
  layer.receive(makeResponse(makeRequest("INVITE", "z9hG4bKnobody"), 200, {}, "t"),
                udp("10.0.0.2", 5060));
  ASSERT_EQ(user.count("stray"), 1u);
}

TEST_F(TransactionLayerTest, ReceivedIsAddedWhenSentByDiffersAndResponsesGoThere) {
  Message request = makeRequest("OPTIONS", "z9hG4bKnat", "UDP", "pc.example.com:5062");
  layer.receive(request, udp("192.0.2.9", 5070));
  ServerTransactionId tx = user.events.back().tx;
  auto via = layer.serverRequest(tx)->topVia();
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(paramValue(via->params, "received"), "192.0.2.9");
  EXPECT_FALSE(hasParam(via->params, "rport"));
  layer.respond(tx, makeResponse(*layer.serverRequest(tx), 200, {}, "x"));
  EXPECT_EQ(lastSent().destination, udp("192.0.2.9", 5062)); // 18.2.2: received, sent-by port
  EXPECT_EQ(paramValue(lastSent().message.topVia()->params, "received"), "192.0.2.9");
}

TEST_F(TransactionLayerTest, NoReceivedWhenSentByIsTheSource) {
  layer.receive(makeRequest("OPTIONS", "z9hG4bKsame"), udp("10.0.0.1", 5060));
  auto via = layer.serverRequest(user.events.back().tx)->topVia();
  EXPECT_FALSE(hasParam(via->params, "received"));
}

TEST_F(TransactionLayerTest, RportIsFilledAndResponsesGoToTheSourcePort) {
  Message request = makeRequest("OPTIONS", "z9hG4bKrport;rport", "UDP", "10.0.0.1:5060");
  Message second = request;
  second.headers.push_back(Header{"Via", "SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKdeeper"});
  layer.receive(second, udp("192.0.2.9", 40123));
  ServerTransactionId tx = user.events.back().tx;
  const Message& stored = *layer.serverRequest(tx);
  auto vias = stored.vias();
  ASSERT_TRUE(vias.ok());
  ASSERT_EQ(vias->size(), 2u);
  EXPECT_EQ(paramValue((*vias)[0].params, "rport"), "40123");
  EXPECT_EQ(paramValue((*vias)[0].params, "received"), "192.0.2.9");
  EXPECT_EQ((*vias)[0].branch(), "z9hG4bKrport");
  EXPECT_EQ((*vias)[1].branch(), "z9hG4bKdeeper");
  layer.respond(tx, makeResponse(stored, 200, {}, "x"));
  EXPECT_EQ(lastSent().destination, udp("192.0.2.9", 40123));
  // A retransmission still matches: keys use the Via as received, not as stamped.
  layer.receive(second, udp("192.0.2.9", 40123));
  EXPECT_EQ(user.count("request"), 1u);
  EXPECT_EQ(sender.sent.size(), 2u);
}

TEST_F(TransactionLayerTest, StreamResponsesUseTheConnectionThenFallBackToTheVia) {
  Message request = makeRequest("OPTIONS", "z9hG4bKtcp", "TCP", "10.0.0.1:5060");
  layer.receive(request, tcp("10.0.0.1", 40001, 42));
  ServerTransactionId tx = user.events.back().tx;
  layer.respond(tx, makeResponse(*layer.serverRequest(tx), 100));
  EXPECT_EQ(lastSent().destination.connection, 42u);
  EXPECT_EQ(lastSent().destination.port, 40001);
  sender.failuresLeft = 1; // the connection is gone
  layer.respond(tx, makeResponse(*layer.serverRequest(tx), 200, {}, "x"));
  ASSERT_EQ(sender.sent.size(), 3u);
  EXPECT_EQ(lastSent().destination, tcp("10.0.0.1", 5060, 0));
  EXPECT_EQ(lastSent().destination.connection, 0u);
}

// RFC 2543 peers: no magic cookie, so match on the request's identity (17.2.3).
Message legacyInvite() {
  return parse("INVITE sip:bob@example.com SIP/2.0\n"
               "Via: SIP/2.0/UDP 10.0.0.1:5060\n"
               "From: <sip:alice@example.com>;tag=old1\n"
               "To: <sip:bob@example.com>\n"
               "Call-ID: legacy-1\n"
               "CSeq: 5 INVITE\n"
               "Content-Length: 0\n\n");
}

TEST_F(TransactionLayerTest, Rfc2543RetransmissionIsMatchedWithoutBranch) {
  Message invite = legacyInvite();
  layer.receive(invite, udp("10.0.0.1", 5060));
  layer.receive(invite, udp("10.0.0.1", 5060));
  EXPECT_EQ(user.count("request"), 1u);
  Message otherCall = invite;
  otherCall.setHeader("Call-ID", "legacy-2");
  layer.receive(otherCall, udp("10.0.0.1", 5060));
  EXPECT_EQ(user.count("request"), 2u);
}

TEST_F(TransactionLayerTest, Rfc2543AckMatchesByTheResponseToTag) {
  Message invite = legacyInvite();
  layer.receive(invite, udp("10.0.0.1", 5060));
  ServerTransactionId tx = user.events.back().tx;
  layer.respond(tx, makeResponse(*layer.serverRequest(tx), 486, {}, "uas9"));
  Message ack = invite;
  ack.method = "ACK";
  ack.setHeader("CSeq", "5 ACK");
  ack.setHeader("To", "<sip:bob@example.com>;tag=other");
  layer.receive(ack, udp("10.0.0.1", 5060)); // wrong To tag: not this transaction's
  EXPECT_EQ(user.count("ack"), 1u);
  ack.setHeader("To", "<sip:bob@example.com>;tag=uas9");
  layer.receive(ack, udp("10.0.0.1", 5060)); // Confirmed: absorbed
  EXPECT_EQ(user.count("ack"), 1u);
  std::size_t sent = sender.sent.size();
  advance(milliseconds(10'000));
  EXPECT_EQ(sender.sent.size(), sent); // no more Timer G
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(TransactionLayerTest, Rfc2543CancelMatchesItsInvite) {
  Message invite = legacyInvite();
  layer.receive(invite, udp("10.0.0.1", 5060));
  Message cancel = invite;
  cancel.method = "CANCEL";
  cancel.setHeader("CSeq", "5 CANCEL");
  layer.receive(cancel, udp("10.0.0.1", 5060));
  EXPECT_EQ(user.count("cancel"), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 200);
}

TEST_F(TransactionLayerTest, NextDeadlineIsTheEarliestTimer) {
  EXPECT_FALSE(layer.nextDeadline().has_value());
  layer.receive(makeRequest("INVITE", "z9hG4bKd1"), udp("10.0.0.1", 5060));
  ASSERT_TRUE(layer.nextDeadline().has_value());
  EXPECT_EQ(*layer.nextDeadline(), clock.now() + milliseconds(200)); // the 100 Trying
  layer.sendRequest(makeRequest("OPTIONS", "z9hG4bKd2"), udp("10.0.0.2", 5060));
  EXPECT_EQ(*layer.nextDeadline(), clock.now() + milliseconds(200));
}

TEST_F(TransactionLayerTest, ManyTransactionsComeAndGo) {
  for (int i = 0; i < 2000; ++i) {
    layer.receive(makeRequest("OPTIONS", newBranch()), udp("10.0.0.1", 5060));
    layer.respond(user.events.back().tx, makeResponse(user.events.back().message, 200, {}, "t"));
  }
  EXPECT_EQ(layer.activeCount(), 2000u);
  advance(milliseconds(32'000));
  EXPECT_EQ(layer.activeCount(), 0u);
  EXPECT_FALSE(layer.nextDeadline().has_value());
}

TEST(RandomTokensTest, BranchesCarryTheCookieAndDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    std::string branch = newBranch();
    ASSERT_EQ(branch.rfind("z9hG4bK", 0), 0u);
    ASSERT_TRUE(seen.insert(branch).second);
  }
}

TEST(RandomTokensTest, TokensHaveTheLengthAndAlphabet) {
  for (std::size_t length : {1u, 8u, 16u, 33u}) {
    std::string token = randomToken(length);
    EXPECT_EQ(token.size(), length);
    for (char c : token)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << token;
  }
}

TEST(TimerQueueTest, FiresInDeadlineOrderThenSchedulingOrderAndCancels) {
  TimerQueue queue;
  common::TimePoint t0{};
  queue.schedule(t0 + milliseconds(20), TimerTarget{1, TimerName::B});
  TimerHandle cancelled = queue.schedule(t0 + milliseconds(5), TimerTarget{2, TimerName::A});
  queue.schedule(t0 + milliseconds(10), TimerTarget{3, TimerName::E});
  queue.schedule(t0 + milliseconds(10), TimerTarget{4, TimerName::F});
  queue.cancel(cancelled);
  queue.cancel(cancelled); // harmless twice
  EXPECT_EQ(queue.nextDeadline(), t0 + milliseconds(10));
  EXPECT_FALSE(queue.popDue(t0 + milliseconds(9)).has_value());
  EXPECT_EQ(queue.popDue(t0 + milliseconds(30))->transaction, 3u);
  EXPECT_EQ(queue.popDue(t0 + milliseconds(30))->transaction, 4u);
  EXPECT_EQ(queue.popDue(t0 + milliseconds(30))->transaction, 1u);
  EXPECT_FALSE(queue.popDue(t0 + milliseconds(30)).has_value());
  EXPECT_EQ(queue.size(), 0u);
}

} // namespace
} // namespace sb::sip::transaction::testing

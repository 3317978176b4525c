// CANCEL, both ways (RFC 3261 9.1, 9.2).
#include "layer_fixture.hpp"

namespace sb::sip::transaction::testing {
namespace {

using std::chrono::milliseconds;

class IncomingCancelTest : public LayerTest {
protected:
  void SetUp() override {
    invite = makeRequest("INVITE", "z9hG4bKuac1");
    layer.receive(invite, source);
    inviteTx = user.events.back().tx;
  }
  net::Endpoint source = udp("10.0.0.1", 5060);
  Message invite;
  ServerTransactionId inviteTx = 0;
};

TEST_F(IncomingCancelTest, MatchingCancelIsAnswered200AndReported) {
  layer.respond(inviteTx, makeResponse(*layer.serverRequest(inviteTx), 180, {}, "uas1"));
  Message cancel = makeRequest("CANCEL", "z9hG4bKuac1");
  layer.receive(cancel, source);
  ASSERT_EQ(sender.sent.size(), 2u);
  const Message& ok = lastSent().message;
  EXPECT_EQ(ok.statusCode, 200);
  EXPECT_EQ(ok.cseq()->method, "CANCEL");
  EXPECT_EQ(ok.toTag(), "uas1"); // the tag of the INVITE's responses (9.2)
  ASSERT_EQ(user.count("cancel"), 1u);
  EXPECT_EQ(user.events.back().tx, inviteTx);
  EXPECT_EQ(user.events.back().message.method, "CANCEL");

  layer.receive(cancel, source); // a retransmitted CANCEL gets the 200 again, quietly
  EXPECT_EQ(sender.sent.size(), 3u);
  EXPECT_EQ(lastSent().message.statusCode, 200);
  EXPECT_EQ(user.count("cancel"), 1u);
  EXPECT_EQ(user.count("request"), 1u); // the CANCEL itself never reaches onRequest
  EXPECT_TRUE(
      layer.respond(inviteTx, makeResponse(*layer.serverRequest(inviteTx), 487, {}, "uas1")));
}

TEST_F(IncomingCancelTest, UnmatchedCancelGets481) {
  layer.receive(makeRequest("CANCEL", "z9hG4bKother"), source);
  ASSERT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(lastSent().message.statusCode, 481);
  EXPECT_EQ(user.count("cancel"), 0u);
  EXPECT_EQ(user.count("request"), 1u);
}

TEST_F(IncomingCancelTest, CancelAfterTheFinalResponseIsAnswered200WithoutEffect) {
  layer.respond(inviteTx, makeResponse(*layer.serverRequest(inviteTx), 200, {}, "uas1"));
  layer.receive(makeRequest("CANCEL", "z9hG4bKuac1"), source);
  EXPECT_EQ(lastSent().message.statusCode, 200);
  EXPECT_EQ(lastSent().message.cseq()->method, "CANCEL");
  EXPECT_EQ(user.count("cancel"), 0u);
}

class OutgoingCancelTest : public LayerTest {
protected:
  void SetUp() override {
    invite = makeRequest("INVITE", "z9hG4bKinv7");
    tx = layer.sendRequest(invite, destination);
  }
  Message response(const Message& request, int code) const {
    return makeResponse(request, code, {}, code == 100 ? "" : "callee1");
  }
  std::size_t cancelsSent() const {
    std::size_t n = 0;
    for (const Sent& s : sender.sent)
      n += s.message.method == "CANCEL" ? 1 : 0;
    return n;
  }
  net::Endpoint destination = udp("10.0.0.2", 5060);
  Message invite;
  ClientTransactionId tx = 0;
};

TEST_F(OutgoingCancelTest, CancelWaitsForAProvisionalResponse) {
  layer.cancel(tx, {Header{"Reason", "SIP;cause=487;text=\"Caller gave up\""}});
  EXPECT_EQ(cancelsSent(), 0u);
  layer.receive(response(invite, 180), destination);
  ASSERT_EQ(cancelsSent(), 1u);
  const Message& cancel = lastSent().message;
  EXPECT_EQ(lastSent().destination, destination);
  EXPECT_EQ(cancel.topVia()->branch(), "z9hG4bKinv7");
  EXPECT_EQ(cancel.cseq()->number, 1u);
  EXPECT_EQ(cancel.cseq()->method, "CANCEL");
  EXPECT_EQ(cancel.toTag(), "");
  EXPECT_EQ(cancel.requestUri.str(), invite.requestUri.str());
  EXPECT_EQ(cancel.headerValues("Route"), invite.headerValues("Route"));
  ASSERT_NE(cancel.header("Reason"), nullptr);
  EXPECT_FALSE(validate(cancel).has_value());
}

TEST_F(OutgoingCancelTest, CancelGoesAtOnceAfterA100) {
  layer.receive(response(invite, 100), destination);
  layer.cancel(tx);
  EXPECT_EQ(cancelsSent(), 1u);
  layer.cancel(tx); // only once
  EXPECT_EQ(cancelsSent(), 1u);
}

TEST_F(OutgoingCancelTest, CancelResponsesStayInTheLayerAnd487IsAcked) {
  layer.receive(response(invite, 180), destination);
  layer.cancel(tx);
  Message cancel = lastSent().message;
  Message ok = response(cancel, 200);
  layer.receive(ok, destination);
  EXPECT_EQ(user.count("response"), 1u); // just the 180
  EXPECT_EQ(user.count("stray"), 0u);
  layer.receive(response(invite, 487), destination);
  EXPECT_EQ(user.count("response"), 2u);
  EXPECT_EQ(lastSent().message.method, "ACK");
}

TEST_F(OutgoingCancelTest, CancelRetransmitsOverUdpLikeAnyNonInvite) {
  layer.receive(response(invite, 180), destination);
  layer.cancel(tx);
  std::size_t before = cancelsSent();
  advance(milliseconds(600));
  EXPECT_EQ(cancelsSent(), before + 1);
}

TEST_F(OutgoingCancelTest, TheTuMayCancelFromInsideOnResponse) {
  user.onResponseHook = [this](ClientTransactionId id, const Message&) { layer.cancel(id); };
  layer.receive(response(invite, 180), destination);
  EXPECT_EQ(cancelsSent(), 1u);
}

TEST_F(OutgoingCancelTest, NothingToCancelOnceFinal) {
  layer.receive(response(invite, 486), destination);
  layer.cancel(tx);
  EXPECT_EQ(cancelsSent(), 0u);
}

TEST_F(OutgoingCancelTest, PendingCancelIsDroppedWhenTimerBEndsTheInvite) {
  layer.cancel(tx);
  advance(milliseconds(32'000));
  EXPECT_EQ(cancelsSent(), 0u);
  EXPECT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(layer.activeCount(), 0u);
}

TEST_F(OutgoingCancelTest, InviteWithoutFinalResponseEnds64T1AfterTheCancel) {
  layer.receive(response(invite, 180), destination);
  layer.cancel(tx);
  Message cancel = lastSent().message;
  layer.receive(response(cancel, 200), destination);
  advance(milliseconds(31'999));
  EXPECT_EQ(user.count("failure"), 0u);
  advance(milliseconds(1));
  ASSERT_EQ(user.count("failure"), 1u);
  EXPECT_EQ(user.events.back().tx, tx);
  EXPECT_EQ(user.events.back().message.statusCode, 408);
}

} // namespace
} // namespace sb::sip::transaction::testing

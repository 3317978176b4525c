// The B2BUA against the real transaction layer, with the network, clock, storage and
// directories faked. Rules: R-6 (every device rings), R-7 (first answer wins),
// R-8 (caller hears ringing), R-29 (nothing rings before the call is stored), R-30.
#include "calls/b2bua.hpp"
#include "common/clock.hpp"
#include "fakes.hpp"

#include <gtest/gtest.h>

namespace sb::calls {
namespace {

using testing::FakeDevices;
using testing::ScriptedRouting;
using testing::HeldCallLog;
using testing::ManualScheduler;
using testing::RecordingNetwork;

const net::Endpoint kTrunk{net::TransportKind::Udp, "127.0.0.2", 5060, 0};
const net::Endpoint kAlicePhone{net::TransportKind::Udp, "127.0.0.1", 6001, 0};
const net::Endpoint kAliceDesk{net::TransportKind::Udp, "127.0.0.1", 6002, 0};
const net::Endpoint kBobPhone{net::TransportKind::Udp, "127.0.0.1", 6003, 0};
const net::Endpoint kStranger{net::TransportKind::Udp, "127.0.0.3", 5060, 0};

DeviceContact contactAt(const std::string& user, const std::string& sipUser, const net::Endpoint& ep) {
  DeviceContact c;
  c.userId = user;
  c.deviceId = "dev-" + sipUser + std::to_string(ep.port);
  c.contact = sip::Uri::parse("sip:" + sipUser + "@" + ep.address + ":" + std::to_string(ep.port)).value();
  c.flow = ep;
  return c;
}

sip::Message parse(const std::string& text) {
  auto m = sip::parseMessage(text);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.value();
}

std::string trunkInvite(const std::string& callId = "call-1@trunk") {
  std::string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
                    "m=audio 40000 RTP/AVP 0\r\n";
  return "INVITE sip:+15550100001@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-trunk-" + callId.substr(0, callId.find('@')) + "\r\n"
         "Max-Forwards: 70\r\n"
         "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
         "To: <sip:+15550100001@127.0.0.1>\r\n"
         "Call-ID: " + callId + "\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:+15557654321@127.0.0.2:5060>\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

class B2buaTest : public ::testing::Test {
protected:
  B2buaTest()
      : layer(clock, network, dispatcher),
        b2bua(B2buaDeps{clock, scheduler, layer,
                        [](net::TransportKind) { return net::Endpoint{net::TransportKind::Udp, "127.0.0.1", 5060, 0}; },
                        devices, routing, auth, trunkCreds, log},
              B2buaConfig{{Trunk{"127.0.0.2", 0, net::TransportKind::Udp}}, common::Duration{30'000}, "1", "test"}) {
    dispatcher.target = &b2bua;
    routing.numbers.insert("+15550100001");
    routing.routes.push_back(ScriptedRouting::offer({"u-alice"}));
    devices.contacts = {contactAt("u-alice", "alice", kAlicePhone), contactAt("u-alice", "alice", kAliceDesk)};
  }

  // The transaction layer needs its user before the B2BUA exists; this forwards.
  struct Forwarder final : sip::transaction::TransactionUser {
    void onRequest(ServerTransactionId tx, const sip::Message& r, const net::Endpoint& s) override { target->onRequest(tx, r, s); }
    void onAck(const sip::Message& a, const net::Endpoint& s) override { target->onAck(a, s); }
    void onCancel(ServerTransactionId tx, const sip::Message& c) override { target->onCancel(tx, c); }
    void onResponse(ClientTransactionId tx, const sip::Message& r) override { target->onResponse(tx, r); }
    void onClientFailure(ClientTransactionId tx, const sip::Message& t) override { target->onClientFailure(tx, t); }
    void onServerAckTimeout(ServerTransactionId tx) override { target->onServerAckTimeout(tx); }
    B2bua* target = nullptr;
  };

  // Sends the trunk INVITE, commits the call record, and returns the INVITEs sent to each device.
  std::pair<sip::Message, sip::Message> ringAlice() {
    layer.receive(parse(trunkInvite()), kTrunk);
    EXPECT_TRUE(network.take(kAlicePhone).empty()) << "nothing may ring before the call is stored (R-29)";
    log.commitAll();
    auto phone = network.take(kAlicePhone);
    auto desk = network.take(kAliceDesk);
    EXPECT_EQ(phone.size(), 1u);
    EXPECT_EQ(desk.size(), 1u);
    return {phone.at(0), desk.at(0)};
  }

  sip::Message reply(const sip::Message& invite, int code, const std::string& tag, const net::Endpoint& from) {
    auto r = sip::makeResponse(invite, code, {}, tag);
    r.addHeader("Contact", "<sip:alice@" + from.address + ":" + std::to_string(from.port) + ">");
    if (code == 200) {
      r.addHeader("Content-Type", "application/sdp");
      r.body = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\n";
    }
    return parse(r.serialize()); // as it would arrive: Content-Length matching the body
  }

  static std::vector<int> codes(const std::vector<sip::Message>& ms) {
    std::vector<int> out;
    for (const auto& m : ms) out.push_back(m.isResponse() ? m.statusCode : 0);
    return out;
  }
  static std::vector<std::string> methods(const std::vector<sip::Message>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.isRequest() ? m.method : std::to_string(m.statusCode));
    return out;
  }

  common::ManualClock clock;
  RecordingNetwork network;
  ManualScheduler scheduler;
  FakeDevices devices;
  ScriptedRouting routing;
  testing::AcceptAllDevices auth;
  testing::NoTrunkCredentials trunkCreds;
  HeldCallLog log;
  Forwarder dispatcher;
  sip::transaction::TransactionLayer layer;
  B2bua b2bua;
};

TEST_F(B2buaTest, RingsEveryDeviceAndRelaysRinging) {
  auto [phone, desk] = ringAlice();
  EXPECT_EQ(phone.body, desk.body) << "SDP passes through until the media engine anchors it";
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk);
  auto toCaller = codes(network.take(kTrunk));
  EXPECT_EQ(std::count(toCaller.begin(), toCaller.end(), 180), 1) << "one 180 to the caller (R-8)";
}

TEST_F(B2buaTest, FirstAnswerWinsAndTheOtherDeviceIsCancelled) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk);
  network.take(kTrunk);
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  auto toDesk = network.take(kAliceDesk);
  ASSERT_EQ(methods(toDesk), std::vector<std::string>{"CANCEL"});
  ASSERT_NE(toDesk[0].header("Reason"), nullptr);
  EXPECT_NE(toDesk[0].header("Reason")->find("cause=200"), std::string::npos);
  EXPECT_TRUE(codes(network.take(kTrunk)).empty()) << "the caller is answered only after the answer is stored";
  log.commitAll();
  auto toCaller = network.take(kTrunk);
  ASSERT_EQ(codes(toCaller), std::vector<int>{200});
  EXPECT_NE(toCaller[0].body.find("41000"), std::string::npos) << "the callee's SDP answer reaches the caller";
}

TEST_F(B2buaTest, TwoAnswersAtOnceConnectExactlyOne) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  layer.receive(reply(desk, 200, "dk1", kAliceDesk), kAliceDesk);
  log.commitAll();
  auto toDesk = methods(network.take(kAliceDesk));
  auto toPhone = methods(network.take(kAlicePhone));
  EXPECT_EQ(toPhone, std::vector<std::string>{"ACK"});
  EXPECT_EQ(toDesk, (std::vector<std::string>{"ACK", "BYE"}));
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
}

TEST_F(B2buaTest, CallerCancelCancelsEveryBranchAndGets487) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk);
  network.take(kTrunk);
  auto invite = parse(trunkInvite());
  sip::Message cancel;
  cancel.method = "CANCEL";
  cancel.requestUri = invite.requestUri;
  for (const char* h : {"Via", "From", "To", "Call-ID"}) cancel.addHeader(h, *invite.header(h));
  cancel.addHeader("Max-Forwards", "70");
  cancel.addHeader("CSeq", "1 CANCEL");
  layer.receive(cancel, kTrunk);
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(methods(network.take(kAliceDesk)), std::vector<std::string>{"CANCEL"});
  auto toCaller = codes(network.take(kTrunk));
  EXPECT_NE(std::find(toCaller.begin(), toCaller.end(), 487), toCaller.end());
  EXPECT_NE(std::find(log.events.begin(), log.events.end(), "ended cancelled"), log.events.end());
}

TEST_F(B2buaTest, OneBusyDeviceDoesNotEndTheCallButAllBusyFallsThrough) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 486, "ph1", kAlicePhone), kAlicePhone);
  EXPECT_TRUE(codes(network.take(kTrunk)).empty());
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{480});
}

TEST_F(B2buaTest, RingTimeoutCancelsAndFallsThrough) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  network.take(kTrunk);
  scheduler.fireAll();
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{480});
}

TEST_F(B2buaTest, ByeFromCallerEndsBothLegs) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  log.commitAll();
  network.take(kAlicePhone);
  network.take(kAliceDesk);
  auto ok = network.take(kTrunk).at(0);
  std::string bye = "BYE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-bye1\r\nMax-Forwards: 70\r\n"
                    "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                    "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(bye), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_NE(std::find(log.events.begin(), log.events.end(), "ended completed"), log.events.end());
}

TEST_F(B2buaTest, AnswerIsRetransmittedUntilTheCallerAcks) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  log.commitAll();
  auto ok = network.take(kTrunk).at(0);
  scheduler.fireAll();
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200}) << "no ACK yet: the 2xx goes again (RFC 3261 13.3.1.4)";
  std::string ack = "ACK sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-ack1\r\nMax-Forwards: 70\r\n"
                    "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                    "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(ack), kTrunk);
  scheduler.fireAll();
  EXPECT_TRUE(network.take(kTrunk).empty()) << "the ACK stops the retransmissions";
}

TEST_F(B2buaTest, HoldFromTheAgentIsRelayedToTheCallerAndItsAnswerBack) {
  auto [phone, desk] = ringAlice();
  auto ok = reply(phone, 200, "ph1", kAlicePhone);
  layer.receive(ok, kAlicePhone);
  log.commitAll();
  auto toPhone = network.take(kAlicePhone);
  ASSERT_EQ(methods(toPhone), std::vector<std::string>{"ACK"});
  network.take(kAliceDesk);
  auto toCaller = network.take(kTrunk).at(0);
  std::string ack = "ACK sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-ack2\r\nMax-Forwards: 70\r\n"
                    "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                    "To: " + *toCaller.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(ack), kTrunk);
  // The agent puts the caller on hold: a re-INVITE in the agent's dialog (from its side).
  std::string hold = "v=0\r\no=- 2 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                     "m=audio 41000 RTP/AVP 0\r\na=sendonly\r\n";
  std::string reinvite = "INVITE " + phone.header("Contact")->substr(1, phone.header("Contact")->find('>') - 1) +
                         " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:6001;branch=z9hG4bK-hold1\r\nMax-Forwards: 70\r\n"
                         "From: " + *ok.header("To") + "\r\nTo: " + *phone.header("From") + "\r\n"
                         "Call-ID: " + phone.callId() + "\r\nCSeq: 7 INVITE\r\n"
                         "Contact: <sip:alice@127.0.0.1:6001>\r\nContent-Type: application/sdp\r\n"
                         "Content-Length: " + std::to_string(hold.size()) + "\r\n\r\n" + hold;
  layer.receive(parse(reinvite), kAlicePhone);
  auto relayed = network.take(kTrunk);
  ASSERT_EQ(methods(relayed), std::vector<std::string>{"INVITE"});
  EXPECT_NE(relayed[0].body.find("a=sendonly"), std::string::npos) << "hold passes through";
  EXPECT_EQ(relayed[0].callId(), "call-1@trunk") << "in the caller's dialog";
  // The caller answers; the answer goes back to the agent and the caller gets its ACK.
  auto answer = sip::makeResponse(relayed[0], 200, {});
  answer.addHeader("Contact", "<sip:+15557654321@127.0.0.2:5060>");
  answer.addHeader("Content-Type", "application/sdp");
  answer.body = "v=0\r\no=- 1 2 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=recvonly\r\n";
  layer.receive(parse(answer.serialize()), kTrunk);
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"ACK"});
  auto back = network.take(kAlicePhone);
  ASSERT_EQ(codes(back), std::vector<int>{200});
  EXPECT_NE(back[0].body.find("a=recvonly"), std::string::npos);
  // Over UDP the relayed 2xx is ours to retransmit until the agent's ACK (RFC 3261 13.3.1.4).
  scheduler.fireAll();
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  std::string agentAck = "ACK sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:6001;branch=z9hG4bK-holdack\r\nMax-Forwards: 70\r\n"
                         "From: " + *ok.header("To") + "\r\nTo: " + *back[0].header("To") + "\r\n"
                         "Call-ID: " + phone.callId() + "\r\nCSeq: 7 ACK\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(agentAck), kAlicePhone);
  scheduler.fireAll();
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "the ACK stops the retransmissions";
}

TEST_F(B2buaTest, ACallThatCannotBeStoredRingsNobody) {
  layer.receive(parse(trunkInvite()), kTrunk);
  log.failAll();
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "R-29";
  EXPECT_TRUE(network.take(kAliceDesk).empty());
  auto toCaller = codes(network.take(kTrunk));
  ASSERT_FALSE(toCaller.empty());
  EXPECT_EQ(toCaller.back(), 500);
  EXPECT_EQ(b2bua.activeCalls(), 0u);
}

TEST_F(B2buaTest, StrangerIsRefused) {
  auto invite = parse(trunkInvite());
  layer.receive(invite, kStranger);
  EXPECT_EQ(codes(network.take(kStranger)), std::vector<int>{403}) << "R-30";
  EXPECT_TRUE(log.events.empty());
}

TEST_F(B2buaTest, UnknownNumberIs404AndDrainingRefusesWith503) {
  std::string other = trunkInvite("call-2@trunk");
  other.replace(other.find("+15550100001"), 12, "+15550199999");
  layer.receive(parse(other), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 404);
  b2bua.drain();
  layer.receive(parse(trunkInvite("call-3@trunk")), kTrunk);
  auto last = network.take(kTrunk);
  ASSERT_FALSE(last.empty());
  EXPECT_EQ(last.back().statusCode, 503);
  EXPECT_NE(last.back().header("Retry-After"), nullptr);
}

// --- routing rounds (R-2, R-5, R-7, R-10, R-14) ---

class B2buaRoutingTest : public B2buaTest {
protected:
  B2buaRoutingTest() { devices.contacts.push_back(contactAt("u-bob", "bob", kBobPhone)); }
  bool saw(const std::string& event) const {
    return std::find(routing.events.begin(), routing.events.end(), event) != routing.events.end();
  }
};

TEST_F(B2buaRoutingTest, R10_WhenEveryoneOfARoundDeclinesTheNextRoundRings) {
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 603, "ph1", kAlicePhone), kAlicePhone);
  EXPECT_TRUE(network.take(kBobPhone).empty()) << "alice's desk still rings: the round is not over";
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  EXPECT_TRUE(saw("offer-ended u-alice declined"));
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"});
  EXPECT_TRUE(codes(network.take(kTrunk)).empty()) << "the caller still waits";
  layer.receive(reply(toBob[0], 200, "bob1", kBobPhone), kBobPhone);
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
  EXPECT_TRUE(saw("connected u-bob"));
}

TEST_F(B2buaRoutingTest, R11_RingTimeoutEndsTheRoundAsMissedAndALateAnswerIsReleased) {
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone); // CANCEL waits for a provisional
  network.take(kTrunk);
  scheduler.fireAll();
  EXPECT_TRUE(saw("offer-ended u-alice no_answer"));
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"CANCEL"});
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"});
  // Alice's phone answers after all, crossing the CANCEL: it is released, not connected.
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  EXPECT_EQ(methods(network.take(kAlicePhone)), (std::vector<std::string>{"ACK", "BYE"}));
  EXPECT_TRUE(codes(network.take(kTrunk)).empty());
  EXPECT_FALSE(saw("connected u-alice"));
}

TEST_F(B2buaRoutingTest, R2_ADialRouteRingsTheNumberThroughTheTrunk) {
  routing.routes.clear();
  Route dial;
  dial.kind = Route::Kind::Dial;
  dial.number = "+15550100000";
  routing.routes.push_back(dial);
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  auto toTrunk = network.take(kTrunk);
  ASSERT_FALSE(toTrunk.empty());
  EXPECT_EQ(toTrunk.back().method, "INVITE");
  EXPECT_EQ(toTrunk.back().requestUri.user, "+15550100000");
}

TEST_F(B2buaRoutingTest, R14_WhenRoutingEndsTheCallerHears480AndTheCallIsMissed) {
  routing.routes.clear();
  Route voicemail;
  voicemail.kind = Route::Kind::Voicemail;
  routing.routes.push_back(voicemail);
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 480);
  EXPECT_TRUE(saw("ended no_answer"));
}

TEST_F(B2buaRoutingTest, ARoundOfUnreachableUsersIsSkippedWithoutRinging) {
  routing.routes.clear();
  routing.routes.push_back(ScriptedRouting::offer({"u-nobody"}));
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  EXPECT_TRUE(saw("offer-ended u-nobody failed"));
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"INVITE"});
}

TEST_F(B2buaRoutingTest, R7_AClaimLostToAnotherNodeReleasesTheDevice) {
  log.loseClaims = true;
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
  log.commitAll();
  auto toPhone = methods(network.take(kAlicePhone));
  EXPECT_EQ(toPhone, (std::vector<std::string>{"ACK", "BYE"}));
  auto toCaller = codes(network.take(kTrunk));
  ASSERT_FALSE(toCaller.empty());
  EXPECT_NE(toCaller.back(), 200);
  EXPECT_FALSE(saw("connected u-alice"));
}

TEST_F(B2buaRoutingTest, R13AUserWhoBecomesUnreachableMidRingIsWithdrawnAndRoutingGoesOn) {
  routing.routes.clear();
  routing.routes.push_back(ScriptedRouting::offer({"u-alice", "u-bob"}));
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  auto phone = network.take(kAlicePhone).at(0);
  network.take(kAliceDesk);
  auto bob = network.take(kBobPhone).at(0);
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  layer.receive(reply(bob, 180, "bob1", kBobPhone), kBobPhone);
  network.take(kTrunk);

  b2bua.withdrawOffers("u-alice", "unreachable: no device");
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(saw("offer-ended u-alice cancelled"));
  EXPECT_TRUE(network.take(kBobPhone).empty()) << "bob's offer goes on";
  EXPECT_TRUE(codes(network.take(kTrunk)).empty()) << "the round is still open";

  b2bua.withdrawOffers("u-bob", "unavailable");
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 480) << "the round is over and routing has nothing left";
}

} // namespace
} // namespace sb::calls

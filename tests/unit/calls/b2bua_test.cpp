// The B2BUA against the real transaction layer, with the network, clock, storage and
// directories faked. Rules: R-6 (every device rings), R-7 (first answer wins),
// R-8 (caller hears ringing), R-29 (nothing rings before the call is stored), R-30.
#include "b2bua_fixture.hpp"

namespace sb::calls {
namespace {

TEST_F(B2buaTest, RingsEveryDeviceAndRelaysRinging) {
  auto [phone, desk] = ringAlice();
  EXPECT_NE(phone.body.find("m=audio 20002 RTP/AVP 0 8 101"), std::string::npos)
      << "our offer, on a port of the phone's own:\n" << phone.body;
  EXPECT_NE(desk.body.find("m=audio 20004 RTP/AVP 0 8 101"), std::string::npos) << desk.body;
  EXPECT_EQ(phone.body.find("40000"), std::string::npos) << "the caller's address stays with us";
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
  EXPECT_NE(toCaller[0].body.find("m=audio 20000 RTP/AVP 0"), std::string::npos)
      << "the caller gets our answer, on the caller leg's port:\n" << toCaller[0].body;
  EXPECT_EQ(media.configured.at(1).remoteRtpPort, 40000) << "the caller's leg sends to the caller";
  EXPECT_EQ(media.configured.at(2).remoteRtpPort, 41000) << "the agent's leg sends to the phone that answered";
  EXPECT_EQ(media.commands.back(), "connect 1 2") << "bridged (and recorded) once the caller has its 200";
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

TEST_F(B2buaTest, HoldFromTheAgentIsAnsweredOnTheAgentsLeg) {
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
  EXPECT_TRUE(network.take(kTrunk).empty()) << "the caller's leg is ours: the hold stays on the agent's leg";
  auto back = network.take(kAlicePhone);
  ASSERT_EQ(codes(back), std::vector<int>{200});
  EXPECT_NE(back[0].body.find("a=recvonly"), std::string::npos) << back[0].body;
  EXPECT_NE(back[0].body.find("m=audio 20002 "), std::string::npos) << "still our port";
  EXPECT_EQ(media.commands.back(), "configure 2 hold") << "the engine stops sending to the held phone";
  // Over UDP the 2xx is ours to retransmit until the agent's ACK (RFC 3261 13.3.1.4).
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

TEST_F(B2buaRoutingTest, R14_WithoutVoicemailTheCallerHears480AndTheCallIsMissed) {
  routing.routes.clear(); // routing says Hangup: exhausted, and the organization has no voicemail
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

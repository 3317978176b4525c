// R-22 lead distribution in the B2BUA, the lead's side: once an agent took the lead,
// its number is called through the trunk with the agent's caller ID and bridged; its dialog
// is then the call's customer leg. A lead that is busy or does not answer ends the agent's
// leg with why; an agent leaving while it rings cancels it.
#include "b2bua_distribution_fixture.hpp"

namespace sb::calls {
namespace {

TEST_F(B2buaDistributionTest, APhoneTakesTheLeadAndIsBridgedToIt) {
  aliceTakesTheLead();
  // The agents saw the organization calling about a new lead.
  auto from = aliceInvite.from();
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(from->displayName, "New lead: Ada \"The\" Lovelace");
  EXPECT_EQ(from->uri.user, kOrgCallerId);
  ASSERT_NE(aliceInvite.header("X-Switchboard-Lead"), nullptr);
  EXPECT_EQ(*aliceInvite.header("X-Switchboard-Lead"), "lead-42");
  EXPECT_TRUE(saw(log.events, "started " + kCallId));
  EXPECT_TRUE(saw(routing.events, "offered u-alice"));
  EXPECT_TRUE(saw(routing.events, "offered u-bob"));
  // bob's phone stops, saying why.
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(reasonOf(toBob[0]), kCompletedElsewhere.value);
  EXPECT_TRUE(saw(log.events, "claim u-alice"));
  EXPECT_TRUE(saw(routing.events, "connected u-alice"));
  // the lead is called through the trunk with alice's caller ID.
  EXPECT_EQ(leadInvite.requestUri.user, kLeadNumber);
  EXPECT_EQ(leadInvite.from()->uri.user, kAliceCallerId);
  EXPECT_EQ(leadInvite.header("X-Switchboard-Call-Id"), nullptr) << "no internal ids to the trunk";
  EXPECT_NE(leadInvite.body.find("m=audio 20004 RTP/AVP"), std::string::npos) << "a media leg of its own";
  EXPECT_TRUE(commanded("ringback 1")) << "alice hears ringing while the lead's phone rings";
  EXPECT_EQ(b2bua.holdCall(kCallId, true, "u-alice", false), B2bua::HoldResult::NotConnected);

  layer.receive(reply(leadInvite, 180, "lead1", kTrunk), kTrunk);
  leadAnswers();
  EXPECT_EQ(media.commands.back(), "connect 3 1") << "R-26: the lead on the left, alice on the right";
  EXPECT_TRUE(network.take(kAlicePhone).empty());
  EXPECT_EQ(b2bua.holdCall(kCallId, true, "u-alice", false), B2bua::HoldResult::Done);
  EXPECT_EQ(media.commands.back(), "hold 3 1");
  EXPECT_EQ(b2bua.holdCall(kCallId, false, "u-alice", false), B2bua::HoldResult::Done);

  // The lead hangs up: alice's phone gets the BYE.
  layer.receive(inDialogFromLead("BYE", 1), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(saw(log.events, "ended completed"));
  EXPECT_TRUE(saw(routing.events, "ended completed answered"));
  layer.receive(reply(toAlice[0], 200, "", kAlicePhone), kAlicePhone);
  layer.receive(reply(bobInvite, 487, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(b2bua.activeCalls(), 0u);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaDistributionTest, TheAgentHangingUpEndsTheLeadsLegToo) {
  aliceTakesTheLead();
  leadAnswers();
  layer.receive(inDialogFromLead("INFO", 2), kTrunk);
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"INFO"}) << "relayed as for a caller";
  layer.receive(byeFromAlice(), kAlicePhone);
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(saw(log.events, "ended completed"));
}

TEST_F(B2buaDistributionTest, TheLeadsLegBehavesAsACallersLeg) {
  aliceTakesTheLead();
  leadAnswers();
  layer.receive(leadOk, kTrunk); // our ACK was lost: the 2xx again
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"ACK"}) << "ACKed again, nothing else";
  // The lead's phone puts the call on hold: answered here, from the lead's own leg.
  auto hold = inDialogFromLead("INVITE", 2);
  hold.body = "v=0\r\no=- 3 3 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
              "m=audio 41000 RTP/AVP 0\r\na=sendonly\r\n";
  hold.setHeader("Content-Type", "application/sdp");
  hold.setHeader("Content-Length", std::to_string(hold.body.size()));
  layer.receive(parse(hold.serialize()), kTrunk);
  auto answered = network.take(kTrunk);
  ASSERT_EQ(codes(answered), std::vector<int>{200});
  EXPECT_NE(answered[0].body.find("m=audio 20004 RTP/AVP 0"), std::string::npos) << answered[0].body;
  EXPECT_EQ(media.commands.back(), "configure 3 hold");
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "each leg negotiates with us";
  layer.receive(inDialogFromLead("ACK", 2), kTrunk);
  scheduler.fireAll(); // no 2xx retransmission is pending once the ACK came
  EXPECT_TRUE(network.take(kTrunk).empty());
  EXPECT_EQ(b2bua.activeCalls(), 1u);
}

TEST_F(B2buaDistributionTest, ABusyLeadEndsTheAgentsLegWithTheReason) {
  aliceTakesTheLead();
  layer.receive(reply(leadInvite, 486, "lead1", kTrunk), kTrunk);
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"ACK"}) << "the transaction ACKs the 486";
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  EXPECT_EQ(reasonOf(toAlice[0]), "SIP;cause=486;text=\"Busy Here\"");
  EXPECT_TRUE(saw(log.events, "ended busy"));
  EXPECT_TRUE(saw(routing.events, "ended busy answered")) << "alice took the lead: it stays hers";
  EXPECT_FALSE(media.open.count(3)) << "the lead's leg is closed";
}

TEST_F(B2buaDistributionTest, ALeadNotAnsweringInTimeIsCancelled) {
  aliceTakesTheLead();
  layer.receive(reply(leadInvite, 180, "lead1", kTrunk), kTrunk);
  scheduler.fire(common::Duration{30'000});
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"CANCEL"});
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  EXPECT_EQ(reasonOf(toAlice[0]), "SIP;cause=480;text=\"Lead did not answer\"");
  EXPECT_TRUE(saw(log.events, "ended no_answer"));
}

TEST_F(B2buaDistributionTest, TheAgentHangingUpWhileTheLeadRingsCancelsItsInvite) {
  aliceTakesTheLead();
  layer.receive(reply(leadInvite, 180, "lead1", kTrunk), kTrunk);
  layer.receive(byeFromAlice(), kAlicePhone);
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(saw(log.events, "ended cancelled"));
  // The lead answers anyway, crossing the CANCEL: ACKed and hung up on, never connected.
  layer.receive(reply(leadInvite, 200, "lead1", kTrunk), kTrunk);
  EXPECT_EQ(methods(network.take(kTrunk)), (std::vector<std::string>{"ACK", "BYE"}));
  EXPECT_FALSE(commanded("connect 3 1"));
  layer.receive(reply(bobInvite, 487, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(b2bua.activeCalls(), 1u) << "until the lead's BYE is answered";
}

TEST_F(B2buaDistributionTest, HangingUpWhileTheLeadRingsCancelsItAndByesTheAgent) {
  aliceTakesTheLead();
  layer.receive(reply(leadInvite, 180, "lead1", kTrunk), kTrunk);
  ASSERT_TRUE(b2bua.hangUpCall(kCallId, "shutting down"));
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(saw(log.events, "ended cancelled"));
  EXPECT_FALSE(b2bua.hangUpCall(kCallId, "again")) << "already over";
}

TEST_F(B2buaDistributionTest, HangingUpAConnectedDistributionCallByesBothLegs) {
  aliceTakesTheLead();
  leadAnswers();
  b2bua.hangUpAll("shutting down");
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"BYE"});
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(saw(log.events, "ended completed"));
}

TEST_F(B2buaDistributionTest, AConnectedDistributionCallCanBeTransferred) {
  aliceTakesTheLead();
  leadAnswers();
  network.take(kBobPhone);
  TransferTarget bob{TransferTarget::Kind::User, "u-bob", "", "Bob"};
  ASSERT_EQ(b2bua.transferCall(kCallId, "u-alice", false, bob, common::Duration{20'000}).result,
            B2bua::TransferResult::Ringing);
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"});
  EXPECT_EQ(toBob[0].from()->uri.user, kLeadNumber) << "the target sees the lead calling";
  layer.receive(reply(toBob[0], 200, "bob2", kBobPhone), kBobPhone);
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  EXPECT_EQ(reasonOf(toAlice[0]), kCallTransferred.value);
  EXPECT_EQ(media.commands.back(), "close 1");
  EXPECT_TRUE(commanded("connect 3 4")) << "the lead is bridged to bob's leg";
}

} // namespace
} // namespace sb::calls

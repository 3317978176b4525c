// R-17 transfers in the B2BUA: a connected call handed to a user, a group or a number while
// the caller waits on hold; the first target to accept takes the agent's place; a
// decline, no answer or cancel gives the caller back to the agent, or to voicemail
// when the agent has hung up meanwhile.
#include "b2bua_fixture.hpp"

#include <algorithm>

namespace sb::calls {
namespace {

const net::Endpoint kCarolPhone{net::TransportKind::Udp, "127.0.0.1", 6004, 0};

TransferTarget userTarget(const std::string& id) { return {TransferTarget::Kind::User, id, "", id + " name"}; }

class B2buaTransferTest : public B2buaTest {
protected:
  B2buaTransferTest() {
    devices.contacts = {contactAt("u-alice", "alice", kAlicePhone), contactAt("u-bob", "bob", kBobPhone),
                        contactAt("u-carol", "carol", kCarolPhone)};
  }

  // The trunk calls, alice's phone answers, the caller ACKs: media legs 1 (caller), 2 (alice).
  void connectAlice() {
    layer.receive(parse(trunkInvite()), kTrunk);
    log.commitAll();
    alicePhone = network.take(kAlicePhone).at(0);
    aliceOk = reply(alicePhone, 200, "ph1", kAlicePhone);
    layer.receive(aliceOk, kAlicePhone);
    log.commitAll();
    callerOk = network.take(kTrunk).back();
    ASSERT_EQ(callerOk.statusCode, 200);
    layer.receive(inDialogFromCaller("ACK", 1), kTrunk);
    network.take(kAlicePhone); // its ACK
    callId = log.events.front().substr(std::string("started ").size());
    ASSERT_TRUE(saw(routing.events, "connected u-alice"));
  }

  sip::Message inDialogFromCaller(const std::string& method, int cseq) {
    return parse(method + " sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-tr-" + method + std::to_string(cseq) + "\r\n"
                 "Max-Forwards: 70\r\nFrom: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                 "To: " + *callerOk.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: " + std::to_string(cseq) +
                 " " + method + "\r\nContent-Length: 0\r\n\r\n");
  }

  // Alice's phone hangs up: a BYE in the dialog our INVITE made.
  sip::Message byeFromAlice() {
    return parse("BYE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.1:6001;branch=z9hG4bK-alice-bye\r\nMax-Forwards: 70\r\n"
                 "From: " + *aliceOk.header("To") + "\r\nTo: " + *alicePhone.header("From") + "\r\n"
                 "Call-ID: " + alicePhone.callId() + "\r\nCSeq: 9 BYE\r\nContent-Length: 0\r\n\r\n");
  }

  B2bua::TransferResult transferTo(const TransferTarget& target, const std::string& by = "u-alice") {
    return b2bua.transferCall(callId, by, false, target, common::Duration{20'000}).result;
  }

  static bool saw(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }
  bool commanded(const std::string& command) const { return saw(media.commands, command); }

  sip::Message alicePhone, aliceOk, callerOk;
  std::string callId;
};

TEST_F(B2buaTransferTest, AnAcceptedTransferPutsTheTargetInTheAgentsPlace) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  EXPECT_EQ(media.commands.back(), "hold 1 2") << "the caller hears music on hold while it rings";
  EXPECT_TRUE(saw(log.events, "transfer started u-alice"));
  EXPECT_TRUE(saw(log.events, "offer u-bob transferred by u-alice"));
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"});
  ASSERT_NE(toBob[0].header("X-Switchboard-Transfer-From"), nullptr);
  EXPECT_EQ(*toBob[0].header("X-Switchboard-Transfer-From"), "u-alice");
  EXPECT_NE(toBob[0].header("X-Switchboard-Offer-Id"), nullptr);
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "alice stays on the line while it rings";
  EXPECT_EQ(b2bua.holdCall(callId, false, "u-bob", false), B2bua::HoldResult::NotYours) << "not bob's until he answers";

  layer.receive(reply(toBob[0], 200, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"ACK"});
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  ASSERT_NE(toAlice[0].header("Reason"), nullptr);
  EXPECT_EQ(*toAlice[0].header("Reason"), "SIP;cause=200;text=\"Call transferred\"");
  EXPECT_TRUE(network.take(kTrunk).empty()) << "the caller's leg is ours: nothing to tell it";
  EXPECT_TRUE(commanded("connect 1 3")) << "the caller is bridged to bob's leg";
  EXPECT_TRUE(commanded("close 2")) << "alice's leg goes";
  auto connect = std::find(media.commands.begin(), media.commands.end(), "connect 1 3");
  EXPECT_LT(connect - media.commands.begin(),
            std::find(media.commands.begin(), media.commands.end(), "close 2") - media.commands.begin())
      << "the hand-over comes before alice's leg closes, so the recording goes on";
  EXPECT_TRUE(saw(routing.events, "left u-alice")) << "R-12: alice's cool-down starts";
  EXPECT_TRUE(saw(routing.events, "connected u-bob")) << "R-18: the lead may go to bob";
  EXPECT_TRUE(saw(log.events, "offer-ended accepted"));
  EXPECT_TRUE(saw(log.events, "transfer accepted u-alice to u-bob"));
  EXPECT_EQ(log.held.size(), 0u) << "the call was claimed once, by alice";
  // The call is bob's from his 200 OK on, before the store has written any of it.
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::NotYours) << "alice handed it on";
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-bob", false), B2bua::HoldResult::Done);
  EXPECT_EQ(transferTo(userTarget("u-carol"), "u-alice"), B2bua::TransferResult::NotYours);
  EXPECT_EQ(b2bua.holdCall(callId, false, "u-bob", false), B2bua::HoldResult::Done);

  // The caller hangs up: the BYE goes to bob now.
  layer.receive(inDialogFromCaller("BYE", 2), kTrunk);
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(network.take(kAlicePhone).empty());
  EXPECT_TRUE(saw(log.events, "ended completed"));
}

TEST_F(B2buaTransferTest, ADeclinedTransferGivesTheCallerBackToTheAgent) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(reply(invite, 603, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(media.commands.back(), "resume 1 2") << "alice and the caller hear each other again";
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice declined"));
  EXPECT_TRUE(saw(routing.events, "offer-ended u-bob declined")) << "R-10 accounting";
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "alice is still connected";
  EXPECT_FALSE(saw(routing.events, "left u-alice"));
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::Done) << "the call is hers again";
}

TEST_F(B2buaTransferTest, ADeclineInTheAppEndsTheTransferToo) {
  connectAlice();
  ASSERT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::Done);
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  EXPECT_EQ(b2bua.holdCall(callId, false, "u-alice", false), B2bua::HoldResult::Transferring);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(reply(invite, 180, "bob1", kBobPhone), kBobPhone);
  EXPECT_FALSE(b2bua.declineOffer(callId, "u-carol")) << "carol has no offer of it";
  ASSERT_TRUE(b2bua.declineOffer(callId, "u-bob"));
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice declined"));
  EXPECT_NE(media.commands.back(), "resume 1 2") << "the call was on hold before the transfer: it stays so";
}

TEST_F(B2buaTransferTest, NobodyAnsweringInTimeIsNoAnswer) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(reply(invite, 180, "bob1", kBobPhone), kBobPhone);
  scheduler.fire(common::Duration{20'000});
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"CANCEL"});
  EXPECT_NE(toBob[0].header("Reason")->find("No answer"), std::string::npos);
  EXPECT_TRUE(saw(routing.events, "offer-ended u-bob no_answer")) << "R-11 counts the miss";
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice no_answer"));
  EXPECT_EQ(media.commands.back(), "resume 1 2");
  // Bob's phone answers after all, crossing the CANCEL: released, never connected.
  layer.receive(reply(invite, 200, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(methods(network.take(kBobPhone)), (std::vector<std::string>{"ACK", "BYE"}));
  EXPECT_FALSE(saw(routing.events, "connected u-bob"));
  EXPECT_TRUE(network.take(kAlicePhone).empty());
}

TEST_F(B2buaTransferTest, TheTransferringUserOrAnAdminCanCancelIt) {
  connectAlice();
  EXPECT_EQ(b2bua.cancelTransfer(callId, "u-alice", false), B2bua::CancelResult::NoneRinging);
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(reply(invite, 180, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(b2bua.cancelTransfer(callId, "u-bob", false), B2bua::CancelResult::NotYours);
  ASSERT_EQ(b2bua.cancelTransfer(callId, "u-alice", false), B2bua::CancelResult::Cancelled);
  auto toBob = network.take(kBobPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"CANCEL"});
  EXPECT_NE(toBob[0].header("Reason")->find("Transfer cancelled"), std::string::npos);
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice cancelled"));
  EXPECT_EQ(media.commands.back(), "resume 1 2");
  ASSERT_EQ(transferTo(userTarget("u-carol")), B2bua::TransferResult::Ringing) << "a new transfer may start";
  network.take(kCarolPhone);
  EXPECT_EQ(b2bua.cancelTransfer(callId, "", true), B2bua::CancelResult::Cancelled) << "an admin may cancel";
}

TEST_F(B2buaTransferTest, TheCallerHangingUpStopsTheTransferAndEndsTheCall) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(reply(invite, 180, "bob1", kBobPhone), kBobPhone);
  layer.receive(inDialogFromCaller("BYE", 2), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
  auto toAlice = network.take(kAlicePhone);
  ASSERT_EQ(methods(toAlice), std::vector<std::string>{"BYE"});
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice cancelled"));
  EXPECT_TRUE(saw(log.events, "ended completed"));
  layer.receive(reply(toAlice[0], 200, "", kAlicePhone), kAlicePhone);
  layer.receive(reply(invite, 487, "bob1", kBobPhone), kBobPhone);
  EXPECT_EQ(b2bua.activeCalls(), 0u);
  EXPECT_TRUE(media.open.empty()) << "every leg is closed, bob's too";
}

TEST_F(B2buaTransferTest, TheAgentHangingUpLeavesTheCallerOnHoldAndAFailureGoesToVoicemail) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(byeFromAlice(), kAlicePhone);
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  EXPECT_TRUE(network.take(kTrunk).empty()) << "the caller stays, on hold";
  EXPECT_TRUE(network.take(kBobPhone).empty()) << "bob still rings";
  EXPECT_TRUE(saw(routing.events, "left u-alice")) << "alice's call is over for her";
  b2bua.onMediaTimeout(2); // alice's leg is silent now: that must not end the call
  EXPECT_EQ(b2bua.activeCalls(), 1u);

  layer.receive(reply(invite, 603, "bob1", kBobPhone), kBobPhone);
  EXPECT_TRUE(saw(log.events, "transfer failed u-alice declined"));
  EXPECT_TRUE(commanded("close 2"));
  EXPECT_EQ(media.commands.back(), "voicemail 1 120000") << "R-14 on the caller's answered leg";
  EXPECT_TRUE(network.take(kTrunk).empty()) << "no new answer: the caller was answered already";
  layer.receive(inDialogFromCaller("BYE", 2), kTrunk);
  EXPECT_TRUE(saw(log.events, "ended voicemail"));
  EXPECT_TRUE(saw(routing.events, "ended voicemail answered")) << "routing opens the R-14 follow-up";
}

TEST_F(B2buaTransferTest, TheAgentHangingUpThenTheTargetAcceptingConnectsTheCaller) {
  connectAlice();
  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  auto invite = network.take(kBobPhone).at(0);
  layer.receive(byeFromAlice(), kAlicePhone);
  network.take(kAlicePhone);
  layer.receive(reply(invite, 200, "bob1", kBobPhone), kBobPhone);
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "no BYE to a phone that hung up";
  EXPECT_TRUE(commanded("connect 1 3"));
  EXPECT_TRUE(saw(routing.events, "connected u-bob"));
  EXPECT_EQ(std::count(routing.events.begin(), routing.events.end(), "left u-alice"), 1);
}

TEST_F(B2buaTransferTest, OnlyAConnectedCallCanBeTransferred) {
  EXPECT_EQ(b2bua.transferCall("no-such-call", "u-alice", false, userTarget("u-bob"), common::Duration{20'000}).result,
            B2bua::TransferResult::NotFound);
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  callId = log.events.front().substr(std::string("started ").size());
  EXPECT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::NotConnected) << "still ringing";
  EXPECT_TRUE(network.take(kBobPhone).empty());
}

TEST_F(B2buaTransferTest, ATransferIsRefusedWhenItCannotRing) {
  connectAlice();
  EXPECT_EQ(transferTo(userTarget("u-alice")), B2bua::TransferResult::SameUser);
  EXPECT_EQ(transferTo(userTarget("u-carol"), "u-bob"), B2bua::TransferResult::NotYours);
  routing.unavailable["u-carol"] = "Carol cannot take it now: on a call";
  auto refused = b2bua.transferCall(callId, "u-alice", false, userTarget("u-carol"), common::Duration{20'000});
  EXPECT_EQ(refused.result, B2bua::TransferResult::TargetUnavailable);
  EXPECT_EQ(refused.refusal, "Carol cannot take it now: on a call");
  EXPECT_EQ(transferTo({TransferTarget::Kind::Group, "g-empty", "", "Nobody"}),
            B2bua::TransferResult::TargetUnavailable);
  EXPECT_FALSE(commanded("hold 1 2")) << "a refused transfer leaves the call as it was";

  ASSERT_EQ(transferTo(userTarget("u-bob")), B2bua::TransferResult::Ringing);
  EXPECT_EQ(transferTo(userTarget("u-carol")), B2bua::TransferResult::AlreadyRinging);
  EXPECT_TRUE(network.take(kCarolPhone).empty());
  EXPECT_EQ(b2bua.transferCall(callId, "", true, userTarget("u-carol"), common::Duration{20'000}).result,
            B2bua::TransferResult::AlreadyRinging);
}

TEST_F(B2buaTransferTest, AGroupTransferRingsItsEligibleUsersAndTheFirstToAnswerWins) {
  connectAlice();
  routing.groups["g-sales"] = {"u-bob", "u-carol"};
  ASSERT_EQ(transferTo({TransferTarget::Kind::Group, "g-sales", "", "Sales"}), B2bua::TransferResult::Ringing);
  EXPECT_TRUE(saw(routing.events, "transfer-route g-sales"));
  auto toBob = network.take(kBobPhone);
  auto toCarol = network.take(kCarolPhone);
  ASSERT_EQ(methods(toBob), std::vector<std::string>{"INVITE"});
  ASSERT_EQ(methods(toCarol), std::vector<std::string>{"INVITE"});
  layer.receive(reply(toBob[0], 180, "bob1", kBobPhone), kBobPhone);
  layer.receive(reply(toCarol[0], 200, "carol1", kCarolPhone), kCarolPhone);
  auto cancel = network.take(kBobPhone);
  ASSERT_EQ(methods(cancel), std::vector<std::string>{"CANCEL"});
  EXPECT_EQ(*cancel[0].header("Reason"), kCompletedElsewhere.value) << "R-7 among the transfer's offers";
  EXPECT_TRUE(saw(log.events, "offer-ended taken_by_other"));
  EXPECT_TRUE(saw(log.events, "transfer accepted u-alice to u-carol"));
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(commanded("connect 1 4")) << "carol's leg (bob's is 3)";
}

TEST_F(B2buaTransferTest, ANumberIsDialledThroughTheTrunkAndMustBeConfirmed) {
  connectAlice();
  ASSERT_EQ(transferTo({TransferTarget::Kind::Number, "", "+15550109999", "+15550109999"}),
            B2bua::TransferResult::Ringing);
  auto toTrunk = network.take(kTrunk);
  ASSERT_EQ(methods(toTrunk), std::vector<std::string>{"INVITE"});
  EXPECT_EQ(toTrunk[0].requestUri.user, "+15550109999");
  EXPECT_EQ(toTrunk[0].header("X-Switchboard-Call-Id"), nullptr) << "no internal ids to the trunk";
  layer.receive(reply(toTrunk[0], 200, "num1", kTrunk), kTrunk);
  EXPECT_TRUE(std::any_of(media.commands.begin(), media.commands.end(),
                          [](const std::string& c) { return c.starts_with("confirm 3 "); }))
      << "R-9: a number answering hears the prompt first";
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "not transferred before 1 is pressed";
  b2bua.onDigit(3, '1');
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(commanded("connect 1 3"));
  EXPECT_TRUE(saw(log.events, "transfer accepted u-alice"));
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::NotYours) << "no user is on it now";
  EXPECT_EQ(b2bua.holdCall(callId, true, "", true), B2bua::HoldResult::Done) << "an admin still may";
}

} // namespace
} // namespace sb::calls

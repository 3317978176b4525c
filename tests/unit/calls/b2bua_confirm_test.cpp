// R-9 confirmation: an answer that must be confirmed counts only once the device presses
// 1; 2 declines, silence or hanging up is no answer, and the call keeps ringing
// elsewhere meanwhile (R-7: the first *acceptance* wins).
#include "b2bua_fixture.hpp"

#include <algorithm>

namespace sb::calls {
namespace {

const common::Duration kConfirmTimeout{15'000};

class B2buaConfirmTest : public B2buaTest {
protected:
  B2buaConfirmTest() {
    routing.callerName = "Ada Lovelace";
    routing.routes.front().confirm = true; // alice's SIP phones confirm (the setting, or the step)
    devices.contacts.push_back(contactAt("u-bob", "bob", kBobPhone));
  }
  bool commanded(const std::string& command) const {
    return std::find(media.commands.begin(), media.commands.end(), command) != media.commands.end();
  }
  bool saw(const std::string& event) const {
    return std::find(routing.events.begin(), routing.events.end(), event) != routing.events.end();
  }
  // The phone answers: it gets its ACK and the prompt; nothing reaches the caller yet.
  void phoneAnswers(const sip::Message& phone) {
    layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
    EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"ACK"});
    EXPECT_TRUE(commanded("confirm 2 Ada Lovelace")) << "the prompt names the caller's lead";
    EXPECT_TRUE(network.take(kAliceDesk).empty()) << "the desk phone rings on";
    EXPECT_TRUE(log.held.empty()) << "no claim before the key press";
  }
  sip::Message inDialogFromPhone(const sip::Message& phone, const std::string& method, const std::string& body = "",
                                 const std::string& type = "") {
    std::string text = method + " sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 127.0.0.1:6001;branch=z9hG4bK-" + method + "-c\r\nMax-Forwards: 70\r\n"
                       "From: <sip:alice@127.0.0.1>;tag=ph1\r\nTo: " + *phone.header("From") + "\r\n"
                       "Call-ID: " + phone.callId() + "\r\nCSeq: 9 " + method + "\r\n";
    if (!type.empty()) text += "Content-Type: " + type + "\r\n";
    return parse(text + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
};

TEST_F(B2buaConfirmTest, PressingOneAcceptsAndConnects) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk); // a CANCEL waits for a provisional
  phoneAnswers(phone);
  b2bua.onDigit(2, '1');
  EXPECT_EQ(methods(network.take(kAliceDesk)), std::vector<std::string>{"CANCEL"});
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 200);
  EXPECT_EQ(media.commands.back(), "connect 1 2");
  EXPECT_TRUE(saw("connected u-alice"));
}

TEST_F(B2buaConfirmTest, AcceptingInTheAppIsPressingOne) {
  auto [phone, desk] = ringAlice();
  std::string callId = log.events.front().substr(std::string("started ").size());
  EXPECT_EQ(b2bua.acceptOffer(callId, "u-alice"), B2bua::AcceptResult::NothingToConfirm)
      << "her phones only ring: she answers on them";
  EXPECT_EQ(b2bua.acceptOffer(callId, "u-nobody"), B2bua::AcceptResult::NotOffered);
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk);
  phoneAnswers(phone);
  EXPECT_EQ(b2bua.acceptOffer(callId, "u-alice"), B2bua::AcceptResult::Accepted);
  EXPECT_EQ(methods(network.take(kAliceDesk)), std::vector<std::string>{"CANCEL"});
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 200);
  EXPECT_EQ(media.commands.back(), "connect 1 2");
  EXPECT_EQ(b2bua.acceptOffer(callId, "u-alice"), B2bua::AcceptResult::NotOffered) << "the call is connected";
}

TEST_F(B2buaConfirmTest, OtherKeysAreIgnored) {
  auto [phone, desk] = ringAlice();
  phoneAnswers(phone);
  b2bua.onDigit(2, '5');
  b2bua.onDigit(3, '1'); // the desk's leg: it has not answered
  EXPECT_TRUE(log.held.empty());
  EXPECT_TRUE(network.take(kAlicePhone).empty());
}

TEST_F(B2buaConfirmTest, PressingTwoDeclinesAndRoutingGoesOn) {
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  network.take(kAliceDesk); // the ACK of its 486
  phoneAnswers(phone);
  b2bua.onDigit(2, '2');
  auto toPhone = network.take(kAlicePhone);
  ASSERT_EQ(methods(toPhone), std::vector<std::string>{"BYE"});
  EXPECT_NE(toPhone[0].header("Reason")->find("603"), std::string::npos);
  EXPECT_TRUE(saw("offer-ended u-alice declined")) << "R-10";
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"INVITE"}) << "the next round rings";
  EXPECT_FALSE(media.open.count(2)) << "the phone's leg is closed";
}

TEST_F(B2buaConfirmTest, TheDeviceHearsWhyBeforeItIsHungUpOnWhileRoutingGoesOn) {
  media.farewellLength = common::Duration{1'500};
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  network.take(kAliceDesk);
  phoneAnswers(phone);
  b2bua.onDigit(2, '2');
  EXPECT_TRUE(commanded("farewell 2 declined"));
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "\"passing the call on\" plays first";
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"INVITE"}) << "routing does not wait";
  EXPECT_TRUE(media.open.count(2)) << "the leg stays for the prompt";
  scheduler.fire(common::Duration{1'700});
  auto toPhone = network.take(kAlicePhone);
  ASSERT_EQ(methods(toPhone), std::vector<std::string>{"BYE"});
  EXPECT_NE(toPhone[0].header("Reason")->find("603"), std::string::npos);
  EXPECT_FALSE(media.open.count(2));
}

TEST_F(B2buaConfirmTest, SilenceUntilTheTimeoutIsNoAnswer) {
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  network.take(kAliceDesk); // the ACK of its 486
  phoneAnswers(phone);
  scheduler.fire(kConfirmTimeout);
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(saw("offer-ended u-alice no_answer")) << "counts towards R-11";
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"INVITE"});
}

TEST_F(B2buaConfirmTest, HangingUpAtThePromptDeclines) {
  routing.routes.push_back(ScriptedRouting::offer({"u-bob"}));
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 486, "dk1", kAliceDesk), kAliceDesk);
  network.take(kAliceDesk); // the ACK of its 486
  phoneAnswers(phone);
  layer.receive(inDialogFromPhone(phone, "BYE"), kAlicePhone);
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  EXPECT_TRUE(saw("offer-ended u-alice declined"));
  EXPECT_EQ(methods(network.take(kBobPhone)), std::vector<std::string>{"INVITE"});
}

TEST_F(B2buaConfirmTest, AKeySentAsSipInfoCounts) {
  auto [phone, desk] = ringAlice();
  phoneAnswers(phone);
  layer.receive(inDialogFromPhone(phone, "INFO", "Signal=1\r\nDuration=160\r\n", "application/dtmf-relay"),
                kAlicePhone);
  EXPECT_EQ(codes(network.take(kAlicePhone)), std::vector<int>{200});
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 200);
}

TEST_F(B2buaConfirmTest, AnotherDeviceThatAnswersFirstWinsAndTheConfirmingOneIsReleased) {
  routing.routes.front().users.push_back("u-bob");
  auto [phone, desk] = ringAlice();
  auto bob = network.take(kBobPhone).at(0);
  phoneAnswers(phone);
  routing.routes.clear();
  layer.receive(reply(bob, 200, "bob1", kBobPhone), kBobPhone); // the route confirms every SIP phone
  EXPECT_TRUE(commanded("confirm 4 Ada Lovelace"));
  b2bua.onDigit(4, '1');
  auto toPhone = network.take(kAlicePhone);
  ASSERT_EQ(methods(toPhone), std::vector<std::string>{"BYE"});
  EXPECT_NE(toPhone[0].header("Reason")->find("cause=200"), std::string::npos) << "answered elsewhere";
  b2bua.onDigit(2, '1'); // too late
  log.commitAll();
  EXPECT_EQ(media.commands.back(), "connect 1 4");
  EXPECT_TRUE(saw("connected u-bob"));
  EXPECT_FALSE(saw("connected u-alice"));
}

TEST_F(B2buaConfirmTest, ARingThroughNumberRingsThroughTheTrunkAndAlwaysConfirms) {
  routing.routes.front().confirm = false;
  routing.routes.front().ringThrough["u-alice"] = "+15550009999";
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  network.take(kAlicePhone);
  network.take(kAliceDesk);
  auto toTrunk = network.take(kTrunk);
  auto invite = std::find_if(toTrunk.begin(), toTrunk.end(), [](const sip::Message& m) { return m.isRequest(); });
  ASSERT_NE(invite, toTrunk.end());
  EXPECT_EQ(invite->requestUri.user, "+15550009999");
  auto mobile = sip::makeResponse(*invite, 200, {}, "mob1");
  mobile.addHeader("Contact", "<sip:+15550009999@127.0.0.2:5060>");
  mobile.addHeader("Content-Type", "application/sdp");
  mobile.body = "v=0\r\no=- 2 2 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 42000 RTP/AVP 0\r\n";
  layer.receive(parse(mobile.serialize()), kTrunk);
  EXPECT_TRUE(commanded("confirm 4 Ada Lovelace")) << "a mobile's voicemail must not take the call";
  EXPECT_TRUE(log.held.empty());
  b2bua.onDigit(4, '1');
  log.commitAll();
  EXPECT_EQ(media.commands.back(), "connect 1 4");
  EXPECT_TRUE(saw("connected u-alice"));
}

TEST_F(B2buaConfirmTest, TheCallerHangingUpReleasesAConfirmingDevice) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(desk, 180, "dk1", kAliceDesk), kAliceDesk);
  phoneAnswers(phone);
  std::string cancel = trunkInvite();
  cancel.replace(0, 6, "CANCEL");
  cancel.replace(cancel.find("CSeq: 1 INVITE"), 14, "CSeq: 1 CANCEL");
  cancel.resize(cancel.find("Content-Type:"));
  layer.receive(parse(cancel + "Content-Length: 0\r\n\r\n"), kTrunk);
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_EQ(methods(network.take(kAliceDesk)), std::vector<std::string>{"CANCEL"});
  EXPECT_TRUE(media.open.empty());
}

} // namespace
} // namespace sb::calls

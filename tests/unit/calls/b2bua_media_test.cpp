// Media anchoring in the B2BUA: every leg negotiates its SDP with us (RFC 3264), the engine
// is told what each exchange settled, and connected calls are bridged and recorded.
#include "b2bua_fixture.hpp"

#include <algorithm>

namespace sb::calls {
namespace {

std::string sdpWith(int port, const std::string& payloads, const std::string& extra = "") {
  return "v=0\r\no=- 5 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + std::to_string(port) +
         " RTP/AVP " + payloads + "\r\n" + extra;
}

// The trunk INVITE with another body (empty: no offer).
std::string inviteWithBody(const std::string& body) {
  std::string invite = trunkInvite();
  invite.resize(invite.find("Content-Type:"));
  if (!body.empty()) invite += "Content-Type: application/sdp\r\n";
  return invite + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class B2buaMediaTest : public B2buaTest {
protected:
  using B2buaTest::B2buaTest;

  sip::Message ackFor(const sip::Message& ok, const std::string& body = "") {
    std::string ack = "ACK sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                      "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-ack-m\r\nMax-Forwards: 70\r\n"
                      "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                      "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 1 ACK\r\n";
    if (!body.empty()) ack += "Content-Type: application/sdp\r\n";
    return parse(ack + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  // Alice's phone answers; returns the 200 the caller got.
  sip::Message connectAlice(const sip::Message& phone) {
    layer.receive(reply(phone, 200, "ph1", kAlicePhone), kAlicePhone);
    log.commitAll();
    auto toCaller = network.take(kTrunk);
    EXPECT_EQ(codes(toCaller).back(), 200);
    return toCaller.back();
  }

  bool commanded(const std::string& command) const {
    return std::find(media.commands.begin(), media.commands.end(), command) != media.commands.end();
  }
};

TEST_F(B2buaMediaTest, ACallerWithNoCodecInCommonGets488AndIsNeverAdmitted) {
  layer.receive(parse(inviteWithBody(sdpWith(40000, "18", "a=rtpmap:18 G729/8000\r\n"))), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 488);
  EXPECT_TRUE(log.events.empty()) << "nothing is stored for a call that could never talk";
  EXPECT_TRUE(media.open.empty()) << "both legs are given back";
  EXPECT_EQ(b2bua.activeCalls(), 0u);
}

TEST_F(B2buaMediaTest, MalformedSdpIs400) {
  layer.receive(parse(inviteWithBody("v=0\r\nthis is not sdp\r\n")), kTrunk);
  auto toCaller = network.take(kTrunk);
  EXPECT_EQ(codes(toCaller).back(), 400);
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaMediaTest, NoFreeRtpPortIs503) {
  media.portsLeft = 0;
  layer.receive(parse(trunkInvite()), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 503);
  EXPECT_TRUE(log.events.empty());
}

TEST_F(B2buaMediaTest, ADeviceThatCannotGetAPortIsSkippedAndTheOthersRing) {
  media.portsLeft = 2; // the caller's leg and alice's phone; none left for her desk
  layer.receive(parse(trunkInvite()), kTrunk);
  log.commitAll();
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"INVITE"});
  EXPECT_TRUE(network.take(kAliceDesk).empty());
}

TEST_F(B2buaMediaTest, TheCallerIsAnsweredOnItsOwnLegAndBothLegsCloseAtTheEnd) {
  auto [phone, desk] = ringAlice();
  EXPECT_EQ(media.configured.at(1).codec.encoding, "PCMU") << "the caller's offer is answered at once";
  auto ok = connectAlice(phone);
  layer.receive(ackFor(ok), kTrunk);
  EXPECT_TRUE(commanded("connect 1 2")) << "the caller is the customer (left), alice the agent (right)";
  std::string bye = "BYE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-bye-m\r\nMax-Forwards: 70\r\n"
                    "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                    "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(bye), kTrunk);
  EXPECT_TRUE(media.open.empty());
  EXPECT_TRUE(commanded("close 1"));
  EXPECT_TRUE(commanded("close 2"));
}

TEST_F(B2buaMediaTest, ACallerWithoutAnOfferGetsOursAndAnswersInTheAck) {
  layer.receive(parse(inviteWithBody("")), kTrunk);
  log.commitAll();
  auto phone = network.take(kAlicePhone).at(0);
  EXPECT_NE(phone.body.find("m=audio 20002 "), std::string::npos) << "the devices get our offer all the same";
  auto ok = connectAlice(phone);
  EXPECT_NE(ok.body.find("m=audio 20000 RTP/AVP 0 8 101"), std::string::npos) << "our offer:\n" << ok.body;
  EXPECT_EQ(media.configured.count(1), 0u) << "nothing to send to until the answer";
  layer.receive(ackFor(ok, sdpWith(40100, "8", "a=rtpmap:8 PCMA/8000\r\n")), kTrunk);
  ASSERT_EQ(media.configured.count(1), 1u);
  EXPECT_EQ(media.configured.at(1).codec.encoding, "PCMA");
  EXPECT_EQ(media.configured.at(1).remoteRtpPort, 40100);
}

TEST_F(B2buaMediaTest, AnAckWithoutTheAnswerEndsTheCall) {
  layer.receive(parse(inviteWithBody("")), kTrunk);
  log.commitAll();
  auto phone = network.take(kAlicePhone).at(0);
  auto ok = connectAlice(phone);
  layer.receive(ackFor(ok), kTrunk);
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"BYE"});
  EXPECT_EQ(methods(network.take(kAlicePhone)).back(), "BYE");
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaMediaTest, AnAnswerWithoutUsableMediaIsReleasedAndTheOtherDevicesRingOn) {
  auto [phone, desk] = ringAlice();
  auto bad = sip::makeResponse(phone, 200, {}, "ph1");
  bad.addHeader("Contact", "<sip:alice@127.0.0.1:6001>");
  bad.addHeader("Content-Type", "application/sdp");
  bad.body = sdpWith(41000, "18", "a=rtpmap:18 G729/8000\r\n");
  layer.receive(parse(bad.serialize()), kAlicePhone);
  auto toPhone = network.take(kAlicePhone);
  ASSERT_EQ(methods(toPhone), (std::vector<std::string>{"ACK", "BYE"}));
  ASSERT_NE(toPhone[1].header("Reason"), nullptr);
  EXPECT_NE(toPhone[1].header("Reason")->find("488"), std::string::npos);
  EXPECT_TRUE(network.take(kAliceDesk).empty()) << "the desk phone is not cancelled";
  EXPECT_TRUE(log.held.empty()) << "no claim for an answer that cannot talk";
  layer.receive(reply(desk, 200, "dk1", kAliceDesk), kAliceDesk);
  log.commitAll();
  EXPECT_EQ(codes(network.take(kTrunk)).back(), 200);
  EXPECT_EQ(media.configured.at(3).remoteRtpPort, 41000) << "the desk phone's own leg";
  EXPECT_EQ(media.commands.back(), "connect 1 3");
  EXPECT_FALSE(media.open.count(2)) << "the released phone's leg is closed";
}

TEST_F(B2buaMediaTest, AMediaTimeoutEndsAConnectedCallButNotARingingOne) {
  auto [phone, desk] = ringAlice();
  b2bua.onMediaTimeout(1);
  EXPECT_EQ(b2bua.activeCalls(), 1u) << "a caller may send nothing while it rings";
  auto ok = connectAlice(phone);
  layer.receive(ackFor(ok), kTrunk);
  network.take(kAlicePhone);
  b2bua.onMediaTimeout(2);
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"BYE"});
  EXPECT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"BYE"});
  EXPECT_NE(std::find(log.events.begin(), log.events.end(), "ended completed"), log.events.end());
  EXPECT_TRUE(media.open.empty());
}

TEST_F(B2buaMediaTest, HoldFromTheAppPlaysHoldAudioOnAConnectedCallOnly) {
  auto [phone, desk] = ringAlice();
  std::string callId = log.events.front().substr(std::string("started ").size());
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::NotConnected) << "still ringing";
  EXPECT_EQ(b2bua.holdCall("no-such-call", true, "u-alice", false), B2bua::HoldResult::NotFound);
  auto ok = connectAlice(phone);
  layer.receive(ackFor(ok), kTrunk);
  ASSERT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::Done);
  EXPECT_EQ(media.commands.back(), "hold 1 2") << "the customer (1) hears music, the agent (2) silence";
  auto commandsBefore = media.commands.size();
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-alice", false), B2bua::HoldResult::Done);
  EXPECT_EQ(media.commands.size(), commandsBefore) << "holding a held call changes nothing";
  ASSERT_EQ(b2bua.holdCall(callId, false, "u-alice", false), B2bua::HoldResult::Done);
  EXPECT_EQ(media.commands.back(), "resume 1 2");
  EXPECT_EQ(b2bua.holdCall(callId, true, "u-bob", false), B2bua::HoldResult::NotYours) << "bob is not on it";
  EXPECT_EQ(b2bua.holdCall(callId, true, "", false), B2bua::HoldResult::NotYours) << "nobody is not alice";
  EXPECT_EQ(media.commands.back(), "resume 1 2") << "a refused hold changes nothing";
  ASSERT_EQ(b2bua.holdCall(callId, true, "", true), B2bua::HoldResult::Done) << "the admin token may";
  EXPECT_EQ(media.commands.back(), "hold 1 2");
  EXPECT_EQ(log.traces.back(), "hold");
  EXPECT_TRUE(network.take(kTrunk).empty()) << "hold is in our media: no re-INVITE to the caller";
}

TEST_F(B2buaMediaTest, AReInviteWithoutAnOfferGetsOursAndItsAckAnswers) {
  auto [phone, desk] = ringAlice();
  auto ok = connectAlice(phone);
  layer.receive(ackFor(ok), kTrunk);
  network.take(kAlicePhone); // its ACK
  std::string reinvite = "INVITE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-reinv-m\r\nMax-Forwards: 70\r\n"
                         "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                         "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 3 INVITE\r\n"
                         "Contact: <sip:+15557654321@127.0.0.2:5060>\r\nContent-Length: 0\r\n\r\n";
  layer.receive(parse(reinvite), kTrunk);
  auto toCaller = network.take(kTrunk);
  ASSERT_EQ(codes(toCaller), std::vector<int>{200});
  EXPECT_NE(toCaller[0].body.find("m=audio 20000 "), std::string::npos);
  EXPECT_NE(toCaller[0].body.find("o=- "), std::string::npos);
  EXPECT_TRUE(network.take(kAlicePhone).empty()) << "the agent's leg knows nothing of it";
  std::string ack = "ACK sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-reack-m\r\nMax-Forwards: 70\r\n"
                    "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                    "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 3 ACK\r\n"
                    "Content-Type: application/sdp\r\n";
  std::string answer = sdpWith(40200, "0", "a=sendonly\r\n");
  layer.receive(parse(ack + "Content-Length: " + std::to_string(answer.size()) + "\r\n\r\n" + answer), kTrunk);
  EXPECT_EQ(media.configured.at(1).remoteRtpPort, 40200);
  EXPECT_TRUE(media.configured.at(1).onHold) << "the caller answered with hold";
}

class B2buaToneTest : public B2buaMediaTest {
protected:
  B2buaToneTest() : B2buaMediaTest(B2buaConfig::Ringback::Tone) {}
};

TEST_F(B2buaToneTest, WithTheToneSettingTheCallerGetsA183WithOurSdpAndHearsTheRing) {
  auto [phone, desk] = ringAlice();
  layer.receive(reply(phone, 180, "ph1", kAlicePhone), kAlicePhone);
  auto toCaller = network.take(kTrunk);
  ASSERT_EQ(codes(toCaller).back(), 183);
  EXPECT_NE(toCaller.back().body.find("m=audio 20000 "), std::string::npos);
  EXPECT_TRUE(commanded("ringback 1"));
  auto ok = connectAlice(phone);
  EXPECT_EQ(ok.body, toCaller.back().body) << "the same description in the 200 (RFC 3264 8)";
  EXPECT_EQ(media.commands.back(), "connect 1 2") << "the bridge replaces the ring";
}

} // namespace
} // namespace sb::calls

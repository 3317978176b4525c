#pragma once
// The fixture of the lead distribution tests (R-20..R-23): alice's and bob's SIP phones and
// carol's browser softphone; routing offers the lead to alice and bob, and gives alice a
// caller ID of her own for the lead to see.
#include "b2bua_fixture.hpp"

#include <algorithm>

namespace sb::calls {

inline const net::Endpoint kCarolBrowser{net::TransportKind::Wss, "127.0.0.1", 6020, 9};
inline const std::string kLeadNumber = "+15557650042";
inline const std::string kOrgCallerId = "+15550100099";
inline const std::string kAliceCallerId = "+15550100077";
inline const std::string kCallId = "dist-1";

// What a browser softphone answers to our WebRTC offer.
inline std::string browserAnswer() {
  return "v=0\r\no=- 4242 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
         "m=audio 50010 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 192.0.2.10\r\n"
         "a=candidate:1 1 udp 2122260223 192.0.2.10 50010 typ host\r\n"
         "a=ice-ufrag:brwz\r\na=ice-pwd:browserpasswordof24chars\r\n"
         "a=fingerprint:sha-256 11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:"
         "BB:CC:DD:EE:FF:00\r\n"
         "a=setup:active\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n";
}

class B2buaDistributionTest : public B2buaTest {
protected:
  B2buaDistributionTest() {
    devices.contacts = {contactAt("u-alice", "alice", kAlicePhone), contactAt("u-bob", "bob", kBobPhone),
                        contactAt("u-carol", "carol", kCarolBrowser)};
    routing.routes = {ScriptedRouting::offer({"u-alice", "u-bob"})};
    routing.callerIds["u-alice"] = kAliceCallerId;
  }

  // The lead is posted and its call stored; returns whether distribution started.
  bool distribute() {
    DistributionStart start{CallStarted{kCallId, CallDirection::Distribution, kLeadNumber, kOrgCallerId, "", 0,
                                        std::string("lead-42")},
                            "Ada \"The\" Lovelace"};
    if (!b2bua.distributeLead(start)) return false;
    EXPECT_TRUE(network.sent.empty()) << "nothing rings before the call is stored (R-29)";
    log.commitAll();
    return true;
  }

  // Alice's and bob's phones ring (media legs 1 and 2); alice's answers, hears the prompt
  // and presses 1; the claim commits and the lead's number is called (media leg 3).
  void aliceTakesTheLead() {
    ASSERT_TRUE(distribute());
    aliceInvite = network.take(kAlicePhone).at(0);
    bobInvite = network.take(kBobPhone).at(0);
    layer.receive(reply(bobInvite, 180, "bob1", kBobPhone), kBobPhone);
    aliceOk = reply(aliceInvite, 200, "al1", kAlicePhone);
    layer.receive(aliceOk, kAlicePhone);
    ASSERT_EQ(methods(network.take(kAlicePhone)), std::vector<std::string>{"ACK"});
    ASSERT_TRUE(commanded("confirm-lead 1 Ada \"The\" Lovelace")) << ::testing::PrintToString(media.commands);
    ASSERT_TRUE(log.held.empty()) << "no claim before 1 is pressed";
    b2bua.onDigit(1, '1');
    log.commitAll();
    auto toTrunk = network.take(kTrunk);
    ASSERT_EQ(methods(toTrunk), std::vector<std::string>{"INVITE"});
    leadInvite = toTrunk[0];
  }

  // The lead's phone answers; the call is connected.
  void leadAnswers() {
    leadOk = reply(leadInvite, 200, "lead1", kTrunk);
    layer.receive(leadOk, kTrunk);
    ASSERT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"ACK"});
  }

  sip::Message inDialogFromLead(const std::string& method, int cseq) {
    return parse(method + " sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-lead-" + method + std::to_string(cseq) + "\r\n"
                 "Max-Forwards: 70\r\nFrom: " + *leadOk.header("To") + "\r\nTo: " + *leadInvite.header("From") +
                 "\r\nCall-ID: " + leadInvite.callId() + "\r\nCSeq: " + std::to_string(cseq) + " " + method +
                 "\r\nContent-Length: 0\r\n\r\n");
  }

  sip::Message byeFromAlice() {
    return parse("BYE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.1:6001;branch=z9hG4bK-alice-bye\r\nMax-Forwards: 70\r\n"
                 "From: " + *aliceOk.header("To") + "\r\nTo: " + *aliceInvite.header("From") + "\r\n"
                 "Call-ID: " + aliceInvite.callId() + "\r\nCSeq: 9 BYE\r\nContent-Length: 0\r\n\r\n");
  }

  static bool saw(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }
  bool commanded(const std::string& command) const { return saw(media.commands, command); }
  static std::string reasonOf(const sip::Message& m) { return m.header("Reason") ? *m.header("Reason") : ""; }

  sip::Message aliceInvite, bobInvite, aliceOk, leadInvite, leadOk;
};

} // namespace sb::calls

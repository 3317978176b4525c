// R-14 voicemail, R-8 (voicemail is the one answer besides a user's), R-15 (the call ends
// as voicemail, which opens the follow-up).
#include "b2bua_fixture.hpp"

#include <algorithm>

namespace sb::calls {
namespace {

class B2buaVoicemailTest : public B2buaTest {
protected:
  B2buaVoicemailTest() {
    routing.routes.clear();
    Route voicemail;
    voicemail.kind = Route::Kind::Voicemail;
    routing.routes.push_back(voicemail);
  }
  bool logged(const std::string& event) const {
    return std::find(log.events.begin(), log.events.end(), event) != log.events.end();
  }
  bool commanded(const std::string& command) const {
    return std::find(media.commands.begin(), media.commands.end(), command) != media.commands.end();
  }
  sip::Message callerBye(const sip::Message& ok) {
    return parse("BYE sip:switchboard@127.0.0.1:5060 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-vm-bye\r\nMax-Forwards: 70\r\n"
                 "From: \"Pat Prospect\" <sip:+15557654321@127.0.0.2>;tag=caller1\r\n"
                 "To: " + *ok.header("To") + "\r\nCall-ID: call-1@trunk\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
  }
  sip::Message answered() {
    layer.receive(parse(trunkInvite()), kTrunk);
    log.commitAll();
    auto toCaller = network.take(kTrunk);
    EXPECT_EQ(codes(toCaller).back(), 200) << "voicemail picks up";
    EXPECT_NE(toCaller.back().body.find("m=audio 20000 "), std::string::npos);
    EXPECT_TRUE(commanded("voicemail 1 120000")) << "greeting, beep and recording on the caller's leg";
    EXPECT_TRUE(log.held.empty()) << "no claim: nobody took the call";
    return toCaller.back();
  }
};

TEST_F(B2buaVoicemailTest, AMessageEndedWithPoundIsKeptAndTheCallEndsAfterTheGoodbye) {
  auto ok = answered();
  b2bua.onVoicemailRecorded(1, VoicemailRecording{"recordings/v.wav", common::Duration{5'000}, true,
                                                  common::Duration{2'000}});
  EXPECT_TRUE(logged("voicemail recordings/v.wav 5000"));
  EXPECT_TRUE(network.take(kTrunk).empty()) << "the caller hears \"message saved\" first";
  scheduler.fire(common::Duration{2'300});
  EXPECT_EQ(methods(network.take(kTrunk)), std::vector<std::string>{"BYE"});
  EXPECT_TRUE(logged("ended voicemail"));
  EXPECT_TRUE(std::find(routing.events.begin(), routing.events.end(), "ended voicemail") != routing.events.end())
      << "R-15: routing opens the follow-up";
}

TEST_F(B2buaVoicemailTest, ACallerWhoHangsUpStillLeavesTheirMessage) {
  auto ok = answered();
  layer.receive(callerBye(ok), kTrunk);
  EXPECT_EQ(codes(network.take(kTrunk)), std::vector<int>{200});
  EXPECT_TRUE(logged("ended voicemail"));
  EXPECT_TRUE(commanded("close 1")) << "closing the leg ends the recording";
  b2bua.onVoicemailRecorded(1, VoicemailRecording{"recordings/v.wav", common::Duration{7'000}, false, {}});
  EXPECT_TRUE(logged("voicemail recordings/v.wav 7000")) << "kept although the call is over";
}

TEST_F(B2buaVoicemailTest, NothingSaidIsNoMessage) {
  auto ok = answered();
  layer.receive(callerBye(ok), kTrunk);
  b2bua.onVoicemailRecorded(1, VoicemailRecording{"recordings/v.wav", common::Duration{0}, false, {}});
  EXPECT_EQ(std::count_if(log.events.begin(), log.events.end(),
                          [](const std::string& e) { return e.rfind("voicemail ", 0) == 0; }),
            0);
}

} // namespace
} // namespace sb::calls

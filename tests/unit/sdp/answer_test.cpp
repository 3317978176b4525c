// Answering offers for audio (RFC 3264 6): a table of offers and the answers we must
// write, then the stream each answer sets up.
#include "sdp/answer.hpp"
#include "sdp/parser.hpp"
#include "sdp/serializer.hpp"

#include "peer_sdps.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

using peers::crlf;

const std::string kOfferHead = "v=0\no=peer 7 7 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\n"
                               "t=0 0\n";
const std::string kAnswerHead = "v=0\no=- 42 1 IN IP4 198.51.100.1\ns=-\n"
                                "c=IN IP4 198.51.100.1\nt=0 0\n";

LocalMedia ourMedia() {
  LocalMedia local;
  local.origin.sessionId = "42";
  local.origin.sessionVersion = 1;
  local.address = "198.51.100.1";
  local.port = 40000;
  return local;
}

Answer answerText(std::string_view offerText, const Capabilities& ours = {}) {
  auto offer = parse(offerText);
  EXPECT_TRUE(offer.ok()) << (offer.ok() ? "" : offer.error().message);
  if (!offer.ok()) return Answer{};
  return answerOffer(*offer, ours, ourMedia());
}

struct Case {
  const char* name;
  const char* offerMedia;  // after kOfferHead
  const char* answerMedia; // after kAnswerHead
  int payloadType;         // of the chosen codec, -1 when no audio is accepted
};

class AnswerTable : public ::testing::TestWithParam<Case> {};

TEST_P(AnswerTable, WritesTheAnswer) {
  const Case& c = GetParam();
  const Answer answer = answerText(kOfferHead + c.offerMedia);
  EXPECT_EQ(serialize(answer.session), crlf(kAnswerHead + c.answerMedia));
  ASSERT_EQ(answer.audio.has_value(), c.payloadType >= 0);
  if (answer.audio) {
    EXPECT_EQ(answer.audio->codec.payloadType, c.payloadType);
  }
  // What we write must parse back to itself.
  auto again = parse(serialize(answer.session));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, answer.session);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3264, AnswerTable,
    ::testing::Values(
        Case{"SippPcmu", "m=audio 6000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"OurPreferenceWins", "m=audio 6000 RTP/AVP 8 0\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"StaticTypeWithoutRtpmap", "m=audio 6000 RTP/AVP 18 8\n",
             "m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=sendrecv\n", 8},
        Case{"EncodingNamesIgnoreCase", "m=audio 6000 RTP/AVP 97\na=rtpmap:97 pcma/8000\n",
             "m=audio 40000 RTP/AVP 97\na=rtpmap:97 pcma/8000\na=sendrecv\n", 97},
        // RFC 4733 events are how an agent presses 1 or 2 to confirm.
        Case{"DtmfKeepsItsTypeAndNarrowsEvents",
             "m=audio 6000 RTP/AVP 0 96\na=rtpmap:96 telephone-event/8000\na=fmtp:96 0-16\n",
             "m=audio 40000 RTP/AVP 0 96\na=rtpmap:0 PCMU/8000\n"
             "a=rtpmap:96 telephone-event/8000\na=fmtp:96 0-15\na=sendrecv\n",
             0},
        Case{"DtmfWithoutFmtpMeansDigits",
             "m=audio 6000 RTP/AVP 8 101\na=rtpmap:101 telephone-event/8000\n",
             "m=audio 40000 RTP/AVP 8 101\na=rtpmap:8 PCMA/8000\n"
             "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=sendrecv\n",
             8},
        Case{"DtmfSubsetKept",
             "m=audio 6000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n"
             "a=fmtp:101 0-11\n",
             "m=audio 40000 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\n"
             "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-11\na=sendrecv\n",
             0},
        Case{"DtmfAtAnotherClockRateDropped",
             "m=audio 6000 RTP/AVP 0 110\na=rtpmap:110 telephone-event/48000\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"DtmfWithNoEventOfOursDropped",
             "m=audio 6000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n"
             "a=fmtp:101 32-41\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"PtimeEchoed", "m=audio 6000 RTP/AVP 0\na=ptime:30\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=ptime:30\na=sendrecv\n", 0},
        Case{"SendonlyAnsweredRecvonly", "m=audio 6000 RTP/AVP 0\na=sendonly\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=recvonly\n", 0},
        Case{"RecvonlyAnsweredSendonly", "m=audio 6000 RTP/AVP 0\na=recvonly\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendonly\n", 0},
        Case{"InactiveAnsweredInactive", "m=audio 6000 RTP/AVP 0\na=inactive\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=inactive\n", 0},
        Case{"SessionLevelDirectionIsTheDefault", "a=sendonly\nm=audio 6000 RTP/AVP 0\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=recvonly\n", 0},
        Case{"MediaLevelDirectionOverridesSession",
             "a=sendonly\nm=audio 6000 RTP/AVP 0\na=sendrecv\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"NoCommonCodecRejected", "m=audio 6000 RTP/AVP 9 18\n", "m=audio 0 RTP/AVP 9 18\n",
             -1},
        Case{"AudioAndVideo",
             "m=audio 6000 RTP/AVP 0\nm=video 6002 RTP/AVP 96\na=rtpmap:96 H264/90000\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n"
             "m=video 0 RTP/AVP 96\n",
             0},
        Case{"VideoFirstKeepsOrder",
             "m=video 6002 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=audio 6000 RTP/AVP 8\n",
             "m=video 0 RTP/AVP 96\n"
             "m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=sendrecv\n",
             8},
        Case{"SecondAudioRejected", "m=audio 6000 RTP/AVP 0\nm=audio 6002 RTP/AVP 8\n",
             "m=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n"
             "m=audio 0 RTP/AVP 8\n",
             0},
        Case{"DisabledAudioStaysRejected", "m=audio 0 RTP/AVP 0\nm=audio 6002 RTP/AVP 8\n",
             "m=audio 0 RTP/AVP 0\n"
             "m=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\na=sendrecv\n",
             8},
        Case{"SrtpRejected", "m=audio 6000 RTP/SAVP 0\n", "m=audio 0 RTP/SAVP 0\n", -1},
        Case{"AvpfAccepted", "m=audio 6000 RTP/AVPF 0\n",
             "m=audio 40000 RTP/AVPF 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n", 0},
        Case{"DataChannelRejected", "m=application 6000 UDP/DTLS/SCTP webrtc-datachannel\n",
             "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\n", -1},
        Case{"NoMediaAtAll", "", "", -1}),
    [](const ::testing::TestParamInfo<Case>& param) { return param.param.name; });

TEST(AnswerTest, DescribesTheOfferersStream) {
  const Answer answer = answerText(peers::kBaresipOffer);
  ASSERT_TRUE(answer.audio);
  const AudioStream& audio = *answer.audio;
  EXPECT_EQ(audio.mediaIndex, 0u);
  EXPECT_EQ(audio.codec, (RtpMap{0, "PCMU", 8000, 1}));
  EXPECT_EQ(audio.telephoneEvent, (RtpMap{101, "telephone-event", 8000, 1}));
  EXPECT_EQ(audio.events, EventSet::dtmf());
  EXPECT_EQ(audio.packetTime, 20u);
  EXPECT_EQ(audio.remoteAddress, "192.0.2.20");
  EXPECT_EQ(audio.remoteRtpPort, 10442);
  EXPECT_EQ(audio.remoteRtcpAddress, "192.0.2.20");
  EXPECT_EQ(audio.remoteRtcpPort, 10443);
  EXPECT_FALSE(audio.rtcpMux);
  EXPECT_EQ(audio.direction, Direction::SendRecv);
  EXPECT_FALSE(audio.onHold);
}

TEST(AnswerTest, AsteriskGetsPcmuAndItsDtmfType) {
  const Answer answer = answerText(peers::kAsteriskOffer);
  EXPECT_EQ(serialize(answer.session),
            crlf(kAnswerHead + "m=audio 40000 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\n"
                               "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\n"
                               "a=ptime:20\na=sendrecv\n"));
}

TEST(AnswerTest, ChromeOfferIsForTheWebRtcLayer) {
  // UDP/TLS/RTP/SAVPF needs DTLS-SRTP, which this plain-RTP path does not do.
  const Answer answer = answerText(peers::kChromeOffer);
  EXPECT_FALSE(answer.audio);
  ASSERT_EQ(answer.session.media.size(), 2u);
  EXPECT_TRUE(answer.session.media[0].isRejected());
  EXPECT_TRUE(answer.session.media[1].isRejected());
  EXPECT_EQ(answer.session.media[1].media, "video");
}

TEST(AnswerTest, ExplicitRtcpAddressAndPort) {
  const Answer answer = answerText(kOfferHead + "m=audio 6000 RTP/AVP 0\n"
                                                "a=rtcp:6101 IN IP4 192.0.2.99\n");
  ASSERT_TRUE(answer.audio);
  EXPECT_EQ(answer.audio->remoteRtcpAddress, "192.0.2.99");
  EXPECT_EQ(answer.audio->remoteRtcpPort, 6101);
}

TEST(AnswerTest, RtcpMuxOnlyWhenBothWantIt) {
  const std::string offer = kOfferHead + "m=audio 6000 RTP/AVP 0\na=rtcp-mux\n";
  const Answer plain = answerText(offer);
  ASSERT_TRUE(plain.audio);
  EXPECT_FALSE(plain.audio->rtcpMux);
  EXPECT_EQ(plain.audio->remoteRtcpPort, 6001);
  EXPECT_FALSE(rtcpMux(plain.session.media.at(0)));

  Capabilities muxing;
  muxing.rtcpMux = true;
  const Answer muxed = answerText(offer, muxing);
  ASSERT_TRUE(muxed.audio);
  EXPECT_TRUE(muxed.audio->rtcpMux);
  EXPECT_EQ(muxed.audio->remoteRtcpPort, 6000);
  EXPECT_TRUE(rtcpMux(muxed.session.media.at(0)));
}

TEST(AnswerTest, OurHoldNarrowsTheDirection) {
  Capabilities holding;
  holding.direction = Direction::SendOnly;
  const Answer answer = answerText(kOfferHead + "m=audio 6000 RTP/AVP 0\n", holding);
  ASSERT_TRUE(answer.audio);
  EXPECT_EQ(answer.audio->direction, Direction::SendOnly);
  EXPECT_TRUE(hasAttribute(answer.session.media.at(0).attributes, "sendonly"));
}

TEST(AnswerTest, OldStyleHoldStopsOurSending) {
  // RFC 3264 8.4: c=0.0.0.0 means send neither RTP nor RTCP to the peer.
  const Answer answer = answerText("v=0\no=p 1 2 IN IP4 192.0.2.10\ns=-\nc=IN IP4 0.0.0.0\n"
                                   "t=0 0\nm=audio 6000 RTP/AVP 0\n");
  ASSERT_TRUE(answer.audio);
  EXPECT_TRUE(answer.audio->onHold);
  EXPECT_EQ(answer.audio->direction, Direction::RecvOnly);
  EXPECT_TRUE(hasAttribute(answer.session.media.at(0).attributes, "sendrecv"));
}

TEST(AnswerTest, PreferenceOrderIsOurs) {
  Capabilities alawFirst;
  alawFirst.codecs = {Codec::pcma(), Codec::pcmu(), Codec::telephoneEvent()};
  const Answer answer = answerText(peers::kBaresipOffer, alawFirst);
  ASSERT_TRUE(answer.audio);
  EXPECT_EQ(answer.audio->codec.payloadType, 8);
}

TEST(AnswerTest, WithoutTelephoneEventInOurListNoneIsAnswered) {
  Capabilities noDtmf;
  noDtmf.codecs = {Codec::pcmu()};
  const Answer answer = answerText(peers::kAsteriskOffer, noDtmf);
  ASSERT_TRUE(answer.audio);
  EXPECT_FALSE(answer.audio->telephoneEvent);
  EXPECT_EQ(answer.session.media.at(0).formats, std::vector<std::string>{"0"});
}

TEST(AnswerTest, MediaWithoutAnyConnectionIsRejected) {
  const Answer answer = answerText("v=0\no=p 1 2 IN IP4 h\ns=-\nt=0 0\nm=audio 6000 RTP/AVP 0\n");
  EXPECT_FALSE(answer.audio);
  EXPECT_TRUE(answer.session.media.at(0).isRejected());
}

TEST(AnswerTest, KeepsTheOffersTiming) {
  const Answer answer = answerText("v=0\no=p 1 2 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\n"
                                   "t=3034423619 3042462419\nm=audio 6000 RTP/AVP 0\n");
  ASSERT_EQ(answer.session.timings.size(), 1u);
  EXPECT_EQ(answer.session.timings[0].start, 3034423619u);
}

TEST(AnswerTest, Ipv6Address) {
  LocalMedia local = ourMedia();
  local.address = "2001:db8::1";
  auto offer = parse(peers::kSippOffer);
  ASSERT_TRUE(offer.ok());
  const Answer answer = answerOffer(*offer, Capabilities{}, local);
  EXPECT_EQ(answer.session.connection, (Connection{"IN", "IP6", "2001:db8::1"}));
  EXPECT_EQ(answer.session.origin.addrType, "IP6");
}

} // namespace
} // namespace sb::sdp

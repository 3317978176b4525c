// Our offers for the legs we call and reading the answers peers send back (RFC 3264 5, 7).
#include "sdp/answer.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "sdp/serializer.hpp"

#include "peer_sdps.hpp"

#include <gtest/gtest.h>

namespace sb::sdp {
namespace {

using peers::crlf;

LocalMedia ourMedia() {
  LocalMedia local;
  local.origin.sessionId = "3088";
  local.origin.sessionVersion = 1;
  local.address = "198.51.100.1";
  local.port = 40002;
  return local;
}

Session parsed(std::string_view text) {
  auto session = parse(text);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().message);
  return session.ok() ? *session : Session{};
}

const std::string kAnswerHead = "v=0\no=peer 9 9 IN IP4 192.0.2.30\ns=-\nc=IN IP4 192.0.2.30\n"
                                "t=0 0\n";

TEST(BuildOfferTest, OffersG711AndDtmf) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  EXPECT_EQ(serialize(offer),
            crlf("v=0\no=- 3088 1 IN IP4 198.51.100.1\ns=-\nc=IN IP4 198.51.100.1\nt=0 0\n"
                 "m=audio 40002 RTP/AVP 0 8 101\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
                 "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=ptime:20\n"
                 "a=sendrecv\n"));
  EXPECT_EQ(parsed(serialize(offer)), offer);
}

TEST(BuildOfferTest, DynamicTypesForOtherCodecsAndHoldAndMux) {
  Capabilities ours;
  ours.codecs = {Codec{"G722", 8000, 1}, Codec{"opus", 48000, 2}, Codec::pcma(),
                 Codec::telephoneEvent()};
  ours.packetTime = 30;
  ours.direction = Direction::SendOnly;
  ours.rtcpMux = true;
  const Session offer = buildOffer(ours, ourMedia());
  const Media& audio = offer.media.at(0);
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"9", "96", "8", "101"}));
  EXPECT_EQ(payloadFormat(audio, 96), (RtpMap{96, "opus", 48000, 2}));
  EXPECT_EQ(packetTime(audio), 30u);
  EXPECT_TRUE(rtcpMux(audio));
  EXPECT_TRUE(hasAttribute(audio.attributes, "sendonly"));
}

TEST(BuildOfferTest, NoTelephoneEventWhenWeTakeNoEvents) {
  Capabilities ours;
  ours.events = EventSet{};
  const Session offer = buildOffer(ours, ourMedia());
  const Media& audio = offer.media.at(0);
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"0", "8"}));
}

TEST(ReadAnswerTest, ReadsTheChosenCodecAndWhereToSend) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  const Session answer = parsed(kAnswerHead + "m=audio 7078 RTP/AVP 8 101\n"
                                              "a=rtpmap:8 PCMA/8000\n"
                                              "a=rtpmap:101 telephone-event/8000\n"
                                              "a=fmtp:101 0-11\na=ptime:20\n");
  auto stream = readAnswer(offer, answer);
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  EXPECT_EQ(stream->codec, (RtpMap{8, "PCMA", 8000, 1}));
  EXPECT_EQ(stream->telephoneEvent, (RtpMap{101, "telephone-event", 8000, 1}));
  EXPECT_EQ(stream->events.str(), "0-11");
  EXPECT_EQ(stream->remoteAddress, "192.0.2.30");
  EXPECT_EQ(stream->remoteRtpPort, 7078);
  EXPECT_EQ(stream->remoteRtcpPort, 7079);
  EXPECT_EQ(stream->packetTime, 20u);
  EXPECT_EQ(stream->direction, Direction::SendRecv);
  EXPECT_FALSE(stream->onHold);
}

TEST(ReadAnswerTest, AnswerWithoutRtpmapsUsesOurMapping) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  auto stream = readAnswer(offer, parsed(kAnswerHead + "m=audio 7078 RTP/AVP 0 101\n"));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  EXPECT_EQ(stream->codec.payloadType, 0);
  ASSERT_TRUE(stream->telephoneEvent);
  EXPECT_EQ(stream->telephoneEvent->payloadType, 101);
  EXPECT_EQ(stream->events, EventSet::dtmf());
}

TEST(ReadAnswerTest, SkipsComfortNoiseAndCodecsWeDidNotOffer) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  auto stream = readAnswer(offer, parsed(kAnswerHead + "m=audio 7078 RTP/AVP 13 18 0\n"));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  EXPECT_EQ(stream->codec.payloadType, 0);
  EXPECT_FALSE(stream->telephoneEvent);
}

TEST(ReadAnswerTest, DirectionIsOursFromTheAnswers) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  const std::pair<const char*, Direction> cases[] = {
      {"sendrecv", Direction::SendRecv},
      {"recvonly", Direction::SendOnly},
      {"sendonly", Direction::RecvOnly},
      {"inactive", Direction::Inactive},
  };
  for (const auto& [attribute, ours] : cases) {
    auto stream =
        readAnswer(offer, parsed(kAnswerHead + "m=audio 7078 RTP/AVP 0\na=" + attribute + "\n"));
    ASSERT_TRUE(stream.ok()) << attribute;
    EXPECT_EQ(stream->direction, ours) << attribute;
  }
}

TEST(ReadAnswerTest, RtcpMuxNeedsBothSides) {
  Capabilities muxing;
  muxing.rtcpMux = true;
  const Session offer = buildOffer(muxing, ourMedia());
  auto muxed = readAnswer(offer, parsed(kAnswerHead + "m=audio 7078 RTP/AVP 0\na=rtcp-mux\n"));
  ASSERT_TRUE(muxed.ok());
  EXPECT_TRUE(muxed->rtcpMux);
  EXPECT_EQ(muxed->remoteRtcpPort, 7078);
  auto plain = readAnswer(offer, parsed(kAnswerHead + "m=audio 7078 RTP/AVP 0\n"));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->rtcpMux);
  EXPECT_EQ(plain->remoteRtcpPort, 7079);
}

TEST(ReadAnswerTest, Errors) {
  const Session offer = buildOffer(Capabilities{}, ourMedia());
  const std::pair<std::string, const char*> cases[] = {
      {kAnswerHead, "the answer has 0 m= lines for an offer of 1"},
      {kAnswerHead + "m=audio 0 RTP/AVP 0\n", "the answer rejects our audio stream"},
      {kAnswerHead + "m=video 7078 RTP/AVP 96\n", "the answer has no audio where we offered it"},
      {kAnswerHead + "m=audio 7078 RTP/AVP 18\n", "the answer chose no codec we offered"},
      {"v=0\no=p 1 1 IN IP4 h\ns=-\nt=0 0\nm=audio 7078 RTP/AVP 0\n",
       "the answer's audio stream has no c= address"},
  };
  for (const auto& [text, message] : cases) {
    auto stream = readAnswer(offer, parsed(text));
    ASSERT_FALSE(stream.ok()) << text;
    EXPECT_EQ(stream.error().message, message);
  }
}

TEST(OfferAnswerTest, OurOfferAnsweredByOurselvesReadsBack) {
  // Both ends of an anchored call run this code: our answer to our offer must agree.
  const Session offer = parsed(serialize(buildOffer(Capabilities{}, ourMedia())));
  LocalMedia other = ourMedia();
  other.address = "203.0.113.9";
  other.port = 50000;
  const Answer answer = answerOffer(offer, Capabilities{}, other);
  ASSERT_TRUE(answer.audio);
  auto stream = readAnswer(offer, parsed(serialize(answer.session)));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  EXPECT_EQ(stream->codec, answer.audio->codec);
  EXPECT_EQ(stream->telephoneEvent, answer.audio->telephoneEvent);
  EXPECT_EQ(stream->remoteAddress, "203.0.113.9");
  EXPECT_EQ(stream->remoteRtpPort, 50000);
  EXPECT_EQ(answer.audio->remoteAddress, "198.51.100.1");
  EXPECT_EQ(answer.audio->remoteRtpPort, 40002);
}

} // namespace
} // namespace sb::sdp

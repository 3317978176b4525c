#include "sip/transport/stream_framer.hpp"
#include "sip/transport/ws_handshake.hpp"

#include <gtest/gtest.h>

namespace sb::sip::transport {
namespace {

const std::string kOptions = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                             "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK776asdhds\r\n"
                             "Max-Forwards: 70\r\n"
                             "To: <sip:bob@127.0.0.1>\r\n"
                             "From: <sip:alice@127.0.0.1>;tag=1928301774\r\n"
                             "Call-ID: a84b4c76e66710\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Content-Length: 4\r\n"
                             "\r\n"
                             "body";

// Every frame the framer can give right now; fails the test on a framing error.
std::vector<StreamFrame> drain(StreamFramer& framer) {
  std::vector<StreamFrame> frames;
  while (true) {
    auto frame = framer.next();
    EXPECT_TRUE(frame.ok()) << (frame.ok() ? "" : frame.error().message);
    if (!frame || !frame->has_value()) return frames;
    frames.push_back(std::move(**frame));
  }
}

TEST(StreamFramer, WaitsForTheRestOfASplitMessage) {
  StreamFramer framer(65535);
  framer.append(kOptions.substr(0, 100));
  EXPECT_TRUE(drain(framer).empty());
  framer.append(kOptions.substr(100, kOptions.size() - 102));
  EXPECT_TRUE(drain(framer).empty()); // body two bytes short
  framer.append(kOptions.substr(kOptions.size() - 2));
  auto frames = drain(framer);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].kind, StreamFrame::Kind::Message);
  EXPECT_EQ(frames[0].bytes, kOptions);
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(StreamFramer, CutsTwoMessagesInOneRead) {
  StreamFramer framer(65535);
  framer.append(kOptions + kOptions + "OPT");
  auto frames = drain(framer);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].bytes, kOptions);
  EXPECT_EQ(framer.buffered(), 3u);
}

TEST(StreamFramer, RecognisesPingEvenWhenSplit) {
  StreamFramer framer(65535);
  framer.append("\r\n");
  EXPECT_TRUE(drain(framer).empty()); // could be a pong or half a ping
  framer.append("\r\n");
  auto frames = drain(framer);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].kind, StreamFrame::Kind::Ping);
}

TEST(StreamFramer, PongBeforeAMessage) {
  StreamFramer framer(65535);
  framer.append("\r\n" + kOptions);
  auto frames = drain(framer);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].kind, StreamFrame::Kind::Pong);
  EXPECT_EQ(frames[1].kind, StreamFrame::Kind::Message);
}

TEST(StreamFramer, BadContentLengthIsAFramingError) {
  StreamFramer framer(65535);
  framer.append("INVITE sip:a@b SIP/2.0\r\nContent-Length: abc\r\n\r\n");
  auto frame = framer.next();
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code, 400);
}

TEST(StreamFramer, OversizedMessageIsAFramingError) {
  StreamFramer framer(200);
  framer.append("INVITE sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n");
  auto frame = framer.next();
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code, 513);
}

TEST(StreamFramer, EndlessHeadersAreAFramingError) {
  StreamFramer framer(200);
  framer.append("INVITE sip:a@b SIP/2.0\r\n" + std::string(300, 'x'));
  EXPECT_FALSE(framer.next().ok());
}

TEST(WsHandshake, FindsSipAmongOfferedSubprotocols) {
  EXPECT_TRUE(offersSipSubprotocol("sip"));
  EXPECT_TRUE(offersSipSubprotocol("chat, SIP"));
  EXPECT_TRUE(offersSipSubprotocol(" xmpp ,sip "));
  EXPECT_FALSE(offersSipSubprotocol(""));
  EXPECT_FALSE(offersSipSubprotocol("sips"));
  EXPECT_FALSE(offersSipSubprotocol("chat, xsip"));
}

} // namespace
} // namespace sb::sip::transport

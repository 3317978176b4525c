#include "sip/message/message.hpp"

#include <gtest/gtest.h>

namespace sb::sip {
namespace {

constexpr std::string_view kInvite = "INVITE sip:bob@example.com SIP/2.0\r\n"
                                     "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n"
                                     "Max-Forwards: 70\r\n"
                                     "To: Bob <sip:bob@example.com>\r\n"
                                     "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
                                     "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
                                     "CSeq: 314159 INVITE\r\n"
                                     "Contact: <sip:alice@pc33.example.com>\r\n"
                                     "Content-Type: application/sdp\r\n"
                                     "Content-Length: 4\r\n"
                                     "\r\n"
                                     "v=0\n";

TEST(ParseMessageTest, ParsesRequest) {
  auto m = parseMessage(kInvite);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(m->isRequest());
  EXPECT_EQ(m->method, "INVITE");
  EXPECT_EQ(m->requestUri.user, "bob");
  EXPECT_EQ(m->version, "SIP/2.0");
  EXPECT_EQ(m->headers.size(), 9u);
  EXPECT_EQ(m->body, "v=0\n");
  EXPECT_EQ(m->callId(), "a84b4c76e66710@pc33.example.com");
  EXPECT_EQ(m->cseq().value().number, 314159u);
  EXPECT_EQ(m->maxForwards(), 70);
  EXPECT_EQ(m->fromTag(), "1928301774");
  EXPECT_EQ(m->toTag(), "");
  EXPECT_EQ(m->topVia().value().branch(), "z9hG4bK776asdhds");
  EXPECT_EQ(validate(*m), std::nullopt);
}

TEST(ParseMessageTest, ParsesResponseWithEmptyReason) {
  auto m = parseMessage("SIP/2.0 100 \r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\n\r\n");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->isResponse());
  EXPECT_EQ(m->statusCode, 100);
  EXPECT_EQ(m->reason, "");
  EXPECT_TRUE(parseMessage("SIP/2.0 180\r\n\r\n").ok());
}

TEST(ParseMessageTest, DropsBadStatusLines) {
  for (const char* bad :
       {"SIP/2.0 4294967301 big\r\n\r\n", "SIP/2.0 99 low\r\n\r\n", "SIP/2.0 700 high\r\n\r\n",
        "SIP/2.0 20 x\r\n\r\n", "SIP/3.0 200 OK\r\n\r\n", "SIP/2.0 2000 OK\r\n\r\n"}) {
    auto m = parseMessage(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, 0) << bad;
  }
}

TEST(ParseMessageTest, DropsNonSip) {
  for (std::string_view bad :
       {std::string_view(""), std::string_view("\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), std::string_view("hello"),
        std::string_view("\0\1\2", 3), std::string_view("<INVITE> sip:a@b SIP/2.0\r\n\r\n")}) {
    auto m = parseMessage(bad);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, 0);
  }
}

TEST(ParseMessageTest, UndoesFoldingAndMapsCompactForms) {
  auto m = parseMessage("OPTIONS sip:a@b SIP/2.0\r\n"
                        "v: SIP/2.0/UDP h\r\n"
                        "  ;branch=z9hG4bKx\r\n"
                        "i: abc\r\n"
                        "Subject:\r\n"
                        "\tfolded\r\n"
                        "\t value\r\n"
                        "x-Custom :  kept as is  \r\n"
                        "l: 0\r\n\r\n");
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->headers.size(), 5u);
  EXPECT_EQ(m->headers[0].name, "Via");
  EXPECT_EQ(m->headers[0].value, "SIP/2.0/UDP h ;branch=z9hG4bKx");
  EXPECT_EQ(m->headers[1].name, "Call-ID");
  EXPECT_EQ(m->headers[2].value, "folded value");
  EXPECT_EQ(m->headers[3].name, "x-Custom");
  EXPECT_EQ(m->headers[3].value, "kept as is");
  EXPECT_EQ(*m->header("X-CUSTOM"), "kept as is");
  EXPECT_EQ(*m->header("call-id"), "abc");
  EXPECT_EQ(*m->header("I"), "abc");
}

TEST(ParseMessageTest, CompactFormsOfExtensions) {
  const std::pair<const char*, const char*> forms[] = {{"o", "Event"},
                                                       {"u", "Allow-Events"},
                                                       {"r", "Refer-To"},
                                                       {"b", "Referred-By"},
                                                       {"x", "Session-Expires"},
                                                       {"y", "Identity"},
                                                       {"a", "Accept-Contact"},
                                                       {"j", "Reject-Contact"},
                                                       {"d", "Request-Disposition"},
                                                       {"k", "Supported"},
                                                       {"e", "Content-Encoding"},
                                                       {"s", "Subject"},
                                                       {"m", "Contact"},
                                                       {"c", "Content-Type"},
                                                       {"f", "From"},
                                                       {"t", "To"},
                                                       {"v", "Via"},
                                                       {"l", "Content-Length"}};
  for (const auto& [compact, canonical] : forms) {
    EXPECT_EQ(canonicalHeaderName(compact), canonical);
  }
  EXPECT_EQ(canonicalHeaderName("cseq"), "CSeq");
  EXPECT_EQ(canonicalHeaderName("WWW-authenticate"), "WWW-Authenticate");
  EXPECT_EQ(canonicalHeaderName("X-Unknown"), "X-Unknown");
  EXPECT_EQ(canonicalHeaderName("q"), "q");
}

TEST(ParseMessageTest, ContentLengthOverUdp) {
  const std::string head = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n";
  auto extra = parseMessage(head + "Content-Length: 2\r\n\r\nhello");
  ASSERT_TRUE(extra.ok());
  EXPECT_EQ(extra->body, "he");
  auto none = parseMessage(head + "\r\nhello");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->body, "hello");
  for (const char* bad : {"9", "-1", "x", "1 2", "99999999999999999999999"}) {
    auto m = parseMessage(head + "Content-Length: " + bad + "\r\n\r\nhello");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, 400) << bad;
    EXPECT_TRUE(parseHeadersOnly(head + "Content-Length: " + bad + "\r\n\r\nhello").ok());
  }
}

TEST(ParseMessageTest, ResponseWithBadContentLengthIsDropped) {
  auto m = parseMessage("SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\nab");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, 0);
}

TEST(ParseMessageTest, BadHeaderLinesInRequestsAre400) {
  for (const char* bad : {"OPTIONS sip:a@b SIP/2.0\r\n folded first\r\n\r\n",
                          "OPTIONS sip:a@b SIP/2.0\r\nno colon here\r\n\r\n",
                          "OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n",
                          "OPTIONS sip:a@b SIP/2.0\r\n: empty\r\n\r\n"}) {
    auto m = parseMessage(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, 400) << bad;
  }
}

TEST(ParseMessageTest, SkipsLeadingEmptyLinesAndAcceptsBareLf) {
  auto m = parseMessage("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h\nl: 1\n\nxy");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->method, "OPTIONS");
  EXPECT_EQ(m->body, "x");
}

TEST(MessageTest, HeaderValuesSplitsListsOnly) {
  Message m;
  m.addHeader("Route", "<sip:a@b;lr>, <sip:c@d;lr>");
  m.addHeader("route", "\"x,y\" <sip:e@f>");
  m.addHeader("Date", "Sat, 15 Oct 2005 04:44:56 GMT");
  EXPECT_EQ(m.headerValues("ROUTE"),
            (std::vector<std::string>{"<sip:a@b;lr>", "<sip:c@d;lr>", "\"x,y\" <sip:e@f>"}));
  EXPECT_EQ(m.headerValues("Date").size(), 1u);
  EXPECT_EQ(m.routes().value().size(), 3u);
}

TEST(MessageTest, EditingHeaders) {
  Message m;
  m.addHeader("v", "SIP/2.0/UDP a");
  m.addHeader("To", "<sip:x@y>");
  m.addHeader("Via", "SIP/2.0/UDP b");
  m.prependHeader("Via", "SIP/2.0/UDP top");
  EXPECT_EQ(m.headers[0].value, "SIP/2.0/UDP top");
  EXPECT_EQ(m.vias().value().size(), 3u);
  m.prependHeader("Record-Route", "<sip:rr>");
  EXPECT_EQ(m.headers[0].name, "Record-Route");
  m.setHeader("VIA", "SIP/2.0/UDP only");
  EXPECT_EQ(m.headerValues("Via"), std::vector<std::string>{"SIP/2.0/UDP only"});
  EXPECT_EQ(m.headers[1].name, "Via");
  m.removeHeader("t");
  EXPECT_FALSE(m.hasHeader("To"));
  m.setHeader("Expires", "3600");
  EXPECT_EQ(m.expires(), 3600u);
}

TEST(MessageTest, SerializeRoundTrips) {
  auto m = parseMessage(kInvite);
  ASSERT_TRUE(m.ok());
  const std::string wire = m->serialize();
  EXPECT_EQ(wire, kInvite);
  auto again = parseMessage(wire);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *m);
}

TEST(MessageTest, SerializeSetsContentLengthFromBody) {
  Message m;
  m.method = "MESSAGE";
  m.requestUri = Uri::parse("sip:a@b").value();
  m.addHeader("Content-Length", "999");
  m.addHeader("Content-Length", "5");
  m.body = "hi";
  EXPECT_EQ(m.serialize(), "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nhi");
  Message r;
  r.statusCode = 180;
  r.reason = "Ringing";
  EXPECT_EQ(r.serialize(), "SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n\r\n");
}

TEST(MakeResponseTest, CopiesHeadersAndAddsToTag) {
  auto request = parseMessage(kInvite);
  ASSERT_TRUE(request.ok());
  Message response = makeResponse(*request, 486, {}, "abc");
  EXPECT_EQ(response.statusCode, 486);
  EXPECT_EQ(response.reason, "Busy Here");
  ASSERT_EQ(response.headers.size(), 6u);
  EXPECT_EQ(response.headers[0].name, "Via");
  EXPECT_EQ(response.toTag(), "abc");
  EXPECT_EQ(response.fromTag(), "1928301774");
  EXPECT_EQ(*response.header("Content-Length"), "0");
  EXPECT_EQ(validate(response), std::nullopt);
  // 100 Trying carries no To tag; an existing tag is never replaced.
  EXPECT_EQ(makeResponse(*request, 100, {}, "abc").toTag(), "");
  Message tagged = makeResponse(response, 200, "Fine", "zzz");
  EXPECT_EQ(tagged.reason, "Fine");
}

TEST(MakeResponseTest, ReasonPhrases) {
  EXPECT_EQ(reasonPhrase(180), "Ringing");
  EXPECT_EQ(reasonPhrase(416), "Unsupported URI Scheme");
  EXPECT_EQ(reasonPhrase(499), "Client Error");
}

TEST(FrameLengthTest, FramesOnContentLength) {
  const std::string wire = std::string(kInvite);
  EXPECT_EQ(frameLength(wire).value(), wire.size());
  EXPECT_EQ(frameLength(wire + "INVITE sip:").value(), wire.size());
  EXPECT_EQ(frameLength(wire.substr(0, wire.size() - 1)).value(), 0u);
  EXPECT_EQ(frameLength(wire.substr(0, 40)).value(), 0u);
  EXPECT_EQ(frameLength("").value(), 0u);
}

TEST(FrameLengthTest, KeepAlives) {
  EXPECT_EQ(frameLength("\r\n\r\n").value(), 4u);
  EXPECT_EQ(frameLength("\r\nINVITE").value(), 2u);
  EXPECT_EQ(frameLength("\r").value(), 0u);
  EXPECT_TRUE(isKeepAlive("\r\n\r\n"));
  EXPECT_FALSE(isKeepAlive("INVITE"));
  EXPECT_FALSE(isKeepAlive(""));
}

TEST(FrameLengthTest, Errors) {
  auto missing = frameLength("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 400);
  EXPECT_FALSE(frameLength("OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n").ok());
  EXPECT_FALSE(frameLength("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nl: 2\r\n\r\n").ok());
  auto big = frameLength("OPTIONS sip:a@b SIP/2.0\r\nl: 2000\r\n\r\n", 1000);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, 513);
  auto endless = frameLength(std::string(2000, 'a'), 1000);
  ASSERT_FALSE(endless.ok());
  EXPECT_EQ(endless.error().code, 513);
  EXPECT_EQ(frameLength(std::string(500, 'a'), 1000).value(), 0u);
}

} // namespace
} // namespace sb::sip

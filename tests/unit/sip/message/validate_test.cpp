#include "sip/message/message.hpp"
#include "sip/message/uas_checks.hpp"

#include <gtest/gtest.h>

namespace sb::sip {
namespace {

std::string request(std::string_view requestLine, std::string_view extraHeaders = {},
                    std::string_view cseqMethod = "OPTIONS") {
  std::string out(requestLine);
  out += "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\n"
         "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x@y\r\nMax-Forwards: 70\r\n";
  out += "CSeq: 1 " + std::string(cseqMethod) + "\r\n";
  out += extraHeaders;
  out += "\r\n";
  return out;
}

std::optional<int> validateCode(const std::string& wire) {
  auto m = parseMessage(wire);
  if (!m) return -1000 - m.error().code;
  auto error = validate(*m);
  if (!error) return std::nullopt;
  return error->code;
}

TEST(ValidateTest, AcceptsAGoodRequest) {
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/2.0")), std::nullopt);
}

TEST(ValidateTest, RequestLineProblems) {
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/3.0")), 505);
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b sip/2.0")), std::nullopt);
  for (const char* line :
       {"OPTIONS  sip:a@b SIP/2.0", "OPTIONS sip:a@b SIP/2.0 ", "OPTIONS <sip:a@b> SIP/2.0",
        "OPTIONS sip:a@b; lr SIP/2.0", "OPTIONS sip:a@b?Route=x SIP/2.0", "OPTIONS SIP/2.0",
        "OPTIONS sip:a@b SIP/2"}) {
    EXPECT_EQ(validateCode(request(line)), 400) << line;
  }
}

TEST(ValidateTest, MissingOrRepeatedHeaders) {
  const std::string good = request("OPTIONS sip:a@b SIP/2.0");
  for (const char* name : {"Via:", "From:", "To:", "Call-ID:", "CSeq:"}) {
    std::string wire = good;
    wire.replace(wire.find(name), 1, "X-"); // rename the header away
    EXPECT_EQ(validateCode(wire), 400) << name;
  }
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/2.0", "t: <sip:e@f>\r\n")), 400);
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/2.0", "Max-Forwards: 1\r\n")), 400);
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/2.0", "l: 0\r\nl: 0\r\n")), 400);
}

TEST(ValidateTest, ScalarRanges) {
  auto code = [](std::string_view header) {
    return validateCode(request("OPTIONS sip:a@b SIP/2.0", header));
  };
  EXPECT_EQ(code("Expires: 4294967295\r\n"), std::nullopt);
  EXPECT_EQ(code("Expires: 4294967296\r\n"), 400);
  EXPECT_EQ(code("Contact: <sip:a@b>;expires=4294967296\r\n"), 400);
  EXPECT_EQ(code("Contact: *\r\nContact: <sip:a@b>\r\n"), 400);
  EXPECT_EQ(code("Date: Sat, 15 Oct 2005 04:44:56 GMT\r\n"), std::nullopt);
  EXPECT_EQ(code("Date: Fri, 01 Jan 2010 16:00:00 EST\r\n"), 400);
  EXPECT_EQ(code("Content-Type: application/sdp;charset=x\r\n"), std::nullopt);
  EXPECT_EQ(code("Content-Type: sdp\r\n"), 400);
  EXPECT_EQ(code("Route: <sip:a@b;lr>, junk\r\n"), 400);
  EXPECT_EQ(code("Record-Route: <sip:a@b;lr>,\r\n"), 400);
  EXPECT_EQ(validateCode(request("OPTIONS sip:a@b SIP/2.0", {}, "INVITE")), 400);
  EXPECT_EQ(validateCode(request("FOO sip:a@b SIP/2.0", {}, "FOO")), std::nullopt);
}

TEST(ValidateTest, MaxForwardsRange) {
  std::string wire = request("OPTIONS sip:a@b SIP/2.0");
  const std::size_t at = wire.find("70");
  EXPECT_EQ(validateCode(std::string(wire).replace(at, 2, "255")), std::nullopt);
  EXPECT_EQ(validateCode(std::string(wire).replace(at, 2, "256")), 400);
  EXPECT_EQ(validateCode(std::string(wire).replace(at, 2, "x")), 400);
}

TEST(ValidateTest, BadResponsesAreDropped) {
  auto m = parseMessage("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n");
  ASSERT_TRUE(m.ok());
  auto error = validate(*m);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, 0);
}

TEST(ValidateTest, BuiltRequestWithoutRequestLine) {
  Message m;
  m.method = "OPTIONS";
  m.requestUri = Uri::parse("sip:a@b").value();
  for (auto [name, value] : {std::pair{"Via", "SIP/2.0/UDP h"},
                             {"From", "<sip:a@b>;tag=1"},
                             {"To", "<sip:a@b>"},
                             {"Call-ID", "1"},
                             {"CSeq", "1 OPTIONS"}}) {
    m.addHeader(name, value);
  }
  EXPECT_EQ(validate(m), std::nullopt);
  m.version = "SIP/1.0";
  EXPECT_EQ(validate(m)->code, 505);
}

Message parsed(const std::string& wire) {
  auto m = parseMessage(wire);
  EXPECT_TRUE(m.ok());
  return m.ok() ? m.value() : Message{};
}

std::optional<int> appCode(const std::string& wire, const UasCapabilities& caps = {}) {
  auto rejection = checkApplicationLayer(parsed(wire), caps);
  if (!rejection) return std::nullopt;
  return rejection->code;
}

TEST(UasChecksTest, UnsupportedScheme) {
  EXPECT_EQ(appCode(request("OPTIONS tel:+123 SIP/2.0")), 416);
  UasCapabilities caps;
  caps.uriSchemes.push_back("tel");
  EXPECT_EQ(appCode(request("OPTIONS tel:+123 SIP/2.0"), caps), std::nullopt);
}

TEST(UasChecksTest, RequireNeedsSupportedExtensions) {
  const std::string wire = request("OPTIONS sip:a@b SIP/2.0", "Require: timer, 100rel\r\n");
  auto rejection = checkApplicationLayer(parsed(wire), {});
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->code, 420);
  Message response = makeRejection(parsed(wire), *rejection, "t1");
  EXPECT_EQ(*response.header("Unsupported"), "timer, 100rel");
  EXPECT_EQ(response.headers.back().name, "Content-Length");
  UasCapabilities caps;
  caps.extensions = {"TIMER", "100rel"};
  EXPECT_EQ(appCode(wire, caps), std::nullopt);
}

TEST(UasChecksTest, MaxForwardsZero) {
  const std::string options = request("OPTIONS sip:a@b SIP/2.0");
  std::string invite = request("INVITE sip:a@b SIP/2.0", {}, "INVITE");
  invite.replace(invite.find("70"), 2, "0");
  EXPECT_EQ(appCode(invite), 483);
  std::string zeroOptions = options;
  zeroOptions.replace(zeroOptions.find("70"), 2, "0");
  EXPECT_EQ(appCode(zeroOptions), std::nullopt);
}

TEST(UasChecksTest, BodyTypesAndAccept) {
  const std::string line = "INVITE sip:a@b SIP/2.0";
  auto withBody = [&](std::string headers) {
    std::string wire = request(line, headers, "INVITE");
    return wire + "v=0\r\n";
  };
  EXPECT_EQ(appCode(withBody("Content-Type: application/sdp\r\n")), std::nullopt);
  EXPECT_EQ(appCode(withBody("Content-Type: text/plain\r\n")), 415);
  EXPECT_EQ(appCode(withBody("Content-Type: application/sdp\r\nContent-Encoding: gzip\r\n")), 415);
  EXPECT_EQ(appCode(request(line, "Accept: text/html\r\n", "INVITE")), 406);
  EXPECT_EQ(appCode(request(line, "Accept: text/html, application/*\r\n", "INVITE")), std::nullopt);
  EXPECT_EQ(appCode(request(line, "Accept: */*\r\n", "INVITE")), std::nullopt);
  EXPECT_EQ(appCode(request("ACK tel:1 SIP/2.0", "Require: x\r\n", "ACK")), std::nullopt);
}

TEST(UasChecksTest, ResponseWithTwoViasIsDropped) {
  auto code = appCode("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b\r\n\r\n");
  EXPECT_EQ(code, 0);
  EXPECT_EQ(appCode("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a\r\n\r\n"), std::nullopt);
}

} // namespace
} // namespace sb::sip

#include "sip/auth/client_auth.hpp"

#include "sip/auth/auth_params.hpp"
#include "sip/auth/digest.hpp"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

Message challengeResponse(int status, std::vector<std::string> challenges) {
  Message m;
  m.statusCode = status;
  m.reason = "Unauthorized";
  const char* name = status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
  for (std::string& c : challenges)
    m.addHeader(name, std::move(c));
  return m;
}

AuthValue parsed(const AuthorizationHeader& header) {
  return parseAuthValue(header.value).value();
}

TEST(DigestClientTest, AnswersRfc7616ExampleExactly) {
  // RFC 7616 section 3.9.1, with the client nonce of the example.
  Message response = challengeResponse(
      401, {"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
            "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""});
  DigestClient client({"Mufasa", "Circle of Life"},
                      [] { return std::string("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"); });
  auto header = client.answer(response, "GET", "/dir/index.html");
  ASSERT_TRUE(header.ok()) << header.error().message;
  EXPECT_EQ(header->name, "Authorization");
  AuthValue value = parsed(*header);
  EXPECT_EQ(*value.find("response"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(*value.find("algorithm"), "SHA-256");
  EXPECT_EQ(*value.find("qop"), "auth");
  EXPECT_EQ(*value.find("nc"), "00000001");
  EXPECT_EQ(*value.find("opaque"), "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(*value.find("username"), "Mufasa");
  EXPECT_EQ(*value.find("uri"), "/dir/index.html");
}

TEST(DigestClientTest, PrefersSha256WhateverTheOrder) {
  Message response =
      challengeResponse(407, {"Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"",
                              "Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\""});
  DigestClient client({"u", "p"});
  auto header = client.answer(response, "INVITE", "sip:bob@example.com");
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->name, "Proxy-Authorization");
  EXPECT_EQ(*parsed(*header).find("algorithm"), "SHA-256");
  EXPECT_EQ(*parsed(*header).find("nonce"), "n2");
}

TEST(DigestClientTest, NoQopMeansNoNonceCount) {
  Message response = challengeResponse(401, {"Digest realm=\"r\", nonce=\"n\""});
  DigestClient client({"u", "p"});
  auto header = client.answer(response, "REGISTER", "sip:r");
  ASSERT_TRUE(header.ok());
  AuthValue value = parsed(*header);
  EXPECT_EQ(value.find("nc"), nullptr);
  EXPECT_EQ(value.find("qop"), nullptr);
  DigestInput input;
  input.username = "u";
  input.realm = "r";
  input.password = "p";
  input.method = "REGISTER";
  input.uri = "sip:r";
  input.nonce = "n";
  EXPECT_EQ(*value.find("response"), computeResponse(input));
  EXPECT_EQ(*value.find("algorithm"), "MD5");
}

TEST(DigestClientTest, ReuseCountsUpAndFreshCnonce) {
  Message response = challengeResponse(401, {"Digest realm=\"r\", nonce=\"n\", qop=\"auth\""});
  int calls = 0;
  DigestClient client({"u", "p"}, [&calls] { return "c" + std::to_string(++calls); });
  EXPECT_FALSE(client.reuse("REGISTER", "sip:r").has_value());
  ASSERT_TRUE(client.answer(response, "REGISTER", "sip:r").ok());
  auto second = client.reuse("REGISTER", "sip:r");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*parsed(*second).find("nc"), "00000002");
  EXPECT_EQ(*parsed(*second).find("cnonce"), "c2");
  // A new challenge restarts the count.
  Message again = challengeResponse(401, {"Digest realm=\"r\", nonce=\"m\", qop=\"auth\""});
  auto third = client.answer(again, "REGISTER", "sip:r");
  EXPECT_EQ(*parsed(*third).find("nc"), "00000001");
}

TEST(DigestClientTest, ReportsStaleChallenges) {
  Message response =
      challengeResponse(401, {"Digest realm=\"r\", nonce=\"n\", qop=\"auth\", stale=TRUE"});
  DigestClient client({"u", "p"});
  auto header = client.answer(response, "REGISTER", "sip:r");
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header->stale);
}

TEST(DigestClientTest, SessionAlgorithmCarriesCnonceEvenWithoutQop) {
  Message response =
      challengeResponse(401, {"Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256-sess"});
  DigestClient client({"u", "p"}, [] { return std::string("cn"); });
  auto header = client.answer(response, "REGISTER", "sip:r");
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*parsed(*header).find("cnonce"), "cn");
}

TEST(DigestClientTest, RefusesWhatItCannotAnswer) {
  DigestClient client({"u", "p"});
  Message ok;
  ok.statusCode = 200;
  EXPECT_FALSE(client.answer(ok, "REGISTER", "sip:r").ok());
  EXPECT_FALSE(
      client
          .answer(challengeResponse(401, {"Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\""}),
                  "REGISTER", "sip:r")
          .ok());
  EXPECT_FALSE(client
                   .answer(challengeResponse(
                               401, {"Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"}),
                           "REGISTER", "sip:r")
                   .ok());
  EXPECT_FALSE(
      client.answer(challengeResponse(401, {"Basic realm=\"r\""}), "REGISTER", "sip:r").ok());
  EXPECT_FALSE(
      client.answer(challengeResponse(401, {"Digest nonce=\"n\""}), "REGISTER", "sip:r").ok());
  EXPECT_FALSE(
      client.answer(challengeResponse(401, {"Digest realm=\"r"}), "REGISTER", "sip:r").ok());
}

} // namespace
} // namespace sb::sip::auth

// Hostile input for the auth parsers: random bytes and mutations of real headers must
// give a value or an error, never a crash (the sanitizers watch the rest).
#include "sip/auth/auth_params.hpp"
#include "sip/auth/client_auth.hpp"
#include "sip/auth/server_auth.hpp"
#include "unit/sip/auth/fake_credentials.hpp"

#include <gtest/gtest.h>

#include <random>

namespace sb::sip::auth {
namespace {

constexpr const char* kSeeds[] = {
    "Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\", uri=\"sip:example.com\", "
    "response=\"0123\", algorithm=SHA-256, cnonce=\"xyz\", qop=auth, nc=00000001",
    "Digest realm=\"example.com\", nonce=\"n\", algorithm=MD5, qop=\"auth,auth-int\", stale=true",
    "Digest realm=\"a\\\"b\", opaque=\"\\\\\"",
};

std::string mutate(std::string text, std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    std::size_t at = rng() % text.size();
    switch (rng() % 3) {
    case 0:
      text[at] = static_cast<char>(byte(rng));
      break;
    case 1:
      text.erase(at, 1 + rng() % 8);
      break;
    default:
      text.insert(at, 1, "\",=\\ \r\n"[rng() % 7]);
      break;
    }
  }
  return text;
}

TEST(AuthRobustnessTest, ParserSurvivesMutatedAndRandomInput) {
  std::mt19937 rng(20261122);
  for (int round = 0; round < 3000; ++round) {
    std::string text = mutate(kSeeds[round % 3], rng);
    auto value = parseAuthValue(text);
    if (value.ok()) {
      // Whatever parses prints to something that parses the same way.
      auto again = parseAuthValue(value->str());
      ASSERT_TRUE(again.ok()) << value->str();
      EXPECT_EQ(again->params.size(), value->params.size());
    }
    std::string noise(rng() % 64, '\0');
    for (char& c : noise)
      c = static_cast<char>(rng());
    (void)parseAuthValue(noise).ok();
  }
}

TEST(AuthRobustnessTest, AuthenticatorAndClientSurviveMutatedHeaders) {
  common::ManualClock clock;
  testing::FakeCredentials credentials;
  credentials.add({"alice", "pw", "u", "d"});
  AuthConfig config;
  config.realm = "example.com";
  DigestAuthenticator auth(clock, credentials, config);
  DigestClient client({"alice", "pw"});
  std::mt19937 rng(7);
  Message request;
  request.method = "REGISTER";
  request.requestUri = Uri::parse("sip:example.com").value();
  for (int round = 0; round < 2000; ++round) {
    std::string header = mutate(kSeeds[round % 3], rng);
    Message signedRequest = request;
    signedRequest.addHeader("Authorization", header);
    AuthOutcome outcome = auth.authenticate(signedRequest, ChallengeKind::Origin);
    EXPECT_FALSE(outcome.authenticated());
    EXPECT_TRUE(outcome.response.has_value());

    Message challenge;
    challenge.statusCode = 401;
    challenge.addHeader("WWW-Authenticate", header);
    (void)client.answer(challenge, "REGISTER", "sip:example.com").ok();
  }
}

} // namespace
} // namespace sb::sip::auth

#include "sip/auth/server_auth.hpp"

#include "sip/auth/auth_params.hpp"
#include "sip/auth/client_auth.hpp"
#include "unit/sip/auth/fake_credentials.hpp"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

Message parseOrDie(const std::string& text) {
  Result<Message> parsed = parseMessage(text);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed.value()) : Message{};
}

Message request(const std::string& method, const std::string& user = "alice") {
  return parseOrDie(method +
                    " sip:example.com SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1\r\n"
                    "Max-Forwards: 70\r\n"
                    "From: <sip:" +
                    user +
                    "@example.com>;tag=a1\r\n"
                    "To: <sip:" +
                    user +
                    "@example.com>\r\n"
                    "Call-ID: c1\r\n"
                    "CSeq: 1 " +
                    method +
                    "\r\n"
                    "Contact: <sip:" +
                    user +
                    "@10.0.0.5:5060>\r\n"
                    "Content-Length: 0\r\n\r\n");
}

std::vector<std::string> headerNames(const Message& m) {
  std::vector<std::string> names;
  for (const Header& h : m.headers)
    names.push_back(h.name);
  return names;
}

class ServerAuthTest : public ::testing::Test {
protected:
  ServerAuthTest() { credentials.add({"alice", "s3cret", "user-1", "dev-1"}); }

  static AuthConfig makeConfig() {
    AuthConfig c;
    c.realm = "example.com";
    c.secret = "nonce-secret";
    return c;
  }

  // Sends `req`, gets challenged, answers with `password`, returns the second outcome.
  AuthOutcome challengeAndAnswer(Message req, const std::string& username,
                                 const std::string& password,
                                 ChallengeKind kind = ChallengeKind::Origin) {
    AuthOutcome first = auth.authenticate(req, kind);
    EXPECT_EQ(first.status, AuthStatus::Challenged);
    DigestClient client({username, password});
    auto header = client.answer(*first.response, req.method, "sip:example.com");
    EXPECT_TRUE(header.ok());
    req.addHeader(header->name, header->value);
    return auth.authenticate(req, kind);
  }

  common::ManualClock clock;
  testing::FakeCredentials credentials;
  AuthConfig config = makeConfig();
  DigestAuthenticator auth{clock, credentials, config};
};

TEST_F(ServerAuthTest, ChallengeOffersSha256ThenMd5WithQopAuth) {
  AuthOutcome outcome = auth.authenticate(request("REGISTER"), ChallengeKind::Origin);
  ASSERT_EQ(outcome.status, AuthStatus::Challenged);
  ASSERT_TRUE(outcome.response.has_value());
  EXPECT_EQ(outcome.response->statusCode, 401);
  std::vector<AuthValue> challenges;
  for (const Header& h : outcome.response->headers) {
    if (h.name == "WWW-Authenticate") challenges.push_back(parseAuthValue(h.value).value());
  }
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_EQ(*challenges[0].find("algorithm"), "SHA-256");
  EXPECT_EQ(*challenges[1].find("algorithm"), "MD5");
  for (const AuthValue& c : challenges) {
    EXPECT_TRUE(c.isDigest());
    EXPECT_EQ(*c.find("realm"), "example.com");
    EXPECT_EQ(*c.find("qop"), "auth");
    EXPECT_EQ(c.find("stale"), nullptr);
  }
  EXPECT_EQ(*challenges[0].find("nonce"), *challenges[1].find("nonce"));
}

TEST_F(ServerAuthTest, ClientAnswerIsAccepted) {
  AuthOutcome outcome = challengeAndAnswer(request("REGISTER"), "alice", "s3cret");
  ASSERT_EQ(outcome.status, AuthStatus::Authenticated);
  ASSERT_TRUE(outcome.credential.has_value());
  EXPECT_EQ(outcome.credential->userId, "user-1");
  EXPECT_EQ(outcome.credential->deviceId, "dev-1");
  EXPECT_FALSE(outcome.response.has_value());
}

TEST_F(ServerAuthTest, ProxyKindUses407AndProxyHeaders) {
  AuthOutcome first = auth.authenticate(request("INVITE"), ChallengeKind::Proxy);
  ASSERT_TRUE(first.response.has_value());
  EXPECT_EQ(first.response->statusCode, 407);
  EXPECT_TRUE(first.response->hasHeader("Proxy-Authenticate"));
  EXPECT_FALSE(first.response->hasHeader("WWW-Authenticate"));
  AuthOutcome second =
      challengeAndAnswer(request("INVITE"), "alice", "s3cret", ChallengeKind::Proxy);
  EXPECT_EQ(second.status, AuthStatus::Authenticated);
}

TEST_F(ServerAuthTest, Md5AnswerIsAccepted) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  // Keep only the MD5 challenge, as an MD5-only phone would see it.
  Message md5Only = *first.response;
  md5Only.removeHeader("WWW-Authenticate");
  for (const Header& h : first.response->headers) {
    if (h.name == "WWW-Authenticate" && h.value.find("MD5") != std::string::npos) {
      md5Only.addHeader("WWW-Authenticate", h.value);
    }
  }
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(md5Only, "REGISTER", "sip:example.com");
  ASSERT_TRUE(header.ok());
  EXPECT_NE(header->value.find("algorithm=MD5"), std::string::npos);
  req.addHeader(header->name, header->value);
  EXPECT_EQ(auth.authenticate(req, ChallengeKind::Origin).status, AuthStatus::Authenticated);
}

TEST_F(ServerAuthTest, UnknownUserAndWrongPasswordLookAlike) {
  AuthOutcome wrongPassword = challengeAndAnswer(request("REGISTER"), "alice", "guess");
  AuthOutcome unknownUser = challengeAndAnswer(request("REGISTER", "mallory"), "mallory", "guess");
  ASSERT_TRUE(wrongPassword.response.has_value());
  ASSERT_TRUE(unknownUser.response.has_value());
  EXPECT_EQ(wrongPassword.status, AuthStatus::Forbidden);
  EXPECT_EQ(unknownUser.status, AuthStatus::Forbidden);
  EXPECT_EQ(wrongPassword.response->statusCode, 403);
  EXPECT_EQ(unknownUser.response->statusCode, 403);
  EXPECT_EQ(wrongPassword.response->reason, unknownUser.response->reason);
  EXPECT_EQ(headerNames(*wrongPassword.response), headerNames(*unknownUser.response));
}

TEST_F(ServerAuthTest, ExpiredNonceGetsStaleChallengeAndRetryWorks) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(*first.response, "REGISTER", "sip:example.com");
  ASSERT_TRUE(header.ok());
  clock.advance(301s);
  Message late = req;
  late.addHeader(header->name, header->value);
  AuthOutcome stale = auth.authenticate(late, ChallengeKind::Origin);
  ASSERT_EQ(stale.status, AuthStatus::Challenged);
  auto challenge = parseAuthValue(*stale.response->header("WWW-Authenticate"));
  ASSERT_TRUE(challenge.ok());
  ASSERT_NE(challenge->find("stale"), nullptr);
  EXPECT_EQ(*challenge->find("stale"), "true");

  auto retry = client.answer(*stale.response, "REGISTER", "sip:example.com");
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->stale);
  Message again = req;
  again.addHeader(retry->name, retry->value);
  EXPECT_EQ(auth.authenticate(again, ChallengeKind::Origin).status, AuthStatus::Authenticated);
}

TEST_F(ServerAuthTest, ExpiredNonceWithWrongPasswordIsForbiddenNotStale) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  DigestClient client({"alice", "wrong"});
  auto header = client.answer(*first.response, "REGISTER", "sip:example.com");
  clock.advance(301s);
  req.addHeader(header->name, header->value);
  EXPECT_EQ(auth.authenticate(req, ChallengeKind::Origin).status, AuthStatus::Forbidden);
}

TEST_F(ServerAuthTest, ReplayedNonceCountIsChallenged) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(*first.response, "REGISTER", "sip:example.com");
  Message signed1 = req;
  signed1.addHeader(header->name, header->value);
  EXPECT_EQ(auth.authenticate(signed1, ChallengeKind::Origin).status, AuthStatus::Authenticated);
  AuthOutcome replay = auth.authenticate(signed1, ChallengeKind::Origin);
  EXPECT_EQ(replay.status, AuthStatus::Challenged);

  auto next = client.reuse("REGISTER", "sip:example.com");
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(next->value.find("nc=00000002"), std::string::npos);
  Message signed2 = req;
  signed2.addHeader(next->name, next->value);
  EXPECT_EQ(auth.authenticate(signed2, ChallengeKind::Origin).status, AuthStatus::Authenticated);
}

TEST_F(ServerAuthTest, ForgedNonceIsChallengedWithoutStale) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  Message forged = *first.response;
  forged.setHeader("WWW-Authenticate",
                   "Digest realm=\"example.com\", nonce=\"AAAA\", qop=\"auth\", algorithm=MD5");
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(forged, "REGISTER", "sip:example.com");
  req.addHeader(header->name, header->value);
  AuthOutcome outcome = auth.authenticate(req, ChallengeKind::Origin);
  ASSERT_EQ(outcome.status, AuthStatus::Challenged);
  EXPECT_EQ(outcome.response->header("WWW-Authenticate")->find("stale"), std::string::npos);
}

TEST_F(ServerAuthTest, ForeignRealmIsChallenged) {
  Message req = request("REGISTER");
  req.addHeader("Authorization", "Digest username=\"alice\", realm=\"other.org\", nonce=\"x\", "
                                 "uri=\"sip:example.com\", response=\"00\"");
  EXPECT_EQ(auth.authenticate(req, ChallengeKind::Origin).status, AuthStatus::Challenged);
}

TEST_F(ServerAuthTest, WrongDigestUriIsBadRequest) {
  Message req = request("REGISTER");
  AuthOutcome first = auth.authenticate(req, ChallengeKind::Origin);
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(*first.response, "REGISTER", "sip:elsewhere.com");
  req.addHeader(header->name, header->value);
  AuthOutcome outcome = auth.authenticate(req, ChallengeKind::Origin);
  EXPECT_EQ(outcome.status, AuthStatus::BadRequest);
  EXPECT_EQ(outcome.response->statusCode, 400);
}

TEST_F(ServerAuthTest, MalformedOrIncompleteCredentialsAreBadRequest) {
  for (const char* value :
       {"Digest realm=\"example.com\", username=\"alice", "Digest realm=\"example.com\"",
        "Digest realm=\"example.com\", username=\"alice\", nonce=\"n\", uri=\"sip:example.com\", "
        "response=\"r\", qop=auth-int, nc=00000001, cnonce=\"c\"",
        "Digest realm=\"example.com\", username=\"alice\", nonce=\"n\", uri=\"sip:example.com\", "
        "response=\"r\", qop=auth, nc=1, cnonce=\"c\"",
        "Digest realm=\"example.com\", username=\"alice\", nonce=\"n\", uri=\"sip:example.com\", "
        "response=\"r\""}) {
    Message req = request("REGISTER");
    req.addHeader("Authorization", value);
    AuthOutcome outcome = auth.authenticate(req, ChallengeKind::Origin);
    EXPECT_EQ(outcome.status, AuthStatus::BadRequest) << value;
  }
}

TEST_F(ServerAuthTest, AnswerWithoutQopNeedsOptIn) {
  config.acceptMissingQop = true;
  DigestAuthenticator lenient(clock, credentials, config);
  Message req = request("REGISTER");
  AuthOutcome first = lenient.authenticate(req, ChallengeKind::Origin);
  Message noQop = *first.response;
  std::string value = *noQop.header("WWW-Authenticate");
  value = value.substr(0, value.find(", qop"));
  noQop.setHeader("WWW-Authenticate", value);
  DigestClient client({"alice", "s3cret"});
  auto header = client.answer(noQop, "REGISTER", "sip:example.com");
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->value.find("nc="), std::string::npos);
  req.addHeader(header->name, header->value);
  EXPECT_EQ(lenient.authenticate(req, ChallengeKind::Origin).status, AuthStatus::Authenticated);
  EXPECT_EQ(auth.authenticate(req, ChallengeKind::Origin).status, AuthStatus::BadRequest);
}

} // namespace
} // namespace sb::sip::auth

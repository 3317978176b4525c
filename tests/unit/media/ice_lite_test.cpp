// ICE-lite (RFC 8445 2.5, 7.3) and consent freshness (RFC 7675): which checks are answered
// and how, where media goes, and when the peer counts as gone. Time is passed in.
#include "media/webrtc/ice_lite.hpp"

#include <gtest/gtest.h>

namespace sb::media::webrtc {
namespace {

using namespace std::chrono_literals;

const IceCredentials kOurs{"Ours", "our-password-is-24-chars"};
const std::string kTheirUfrag = "Thrs";

SocketAddress address(const char* ip, std::uint16_t port) {
  return SocketAddress(boost::asio::ip::make_address(ip), port);
}

struct Check {
  std::string username = kOurs.ufrag + ":" + kTheirUfrag;
  std::string password = kOurs.pwd;
  bool useCandidate = false;
  bool controlling = true;
  bool integrity = true;
  bool fingerprint = true;
  TransactionId id{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};

  std::vector<std::uint8_t> bytes() const {
    StunWriter writer(kStunBinding, StunClass::Request, id);
    writer.addText(stun_attribute::kUsername, username);
    writer.addUint32(stun_attribute::kPriority, 1853824767);
    writer.addUint64(controlling ? stun_attribute::kIceControlling : stun_attribute::kIceControlled, 42);
    if (useCandidate) writer.addFlag(stun_attribute::kUseCandidate);
    if (integrity) writer.addMessageIntegrity(password);
    if (fingerprint) writer.addFingerprint();
    return writer.bytes();
  }
};

common::TimePoint at(std::chrono::milliseconds t) { return common::TimePoint{} + t; }

int errorOf(const IceLiteAgent::Outcome& outcome) {
  if (!outcome.reply) return 0;
  auto reply = parseStun(*outcome.reply);
  if (!reply || reply->messageClass != StunClass::Error) return -1;
  return reply->errorCode().value_or(-1);
}

TEST(IceLite, ValidCheckGetsAnAuthenticatedSuccessWithTheSourceAddress) {
  IceLiteAgent agent(kOurs, 30s);
  agent.setRemoteUfrag(kTheirUfrag);
  const Check check;
  const auto source = address("192.0.2.7", 50000);
  const auto request = check.bytes();
  auto outcome = agent.onStun(request, source, at(0ms));
  EXPECT_TRUE(outcome.validCheck);
  ASSERT_TRUE(outcome.reply);
  auto reply = parseStun(*outcome.reply);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->messageClass, StunClass::Success);
  EXPECT_EQ(reply->transactionId, check.id);
  EXPECT_EQ(reply->xorMappedAddress(), source);
  EXPECT_EQ(checkIntegrity(*reply, kOurs.pwd), Integrity::Valid);
  EXPECT_TRUE(hasValidFingerprint(*reply));
  EXPECT_EQ(agent.selected(), source);
  EXPECT_TRUE(agent.isValidated(source));
  EXPECT_FALSE(agent.nominated());
}

TEST(IceLite, BeforeTheirUfragIsKnownOnlyOurHalfIsChecked) {
  IceLiteAgent agent(kOurs, 30s);
  Check check;
  check.username = kOurs.ufrag + ":whatever";
  EXPECT_TRUE(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms)).validCheck);
  agent.setRemoteUfrag(kTheirUfrag);
  EXPECT_EQ(errorOf(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms))), 401);
}

TEST(IceLite, BadIntegrityGets401AndChangesNothing) {
  IceLiteAgent agent(kOurs, 30s);
  agent.setRemoteUfrag(kTheirUfrag);
  Check check;
  check.password = "not-our-password-at-all";
  auto outcome = agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms));
  EXPECT_FALSE(outcome.validCheck);
  EXPECT_EQ(errorOf(outcome), 401);
  EXPECT_FALSE(agent.selected());
  EXPECT_FALSE(agent.isValidated(address("192.0.2.7", 50000)));
}

TEST(IceLite, WrongUfragGets401) {
  IceLiteAgent agent(kOurs, 30s);
  agent.setRemoteUfrag(kTheirUfrag);
  Check check;
  check.username = "Else:" + kTheirUfrag;
  EXPECT_EQ(errorOf(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms))), 401);
  check.username = kOurs.ufrag + ":Else";
  EXPECT_EQ(errorOf(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms))), 401);
  EXPECT_FALSE(agent.selected());
}

TEST(IceLite, MissingIntegrityGets400) {
  IceLiteAgent agent(kOurs, 30s);
  Check check;
  check.integrity = false;
  EXPECT_EQ(errorOf(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms))), 400);
}

TEST(IceLite, APeerThatIsControlledTooGets487) {
  IceLiteAgent agent(kOurs, 30s);
  Check check;
  check.controlling = false;
  EXPECT_EQ(errorOf(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms))), 487);
  EXPECT_FALSE(agent.selected());
}

TEST(IceLite, WithoutFingerprintOrAsAResponseItIsDropped) {
  IceLiteAgent agent(kOurs, 30s);
  Check check;
  check.fingerprint = false;
  auto outcome = agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(0ms));
  EXPECT_FALSE(outcome.reply);
  EXPECT_FALSE(outcome.validCheck);
  StunWriter response(kStunBinding, StunClass::Success, check.id);
  response.addFingerprint();
  EXPECT_FALSE(agent.onStun(response.bytes(), address("192.0.2.7", 50000), at(0ms)).reply);
  const std::vector<std::uint8_t> garbage{0x00, 0x01, 0x02};
  EXPECT_FALSE(agent.onStun(garbage, address("192.0.2.7", 50000), at(0ms)).reply);
}

TEST(IceLite, NominatedSourceWinsOverLaterChecks) {
  IceLiteAgent agent(kOurs, 30s);
  agent.setRemoteUfrag(kTheirUfrag);
  Check plain;
  EXPECT_TRUE(agent.onStun(plain.bytes(), address("192.0.2.7", 50000), at(0ms)).validCheck);
  EXPECT_TRUE(agent.onStun(plain.bytes(), address("192.0.2.8", 50002), at(10ms)).validCheck);
  EXPECT_EQ(agent.selected(), address("192.0.2.8", 50002)); // the latest valid one
  Check nominating;
  nominating.useCandidate = true;
  EXPECT_TRUE(agent.onStun(nominating.bytes(), address("192.0.2.7", 50000), at(20ms)).validCheck);
  EXPECT_TRUE(agent.nominated());
  EXPECT_TRUE(agent.onStun(plain.bytes(), address("192.0.2.9", 50004), at(30ms)).validCheck);
  EXPECT_EQ(agent.selected(), address("192.0.2.7", 50000));
}

TEST(IceLite, ConsentExpiresWithoutValidChecks) {
  IceLiteAgent agent(kOurs, 30s);
  agent.setRemoteUfrag(kTheirUfrag);
  EXPECT_FALSE(agent.consentExpired(at(100s))); // no check yet: nothing to expire
  const Check check;
  ASSERT_TRUE(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(1s)).validCheck);
  EXPECT_FALSE(agent.consentExpired(at(30s)));
  ASSERT_TRUE(agent.onStun(check.bytes(), address("192.0.2.7", 50000), at(25s)).validCheck);
  EXPECT_FALSE(agent.consentExpired(at(54s)));
  // Failed checks do not refresh consent.
  Check bad;
  bad.password = "not-our-password-at-all";
  agent.onStun(bad.bytes(), address("192.0.2.7", 50000), at(50s));
  EXPECT_TRUE(agent.consentExpired(at(55s)));
}

TEST(IceLite, RandomCredentialsAreLongEnoughAndDiffer) {
  const auto a = randomIceCredentials();
  const auto b = randomIceCredentials();
  EXPECT_GE(a.ufrag.size(), 4u);
  EXPECT_GE(a.pwd.size(), 22u);
  EXPECT_NE(a.ufrag + a.pwd, b.ufrag + b.pwd);
  for (char c : a.ufrag + a.pwd)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') << c;
}

} // namespace
} // namespace sb::media::webrtc

// STUN (RFC 5389) against the RFC 5769 test vectors, and what the parser refuses.
#include "media/webrtc/stun.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::media::webrtc {
namespace {

using Bytes = std::vector<std::uint8_t>;

// RFC 5769 2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME
// "evtj:h6vY" (padded with spaces), MESSAGE-INTEGRITY and FINGERPRINT.
const Bytes kSampleRequest = {
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf};

// RFC 5769 2.2: the success response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.
const Bytes kSampleIpv4Response = {
    0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
    0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
    0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96};

// RFC 5769 2.3: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const Bytes kSampleIpv6Response = {
    0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
    0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
    0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
    0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c};

const std::string kPassword = "VOkJxbRl1RmTxUk/WvJxBt";
const TransactionId kTransaction = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

TEST(Stun, Rfc5769SampleRequestParsesAndVerifies) {
  auto message = parseStun(kSampleRequest);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->method, kStunBinding);
  EXPECT_EQ(message->messageClass, StunClass::Request);
  EXPECT_EQ(message->transactionId, kTransaction);
  EXPECT_EQ(message->username(), "evtj:h6vY");
  EXPECT_EQ(message->priority(), 0x6e0001ffu);
  EXPECT_EQ(message->tieBreaker(stun_attribute::kIceControlled), 0x932ff9b151263b36u);
  EXPECT_FALSE(message->has(stun_attribute::kUseCandidate));
  EXPECT_EQ(checkIntegrity(*message, kPassword), Integrity::Valid);
  EXPECT_EQ(checkIntegrity(*message, "another password"), Integrity::Invalid);
  EXPECT_TRUE(hasValidFingerprint(*message));
  EXPECT_TRUE(message->unknownRequired().empty());
}

TEST(Stun, Rfc5769Ipv4ResponseGivesTheMappedAddress) {
  auto message = parseStun(kSampleIpv4Response);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->messageClass, StunClass::Success);
  auto mapped = message->xorMappedAddress();
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->address().to_string(), "192.0.2.1");
  EXPECT_EQ(mapped->port(), 32853);
  EXPECT_EQ(checkIntegrity(*message, kPassword), Integrity::Valid);
  EXPECT_TRUE(hasValidFingerprint(*message));
}

TEST(Stun, Rfc5769Ipv6ResponseGivesTheMappedAddress) {
  auto message = parseStun(kSampleIpv6Response);
  ASSERT_TRUE(message);
  auto mapped = message->xorMappedAddress();
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->address().to_string(), "2001:db8:1234:5678:11:2233:4455:6677");
  EXPECT_EQ(mapped->port(), 32853);
  EXPECT_EQ(checkIntegrity(*message, kPassword), Integrity::Valid);
  EXPECT_TRUE(hasValidFingerprint(*message));
}

// The writer encodes the RFC's IPv4 response up to its MESSAGE-INTEGRITY byte for byte,
// apart from SOFTWARE's padding byte (ours is zero, the RFC's a space).
TEST(Stun, WriterEncodesTheRfc5769Ipv4ResponseAttributes) {
  StunWriter writer(kStunBinding, StunClass::Success, kTransaction);
  writer.addText(stun_attribute::kSoftware, "test vector");
  writer.addXorMappedAddress(SocketAddress(boost::asio::ip::make_address("192.0.2.1"), 32853));
  Bytes written = writer.bytes();
  ASSERT_EQ(written.size(), 48u);
  EXPECT_EQ(written[35], 0x00);
  written[35] = 0x20;
  Bytes expected(kSampleIpv4Response.begin(), kSampleIpv4Response.begin() + 48);
  expected[3] = 48 - 20; // the RFC's length also counts MESSAGE-INTEGRITY and FINGERPRINT
  EXPECT_EQ(written, expected);
}

TEST(Stun, WrittenRequestRoundTripsWithIntegrityAndFingerprint) {
  const TransactionId id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  StunWriter writer(kStunBinding, StunClass::Request, id);
  writer.addText(stun_attribute::kUsername, "ours:theirs");
  writer.addUint32(stun_attribute::kPriority, 1845501695);
  writer.addFlag(stun_attribute::kUseCandidate);
  writer.addUint64(stun_attribute::kIceControlling, 0x0102030405060708u);
  writer.addMessageIntegrity("a-password-of-22-chars");
  writer.addFingerprint();
  auto message = parseStun(writer.bytes());
  ASSERT_TRUE(message);
  EXPECT_EQ(message->transactionId, id);
  EXPECT_EQ(message->username(), "ours:theirs");
  EXPECT_EQ(message->priority(), 1845501695u);
  EXPECT_TRUE(message->has(stun_attribute::kUseCandidate));
  EXPECT_EQ(message->tieBreaker(stun_attribute::kIceControlling), 0x0102030405060708u);
  EXPECT_EQ(checkIntegrity(*message, "a-password-of-22-chars"), Integrity::Valid);
  EXPECT_TRUE(hasValidFingerprint(*message));
}

TEST(Stun, ErrorResponseCarriesItsCode) {
  StunWriter writer(kStunBinding, StunClass::Error, kTransaction);
  writer.addErrorCode(401, "Unauthorized");
  writer.addFingerprint();
  auto message = parseStun(writer.bytes());
  ASSERT_TRUE(message);
  EXPECT_EQ(message->messageClass, StunClass::Error);
  EXPECT_EQ(message->errorCode(), 401);
  EXPECT_EQ(checkIntegrity(*message, kPassword), Integrity::Missing);
}

TEST(Stun, AChangedByteBreaksIntegrityAndFingerprint) {
  Bytes tampered = kSampleRequest;
  tampered[30] ^= 0x01; // inside SOFTWARE
  auto message = parseStun(tampered);
  ASSERT_TRUE(message);
  EXPECT_EQ(checkIntegrity(*message, kPassword), Integrity::Invalid);
  EXPECT_FALSE(hasValidFingerprint(*message));
}

TEST(Stun, MalformedInputIsRefused) {
  EXPECT_FALSE(parseStun(Bytes(kSampleRequest.begin(), kSampleRequest.begin() + 19))); // short header
  Bytes wrongCookie = kSampleRequest;
  wrongCookie[4] = 0x22;
  EXPECT_FALSE(parseStun(wrongCookie));
  Bytes firstBits = kSampleRequest;
  firstBits[0] = 0x80; // RTP, not STUN
  EXPECT_FALSE(parseStun(firstBits));
  Bytes truncated(kSampleRequest.begin(), kSampleRequest.end() - 4);
  EXPECT_FALSE(parseStun(truncated)); // length says more
  Bytes oddLength = kSampleRequest;
  oddLength[3] = 0x57;
  EXPECT_FALSE(parseStun(oddLength));
  // An attribute whose length runs past the end.
  Bytes overrun = kSampleRequest;
  overrun[23] = 0xF0; // SOFTWARE claims 240 bytes
  EXPECT_FALSE(parseStun(overrun));
}

TEST(Stun, FingerprintMustBeLast) {
  StunWriter writer(kStunBinding, StunClass::Request, kTransaction);
  writer.addFingerprint();
  writer.addText(stun_attribute::kSoftware, "after");
  auto message = parseStun(writer.bytes());
  ASSERT_TRUE(message);
  EXPECT_FALSE(hasValidFingerprint(*message));
}

TEST(Stun, UnknownComprehensionRequiredAttributesAreListed) {
  StunWriter writer(kStunBinding, StunClass::Request, kTransaction);
  writer.addUint32(0x0031, 7);  // unknown, comprehension-required
  writer.addUint32(0x8031, 7);  // unknown, optional
  auto message = parseStun(writer.bytes());
  ASSERT_TRUE(message);
  EXPECT_EQ(message->unknownRequired(), std::vector<std::uint16_t>{0x0031});
}

TEST(Stun, Crc32OfTheCheckString) {
  const std::string text = "123456789";
  EXPECT_EQ(crc32(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())), 0xCBF43926u);
}

} // namespace
} // namespace sb::media::webrtc

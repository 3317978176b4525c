#include "api/events/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

namespace sb::api::events {
namespace {

using std::chrono::seconds;

// Computed here with OpenSSL's one-shot HMAC(), apart from the code under test.
std::string referenceHmac(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

common::WallTime atUnixSeconds(std::int64_t s) {
  return common::WallTime{std::chrono::milliseconds{s * 1000}};
}

const std::string kSecret = "whsec_0123456789abcdef";
const std::string kBody =
    R"({"id":1700000000000000,"type":"call.ended","at":"2023-11-14T22:13:20.000Z","data":{}})";

TEST(WebhookSignature, HmacMatchesRfc4231TestCase2) {
  EXPECT_EQ(hmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignature, HeaderIsTimestampAndHmacOfTimestampDotBody) {
  const std::string header = signPayload(kSecret, 1'700'000'000, kBody);
  EXPECT_EQ(header, "t=1700000000,v1=" + referenceHmac(kSecret, "1700000000." + kBody));
}

TEST(WebhookSignature, VerifiesWithinTheTolerance) {
  const std::string header = signPayload(kSecret, 1'700'000'000, kBody);
  EXPECT_TRUE(verifySignature(header, kSecret, kBody, atUnixSeconds(1'700'000'000), seconds(300)));
  EXPECT_TRUE(verifySignature(header, kSecret, kBody, atUnixSeconds(1'700'000'300), seconds(300)));
  EXPECT_TRUE(verifySignature(header, kSecret, kBody, atUnixSeconds(1'699'999'700), seconds(300)));
  EXPECT_FALSE(verifySignature(header, kSecret, kBody, atUnixSeconds(1'700'000'301), seconds(300)));
  EXPECT_FALSE(verifySignature(header, kSecret, kBody, atUnixSeconds(1'699'999'699), seconds(300)));
}

TEST(WebhookSignature, RefusesAnythingAltered) {
  const auto now = atUnixSeconds(1'700'000'000);
  const std::string header = signPayload(kSecret, 1'700'000'000, kBody);
  EXPECT_FALSE(verifySignature(header, "whsec_other", kBody, now, seconds(300)));
  EXPECT_FALSE(verifySignature(header, kSecret, kBody + " ", now, seconds(300)));
  // The timestamp is signed too: moving it breaks the signature.
  std::string moved = header;
  moved.replace(0, 12, "t=1700000001");
  EXPECT_FALSE(verifySignature(moved, kSecret, kBody, now, seconds(300)));
}

TEST(WebhookSignature, RefusesMalformedHeaders) {
  const auto now = atUnixSeconds(1'700'000'000);
  const std::string v1 = "v1=" + referenceHmac(kSecret, "1700000000." + kBody);
  for (const std::string& header :
       std::vector<std::string>{std::string{}, v1, "t=1700000000", "t=abc," + v1, "t=-5," + v1,
                                "t=1700000000,v1=", "t=1700000000,v1=" + std::string(64, '0'),
                                "t=1700000000," + v1.substr(0, v1.size() - 1)})
    EXPECT_FALSE(verifySignature(header, kSecret, kBody, now, seconds(300))) << header;
}

TEST(WebhookSignature, AcceptsAnyMatchingV1AndIgnoresUnknownKeys) {
  const auto now = atUnixSeconds(1'700'000'000);
  const std::string good = referenceHmac(kSecret, "1700000000." + kBody);
  EXPECT_TRUE(verifySignature("t=1700000000,v0=zz,v1=" + std::string(64, 'a') + ",v1=" + good,
                              kSecret, kBody, now, seconds(300)));
}

} // namespace
} // namespace sb::api::events

#include "sip/auth/auth_params.hpp"
#include "sip/auth/crypto.hpp"
#include "sip/auth/digest.hpp"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

DigestInput rfc7616Example(DigestAlgorithm algorithm) {
  // RFC 7616 section 3.9.1.
  DigestInput input;
  input.algorithm = algorithm;
  input.username = "Mufasa";
  input.realm = "http-auth@example.org";
  input.password = "Circle of Life";
  input.method = "GET";
  input.uri = "/dir/index.html";
  input.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  input.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  input.nc = "00000001";
  input.qop = "auth";
  return input;
}

TEST(DigestTest, Rfc7616Md5Example) {
  EXPECT_EQ(computeResponse(rfc7616Example(DigestAlgorithm::Md5)),
            "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestTest, Rfc7616Sha256Example) {
  EXPECT_EQ(computeResponse(rfc7616Example(DigestAlgorithm::Sha256)),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestTest, Rfc2617Example) {
  DigestInput input;
  input.username = "Mufasa";
  input.realm = "testrealm@host.com";
  input.password = "Circle Of Life";
  input.method = "GET";
  input.uri = "/dir/index.html";
  input.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  input.cnonce = "0a4f113b";
  input.nc = "00000001";
  input.qop = "auth";
  EXPECT_EQ(computeResponse(input), "6629fae49393a05397450978507c4ef1");
}

TEST(DigestTest, WithoutQopUsesRfc2069Form) {
  DigestInput input = rfc7616Example(DigestAlgorithm::Md5);
  input.qop.clear();
  std::string ha1 = hexHash(HashKind::Md5, "Mufasa:http-auth@example.org:Circle of Life");
  std::string ha2 = hexHash(HashKind::Md5, "GET:/dir/index.html");
  EXPECT_EQ(computeResponse(input), hexHash(HashKind::Md5, ha1 + ":" + input.nonce + ":" + ha2));
}

TEST(DigestTest, SessionAlgorithmsKeyHa1WithNonces) {
  DigestInput input = rfc7616Example(DigestAlgorithm::Sha256Sess);
  std::string plain = hexHash(HashKind::Sha256, "Mufasa:http-auth@example.org:Circle of Life");
  EXPECT_EQ(computeHa1(input),
            hexHash(HashKind::Sha256, plain + ":" + input.nonce + ":" + input.cnonce));
}

TEST(DigestTest, AlgorithmNamesRoundTrip) {
  EXPECT_EQ(parseAlgorithm("sha-256"), DigestAlgorithm::Sha256);
  EXPECT_EQ(parseAlgorithm("MD5-sess"), DigestAlgorithm::Md5Sess);
  EXPECT_EQ(parseAlgorithm("SHA-512-256"), std::nullopt);
  EXPECT_EQ(algorithmName(DigestAlgorithm::Sha256Sess), "SHA-256-sess");
}

TEST(CryptoTest, Base64UrlRoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    auto decoded = base64UrlDecode(base64UrlEncode(bytes));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
    bytes.push_back(static_cast<char>(i * 37 + 200));
  }
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64UrlDecode("ab+c").has_value());
  EXPECT_FALSE(base64UrlDecode("abcde").has_value());
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(constantTimeEquals("", ""));
}

TEST(CryptoTest, RandomTokensDiffer) {
  EXPECT_NE(randomToken(16), randomToken(16));
  EXPECT_EQ(randomBytes(16).size(), 16u);
}

TEST(AuthParamsTest, ParsesQuotedAndBareValues) {
  auto value = parseAuthValue(
      "Digest username=\"bob\",realm=\"a \\\"b\\\"\" , nc=00000001,\r\n qop=auth, uri=\"sip:x\"");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_TRUE(value->isDigest());
  EXPECT_EQ(*value->find("USERNAME"), "bob");
  EXPECT_EQ(*value->find("realm"), "a \"b\"");
  EXPECT_EQ(*value->find("nc"), "00000001");
  EXPECT_EQ(*value->find("qop"), "auth");
  EXPECT_EQ(value->find("cnonce"), nullptr);
}

TEST(AuthParamsTest, PrintsAndParsesBack) {
  AuthValue value{"Digest", {}};
  value.add("realm", "say \"hi\" \\ there");
  value.add("algorithm", "SHA-256", false);
  EXPECT_EQ(value.str(), "Digest realm=\"say \\\"hi\\\" \\\\ there\", algorithm=SHA-256");
  auto back = parseAuthValue(value.str());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back->find("realm"), "say \"hi\" \\ there");
}

TEST(AuthParamsTest, RejectsBrokenSyntax) {
  for (const char* text :
       {"", "   ", "Digest realm", "Digest realm=\"open", "Digest realm=", "Digest =x",
        "Digest a=1 b=2", "Digest a=1, A=2", "Digest a=\"x\\", "Digest\"a=1\""}) {
    auto value = parseAuthValue(text);
    EXPECT_FALSE(value.ok()) << text;
    if (!value.ok()) {
      EXPECT_EQ(value.error().code, 400);
    }
  }
}

TEST(AuthParamsTest, AcceptsSchemeAloneAndEmptyListItems) {
  auto alone = parseAuthValue("Digest");
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->params.empty());
  auto gaps = parseAuthValue("Digest a=1,, b=2,");
  ASSERT_TRUE(gaps.ok());
  EXPECT_EQ(gaps->params.size(), 2u);
}

TEST(AuthParamsTest, BoundsParameterCount) {
  std::string text = "Digest ";
  for (int i = 0; i < 40; ++i)
    text += "p" + std::to_string(i) + "=1,";
  EXPECT_FALSE(parseAuthValue(text).ok());
}

} // namespace
} // namespace sb::sip::auth

#include "api/auth/tokens.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sb::api::auth {
namespace {

bool isBase64UrlCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(TokensTest, IssuedTokensHaveTheirKindsPrefixAndThirtyTwoRandomBytes) {
  IssuedToken session = issueToken(store::TokenKind::Session);
  IssuedToken integration = issueToken(store::TokenKind::Integration);
  EXPECT_EQ(session.secret.substr(0, 4), "sbs_");
  EXPECT_EQ(integration.secret.substr(0, 4), "sbi_");
  for (const IssuedToken& t : {session, integration}) {
    ASSERT_EQ(t.secret.size(), 4u + 43u) << t.secret; // 32 bytes, base64 without padding
    for (char c : t.secret.substr(4))
      EXPECT_TRUE(isBase64UrlCharacter(c)) << t.secret;
    EXPECT_EQ(t.hash, hashToken(t.secret));
    EXPECT_TRUE(isB64Token(t.secret));
  }
  std::set<std::string> secrets;
  for (int i = 0; i < 100; ++i)
    secrets.insert(issueToken(store::TokenKind::Session).secret);
  EXPECT_EQ(secrets.size(), 100u);
}

TEST(TokensTest, HashIsLowercaseHexSha256) {
  EXPECT_EQ(hashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(TokensTest, BearerTokenFromAnAuthorizationHeader) {
  EXPECT_EQ(bearerToken("Bearer sbs_abc-DEF_123"), "sbs_abc-DEF_123");
  EXPECT_EQ(bearerToken("bearer abc"), "abc");
  EXPECT_EQ(bearerToken("BEARER   abc"), "abc");
  EXPECT_EQ(bearerToken("Bearer a.b~c+d/e=="), "a.b~c+d/e==");
  EXPECT_EQ(bearerToken("Bearer"), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer "), std::nullopt);
  EXPECT_EQ(bearerToken("Bearerabc"), std::nullopt);
  EXPECT_EQ(bearerToken("Basic dXNlcjpwYXNz"), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer\tabc"), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer abc def"), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer abc "), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer ab=c"), std::nullopt); // '=' only at the end
  EXPECT_EQ(bearerToken("Bearer ==="), std::nullopt);
  EXPECT_EQ(bearerToken("Bearer ab\"c"), std::nullopt);
  EXPECT_EQ(bearerToken(""), std::nullopt);
}

TEST(TokensTest, ConstantTimeEquals) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("secret", "secret"));
  EXPECT_FALSE(constantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(constantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(constantTimeEquals("", "x"));
}

} // namespace
} // namespace sb::api::auth

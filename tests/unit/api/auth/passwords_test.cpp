#include "api/auth/passwords.hpp"
#include "api/auth/utf8.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace sb::api::auth {
namespace {

// A hash made with other limits or another algorithm, quickly (minimum limits).
std::string quickHash(const char* password, int algorithm, unsigned long long ops) {
  char encoded[crypto_pwhash_STRBYTES];
  EXPECT_EQ(crypto_pwhash_str_alg(encoded, password, std::char_traits<char>::length(password), ops,
                                  crypto_pwhash_MEMLIMIT_MIN, algorithm),
            0);
  return encoded;
}

TEST(PasswordsTest, HashVerifiesOnlyItsPasswordAndIsSaltedEachTime) {
  std::string first = hashPassword("correct horse battery staple");
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0u) << first;
  EXPECT_TRUE(verifyPassword("correct horse battery staple", first));
  EXPECT_FALSE(verifyPassword("correct horse battery stapl", first));
  std::string second = hashPassword("correct horse battery staple");
  EXPECT_NE(first, second); // a new salt every time
  EXPECT_FALSE(needsRehash(first));
}

TEST(PasswordsTest, VerifyRejectsWhatIsNotAHash) {
  EXPECT_FALSE(verifyPassword("anything", ""));
  EXPECT_FALSE(verifyPassword("anything", "$argon2id$v=19$m=65536,t=2,p=1$garbage"));
  EXPECT_FALSE(verifyPassword("anything", "plain text password"));
}

TEST(PasswordsTest, OldLimitsOrAlgorithmNeedRehash) {
  EXPECT_TRUE(
      needsRehash(quickHash("pw", crypto_pwhash_ALG_ARGON2ID13, crypto_pwhash_OPSLIMIT_MIN)));
  // argon2i needs at least 3 passes.
  EXPECT_TRUE(needsRehash(quickHash("pw", crypto_pwhash_ALG_ARGON2I13, 3)));
  EXPECT_TRUE(needsRehash("not a hash"));
}

TEST(PasswordsTest, OldHashesStillVerify) {
  std::string old = quickHash("an old password", crypto_pwhash_ALG_ARGON2I13, 3);
  EXPECT_TRUE(verifyPassword("an old password", old));
  EXPECT_FALSE(verifyPassword("another password", old));
}

TEST(PasswordsTest, DummyHashCostsWhatARealOneCosts) {
  // Same algorithm and limits as hashPassword, so burnVerification takes as long as a
  // real verification.
  EXPECT_FALSE(needsRehash(dummyPasswordHash()));
  burnVerification();
}

TEST(PasswordsTest, NewPasswordRules) {
  EXPECT_EQ(checkNewPassword("0123456789"), std::nullopt);
  auto tooShort = checkNewPassword("012345678");
  ASSERT_TRUE(tooShort);
  EXPECT_EQ(tooShort->field, "password");
  EXPECT_EQ(tooShort->code, 400);
  EXPECT_EQ(tooShort->message, "must be at least 10 characters");
  // Ten characters of two bytes each are ten characters, not twenty.
  EXPECT_EQ(checkNewPassword(
                "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"),
            std::nullopt);
  EXPECT_TRUE(
      checkNewPassword("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
  EXPECT_EQ(checkNewPassword(std::string(1024, 'a')), std::nullopt);
  auto tooLong = checkNewPassword(std::string(1025, 'a'));
  ASSERT_TRUE(tooLong);
  EXPECT_EQ(tooLong->message, "must be at most 1024 bytes");
  auto notUtf8 = checkNewPassword("abcdefghij\xFF");
  ASSERT_TRUE(notUtf8);
  EXPECT_EQ(notUtf8->message, "must be valid UTF-8");
}

TEST(Utf8Test, AcceptsWellFormedAndFindsTheFirstBadByte) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x9E")); // é € 📞
  EXPECT_EQ(firstInvalidUtf8("ab\xC3"), 2u);                             // cut short
  EXPECT_EQ(firstInvalidUtf8("a\xC0\xAF"), 1u);                          // overlong '/'
  EXPECT_EQ(firstInvalidUtf8("\xE0\x80\xAF"), 0u);                       // overlong, 3 bytes
  EXPECT_EQ(firstInvalidUtf8("x\xED\xA0\x80"), 1u);                      // a surrogate
  EXPECT_EQ(firstInvalidUtf8("\xF4\x90\x80\x80"), 0u);                   // past U+10FFFF
  EXPECT_EQ(firstInvalidUtf8("ok\x80"), 2u);                             // a lone continuation
  EXPECT_EQ(countCodePoints("caf\xC3\xA9 \xF0\x9F\x93\x9E"), 6u);
}

} // namespace
} // namespace sb::api::auth

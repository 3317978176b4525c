#include "api/auth/authenticator.hpp"
#include "api/auth/passwords.hpp"
#include "api/auth/tokens.hpp"
#include "unit/store/fake_store.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace sb::api::auth {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using store::testing::FakeStore;

constexpr const char* kPassword = "correct horse battery";

class AuthenticatorTest : public testing::Test {
protected:
  // One real hash for the whole suite: they are slow on purpose.
  static void SetUpTestSuite() { passwordHash_ = hashPassword(kPassword); }

  void SetUp() override {
    store::User ann;
    ann.id = "user-ann";
    ann.email = "ann@example.com";
    ann.name = "Ann";
    ann.passwordHash = passwordHash_;
    db.users.push_back(ann);
    store::User bob;
    bob.id = "user-bob";
    bob.email = "bob@example.com";
    bob.name = "Bob";
    db.users.push_back(bob); // no password yet
  }

  store::EpochMs wallNow() const { return common::toEpochMs(clock.wallNow()); }

  // A token stored directly, as if created earlier; returns its secret.
  std::string storeToken(const std::string& id, const std::string& userId,
                         std::optional<store::EpochMs> expiresAt = std::nullopt,
                         std::optional<store::EpochMs> revokedAt = std::nullopt) {
    IssuedToken issued = issueToken(store::TokenKind::Integration);
    db.tokens.push_back(store::ApiToken{.id = id,
                                        .userId = userId,
                                        .kind = store::TokenKind::Integration,
                                        .name = "script",
                                        .tokenHash = issued.hash,
                                        .createdAt = wallNow(),
                                        .expiresAt = expiresAt,
                                        .lastUsedAt = std::nullopt,
                                        .revokedAt = revokedAt});
    return issued.secret;
  }

  std::string errorOf(std::string_view credentials) {
    auto result = auth.authenticate(credentials);
    EXPECT_FALSE(result.ok());
    if (result.ok()) return "";
    EXPECT_EQ(result.error().code, 401);
    return result.error().message;
  }

  static inline std::string passwordHash_;
  FakeStore db;
  common::ManualClock clock;
  Authenticator auth{db, clock, "admin-env-token-0123456789"};
};

TEST_F(AuthenticatorTest, LoginCreatesASessionThatAuthenticates) {
  auto login = auth.login("Ann@Example.com", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->secret.substr(0, 4), "sbs_");
  EXPECT_EQ(login->user.id, "user-ann");
  EXPECT_EQ(login->user.passwordHash, std::nullopt); // never handed out
  const store::ApiToken& token = login->token;
  EXPECT_FALSE(token.id.empty());
  EXPECT_EQ(token.kind, store::TokenKind::Session);
  EXPECT_EQ(token.tokenHash, hashToken(login->secret));
  EXPECT_EQ(token.expiresAt, wallNow() + 12 * 3600 * 1000);
  ASSERT_EQ(db.tokens.size(), 1u);

  auto who = auth.authenticate("Bearer " + login->secret);
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->userId, "user-ann");
  EXPECT_EQ(who->role, store::Role::Agent);
  EXPECT_EQ(who->tokenId, token.id);
  // The bare token, as a WebSocket query parameter gives it.
  EXPECT_TRUE(auth.authenticate(login->secret).ok());

  clock.advance(hours(12));
  EXPECT_EQ(errorOf("Bearer " + login->secret), "token expired");
}

TEST_F(AuthenticatorTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  for (auto [email, password] :
       {std::pair{"ann@example.com", "wrong password"}, std::pair{"nobody@example.com", kPassword},
        std::pair{"bob@example.com", kPassword}}) { // bob has no password
    auto login = auth.login(email, password, "10.0.0.1");
    ASSERT_FALSE(login.ok()) << email;
    EXPECT_EQ(login.error().code, 401);
    EXPECT_EQ(login.error().message, "wrong email or password");
    EXPECT_EQ(login.error().field, "");
  }
  EXPECT_TRUE(db.tokens.empty());
}

TEST_F(AuthenticatorTest, RepeatedFailuresAreThrottledEvenWithTheRightPassword) {
  ThrottleOptions throttle;
  throttle.freeFailures = 1;
  Authenticator strict(db, clock, "",
                       AuthenticatorOptions{.sessionLifetime = hours(1), .throttle = throttle});
  EXPECT_EQ(strict.login("ann@example.com", "guess one", "10.0.0.1").error().code, 401);
  EXPECT_EQ(strict.retryAfter("10.0.0.1", "ann@example.com"), std::nullopt);
  EXPECT_EQ(strict.login("ANN@example.com", "guess two", "10.0.0.2").error().code, 401);
  EXPECT_EQ(strict.retryAfter("10.0.0.3", "ann@example.com"), common::Duration(seconds(30)));

  clock.advance(seconds(1));
  auto refused = strict.login("ann@example.com", kPassword, "10.0.0.3");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 429);
  EXPECT_EQ(refused.error().field, "");
  EXPECT_EQ(refused.error().message, "too many failed logins; retry after 29 s");

  clock.advance(seconds(29));
  auto login = strict.login("ann@example.com", kPassword, "10.0.0.3");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.expiresAt, wallNow() + 3600 * 1000);
  EXPECT_EQ(strict.retryAfter("10.0.0.2", "ann@example.com"), std::nullopt); // cleared
}

TEST_F(AuthenticatorTest, AnOldHashIsReplacedAtLogin) {
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "an old password", 15, crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
            0);
  db.users[1].passwordHash = std::string(weak);
  ASSERT_TRUE(auth.login("bob@example.com", "an old password", "10.0.0.1").ok());
  const std::string& stored = db.users[1].passwordHash.value();
  EXPECT_NE(stored, weak);
  EXPECT_FALSE(needsRehash(stored));
  EXPECT_TRUE(verifyPassword("an old password", stored));
}

TEST_F(AuthenticatorTest, EachWayATokenFails) {
  EXPECT_EQ(errorOf(""), "missing bearer token");
  EXPECT_EQ(errorOf("Basic YW5uOnB3"), "missing bearer token");
  EXPECT_EQ(errorOf("Bearer"), "unknown token"); // read as a bare token
  EXPECT_EQ(errorOf("Bearer sbs_notissued"), "unknown token");
  std::string revoked = storeToken("token-revoked", "user-ann", std::nullopt, wallNow() - 1);
  EXPECT_EQ(errorOf("Bearer " + revoked), "token revoked");
  std::string expired = storeToken("token-expired", "user-ann", wallNow());
  EXPECT_EQ(errorOf("Bearer " + expired), "token expired");
  std::string orphan = storeToken("token-orphan", "user-gone");
  EXPECT_EQ(errorOf("Bearer " + orphan), "user no longer exists");
}

TEST_F(AuthenticatorTest, RoleIsReadEachTime) {
  std::string secret = storeToken("token-1", "user-ann");
  EXPECT_EQ(auth.authenticate("Bearer " + secret)->role, store::Role::Agent);
  db.users[0].role = store::Role::Admin;
  EXPECT_EQ(auth.authenticate("Bearer " + secret)->role, store::Role::Admin);
}

TEST_F(AuthenticatorTest, LastUsedIsTouchedAtMostOnceAMinute) {
  std::string secret = "Bearer " + storeToken("token-1", "user-ann");
  store::EpochMs start = wallNow();
  ASSERT_TRUE(auth.authenticate(secret).ok());
  EXPECT_EQ(db.tokens[0].lastUsedAt, start);
  clock.advance(seconds(59));
  ASSERT_TRUE(auth.authenticate(secret).ok());
  EXPECT_EQ(db.tokens[0].lastUsedAt, start);
  // Remembered here too, not only through the stored time.
  db.tokens[0].lastUsedAt.reset();
  ASSERT_TRUE(auth.authenticate(secret).ok());
  EXPECT_EQ(db.tokens[0].lastUsedAt, std::nullopt);
  clock.advance(seconds(1));
  ASSERT_TRUE(auth.authenticate(secret).ok());
  EXPECT_EQ(db.tokens[0].lastUsedAt, start + 60'000);
}

TEST_F(AuthenticatorTest, AdminEnvironmentToken) {
  auto admin = auth.authenticate("Bearer admin-env-token-0123456789");
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->role, store::Role::Admin);
  EXPECT_EQ(admin->userId, "");
  EXPECT_EQ(admin->tokenId, "");
  EXPECT_EQ(errorOf("Bearer admin-env-token-012345678"), "unknown token");
  Authenticator withoutAdmin(db, clock, "");
  EXPECT_EQ(withoutAdmin.authenticate("Bearer admin-env-token-0123456789").error().message,
            "unknown token");
}

TEST_F(AuthenticatorTest, IntegrationTokensAndLogout) {
  auto created = auth.createIntegrationToken("user-ann", "zapier", std::nullopt);
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto& [secret, token] = *created;
  EXPECT_EQ(secret.substr(0, 4), "sbi_");
  EXPECT_EQ(token.kind, store::TokenKind::Integration);
  EXPECT_EQ(token.name, "zapier");
  EXPECT_EQ(token.expiresAt, std::nullopt);
  clock.advance(hours(24 * 365));
  EXPECT_EQ(auth.authenticate("Bearer " + secret)->tokenId, token.id);

  EXPECT_EQ(auth.logout(token.id), std::nullopt);
  EXPECT_EQ(errorOf("Bearer " + secret), "token revoked");
  EXPECT_TRUE(auth.logout("token-unknown").has_value());
}

TEST_F(AuthenticatorTest, IntegrationTokenRequests) {
  auto expect = [&](common::Result<std::pair<std::string, store::ApiToken>> result, int code,
                    const std::string& field) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code);
    EXPECT_EQ(result.error().field, field);
  };
  expect(auth.createIntegrationToken("user-ann", "", std::nullopt), 400, "name");
  expect(auth.createIntegrationToken("user-ann", std::string(201, 'n'), std::nullopt), 400, "name");
  expect(auth.createIntegrationToken("user-ann", "crm", wallNow()), 400, "expires_at");
  expect(auth.createIntegrationToken("user-nobody", "crm", std::nullopt), 404, "user_id");
  auto expiring = auth.createIntegrationToken("user-ann", "crm", wallNow() + 1000);
  ASSERT_TRUE(expiring.ok());
  EXPECT_EQ(expiring->second.expiresAt, wallNow() + 1000);
  clock.advance(seconds(1));
  EXPECT_EQ(errorOf("Bearer " + expiring->first), "token expired");
  EXPECT_TRUE(db.tokens.size() == 1u);
}

} // namespace
} // namespace sb::api::auth

#include "api/auth/authenticator.hpp"

#include "api/auth/passwords.hpp"
#include "api/auth/tokens.hpp"
#include "common/log.hpp"

namespace sb::api::auth {
namespace {

constexpr common::Duration kTouchInterval{60'000};
constexpr std::size_t kTouchMemory = 10'000; // tokens remembered before old ones are pruned
constexpr std::size_t kMaxTokenNameBytes = 200;
constexpr std::size_t kMaxPasswordBytes = 1024; // checkNewPassword never lets a longer one in

common::Error unauthorized(std::string message) {
  return common::makeError(std::move(message), 401);
}

// A store failure is the server's fault unless the store said otherwise.
common::Error storeFailure(common::Error error) {
  if (error.code == 0) error.code = 500;
  return error;
}

const common::Error& wrongCredentials() {
  static const common::Error error{"wrong email or password", 401, {}};
  return error;
}

} // namespace

Authenticator::Authenticator(store::Store& db, const common::Clock& clock, std::string adminToken,
                             AuthenticatorOptions options)
    : db_(db), clock_(clock), adminTokenHash_(adminToken.empty() ? "" : hashToken(adminToken)),
      options_(options), throttle_(clock, options.throttle) {}

store::EpochMs Authenticator::wallNowMs() const {
  return common::toEpochMs(clock_.wallNow());
}

std::optional<std::string> Authenticator::secretOf(std::string_view credentials) const {
  if (auto token = bearerToken(credentials)) return token;
  if (isB64Token(credentials)) return std::string(credentials);
  return std::nullopt;
}

common::Result<AuthResult> Authenticator::authenticate(std::string_view credentials) {
  std::optional<std::string> secret = secretOf(credentials);
  if (!secret) return unauthorized("missing bearer token");
  return authenticateStored(*secret);
}

common::Result<AuthResult> Authenticator::authenticateStored(const std::string& secret) {
  std::string hash = hashToken(secret);
  // Comparing hashes keeps the admin token's length out of the timing too.
  if (!adminTokenHash_.empty() && constantTimeEquals(hash, adminTokenHash_))
    return AuthResult{.userId = "", .role = store::Role::Admin, .tokenId = ""};
  auto found = db_.findTokenByHash(hash);
  if (!found) return storeFailure(found.error());
  if (!*found) return unauthorized("unknown token");
  const store::ApiToken& token = **found;
  store::EpochMs now = wallNowMs();
  if (token.revokedAt) return unauthorized("token revoked");
  if (token.expiresAt && *token.expiresAt <= now) return unauthorized("token expired");
  auto user = db_.getUser(token.userId);
  if (!user) return storeFailure(user.error());
  if (!*user) return unauthorized("user no longer exists");
  touch(token);
  return AuthResult{.userId = token.userId, .role = (*user)->role, .tokenId = token.id};
}

void Authenticator::touch(const store::ApiToken& token) {
  store::EpochMs wallNow = wallNowMs();
  // Another node (or an earlier process) may have touched it lately.
  if (token.lastUsedAt && wallNow - *token.lastUsedAt < kTouchInterval.count()) return;
  common::TimePoint now = clock_.now();
  {
    std::lock_guard lock(touchMutex_);
    auto last = lastTouch_.find(token.id);
    if (last != lastTouch_.end() && now - last->second < kTouchInterval) return;
    if (lastTouch_.size() >= kTouchMemory)
      std::erase_if(lastTouch_,
                    [&](const auto& entry) { return now - entry.second >= kTouchInterval; });
    lastTouch_[token.id] = now;
  }
  if (auto error = db_.touchToken(token.id, wallNow))
    SB_LOG_WARN("api: could not mark token {} used: {}", token.id, error->message);
}

common::Result<Authenticator::Login>
Authenticator::login(std::string_view email, std::string_view password, std::string_view address) {
  if (auto wait = throttle_.check(address, email)) {
    auto seconds = (wait->count() + 999) / 1000;
    return common::makeError(
        "too many failed logins; retry after " + std::to_string(seconds) + " s", 429);
  }
  auto found = db_.findUserByEmail(email);
  if (!found) return storeFailure(found.error());
  bool known = *found && (*found)->passwordHash && password.size() <= kMaxPasswordBytes;
  if (!known) {
    burnVerification();
    throttle_.failed(address, email);
    return wrongCredentials();
  }
  store::User user = std::move(**found);
  if (!verifyPassword(password, *user.passwordHash)) {
    throttle_.failed(address, email);
    return wrongCredentials();
  }
  throttle_.succeeded(address, email);
  if (needsRehash(*user.passwordHash)) {
    if (auto error = db_.setPassword(user.id, hashPassword(password)))
      SB_LOG_WARN("api: could not rehash the password of user {}: {}", user.id, error->message);
  }
  user.passwordHash.reset();

  IssuedToken issued = issueToken(store::TokenKind::Session);
  store::EpochMs now = wallNowMs();
  store::ApiToken token{.id = "",
                        .userId = user.id,
                        .kind = store::TokenKind::Session,
                        .name = "",
                        .tokenHash = issued.hash,
                        .createdAt = now,
                        .expiresAt = now + options_.sessionLifetime.count(),
                        .lastUsedAt = std::nullopt,
                        .revokedAt = std::nullopt};
  auto stored = db_.createToken(token);
  if (!stored) return storeFailure(stored.error());
  return Login{
      .secret = std::move(issued.secret), .token = std::move(*stored), .user = std::move(user)};
}

common::Result<std::pair<std::string, store::ApiToken>>
Authenticator::createIntegrationToken(const std::string& userId, const std::string& name,
                                      std::optional<store::EpochMs> expiresAt) {
  if (name.empty()) return common::fieldError("name", "must not be empty");
  if (name.size() > kMaxTokenNameBytes)
    return common::fieldError("name", "must be at most 200 bytes");
  store::EpochMs now = wallNowMs();
  if (expiresAt && *expiresAt <= now)
    return common::fieldError("expires_at", "must be in the future");
  auto user = db_.getUser(userId);
  if (!user) return storeFailure(user.error());
  if (!*user) return common::fieldError("user_id", "no such user", 404);

  IssuedToken issued = issueToken(store::TokenKind::Integration);
  store::ApiToken token{.id = "",
                        .userId = userId,
                        .kind = store::TokenKind::Integration,
                        .name = name,
                        .tokenHash = issued.hash,
                        .createdAt = now,
                        .expiresAt = expiresAt,
                        .lastUsedAt = std::nullopt,
                        .revokedAt = std::nullopt};
  auto stored = db_.createToken(token);
  if (!stored) return storeFailure(stored.error());
  return std::pair{std::move(issued.secret), std::move(*stored)};
}

std::optional<common::Error> Authenticator::logout(const std::string& tokenId) {
  if (auto error = db_.revokeToken(tokenId, wallNowMs())) return error;
  std::lock_guard lock(touchMutex_);
  lastTouch_.erase(tokenId);
  return std::nullopt;
}

std::optional<common::Duration> Authenticator::retryAfter(std::string_view address,
                                                          std::string_view email) const {
  return throttle_.check(address, email);
}

} // namespace sb::api::auth

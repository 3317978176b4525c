#pragma once
// Who is calling the API: bearer tokens checked against the store (sessions from a
// password login, integration tokens made for a script, and the SWITCHBOARD_ADMIN_TOKEN
// from the environment), login with throttling, and creating and revoking tokens.
// Knows nothing of HTTP: errors carry the status to answer with (401, 429, ...).
#include "api/auth/login_throttle.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/records.hpp"
#include "store/store.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace sb::api::auth {

struct AuthResult {
  std::string userId; // empty for the admin environment token
  store::Role role = store::Role::Agent;
  std::string tokenId; // empty for the admin environment token
};

struct AuthenticatorOptions {
  common::Duration sessionLifetime{12 * 3600 * 1000};
  ThrottleOptions throttle{};
};

class Authenticator { // thread-safe, as long as the store is
public:
  // `adminToken`: the SWITCHBOARD_ADMIN_TOKEN value ("" = none), accepted as an admin with
  // an empty userId and tokenId. `db` and `clock` must outlive the authenticator.
  Authenticator(store::Store& db, const common::Clock& clock, std::string adminToken,
                AuthenticatorOptions options = {});

  // `credentials`: an Authorization header value ("Bearer <token>") or the bare token
  // (given another way, e.g. a WebSocket query parameter). Errors (401): "missing bearer
  // token", "unknown token", "token revoked", "token expired", "user no longer exists";
  // a store failure keeps its code (500 if it had none). The role is read from the user
  // each time, so a role change applies at once. Marks the token used (lastUsedAt) at
  // most once a minute.
  common::Result<AuthResult> authenticate(std::string_view credentials);

  struct Login {
    std::string secret; // shown to the client this once
    store::ApiToken token;
    store::User user; // without its passwordHash
  };
  // 429 (no field; the message says after how many seconds to retry) while the address
  // or the email is throttled; 401 "wrong email or password" for an unknown email or a
  // wrong password alike, taking as long for both. On success a session token that
  // expires after sessionLifetime; a hash made with old limits is replaced.
  common::Result<Login> login(std::string_view email, std::string_view password,
                              std::string_view address);

  // A token for a script, which never expires unless `expiresAt` says so. Errors (400)
  // on field "name" (empty or over 200 bytes) and "expires_at" (not in the future); 404
  // on field "user_id" for an unknown user.
  common::Result<std::pair<std::string, store::ApiToken>>
  createIntegrationToken(const std::string& userId, const std::string& name,
                         std::optional<store::EpochMs> expiresAt);

  // Revokes the token; it fails to authenticate from now on.
  std::optional<common::Error> logout(const std::string& tokenId);

  // How long until a login from `address` for `email` is allowed again, if throttled.
  std::optional<common::Duration> retryAfter(std::string_view address,
                                             std::string_view email) const;

private:
  std::optional<std::string> secretOf(std::string_view credentials) const;
  common::Result<AuthResult> authenticateStored(const std::string& secret);
  void touch(const store::ApiToken& token);
  store::EpochMs wallNowMs() const;

  store::Store& db_;
  const common::Clock& clock_;
  const std::string adminTokenHash_; // empty when there is no admin token
  const AuthenticatorOptions options_;
  LoginThrottle throttle_;
  std::mutex touchMutex_;
  std::unordered_map<std::string, common::TimePoint> lastTouch_; // token id -> when touched
};

} // namespace sb::api::auth

#pragma once
// API bearer tokens: random secrets shown once, stored only as their SHA-256.
//   session token      "sbs_" + 43 characters (32 random bytes, base64url, no padding)
//   integration token  "sbi_" + the same
#include "store/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb::api::auth {

struct IssuedToken {
  std::string secret; // given to the client once, never stored
  std::string hash;   // hashToken(secret), what the store keeps
};

IssuedToken issueToken(store::TokenKind kind);

// Lowercase hex SHA-256 of the whole secret (64 characters).
std::string hashToken(std::string_view secret);

// True when `text` is an RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" /
// "+" / "/" ) *"=".
bool isB64Token(std::string_view text);

// The token of an Authorization header value "Bearer <token>" (scheme in any case, then
// one space or more); nullopt for any other scheme or a token that is not a b64token.
std::optional<std::string> bearerToken(std::string_view authorizationHeader);

// Equal contents, in time that does not depend on where they differ (the lengths may show).
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace sb::api::auth

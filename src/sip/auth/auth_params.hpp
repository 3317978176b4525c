#pragma once
// The auth-param lists of WWW-Authenticate, Proxy-Authenticate, Authorization and
// Proxy-Authorization (RFC 3261 25.1, RFC 7616 section 3.3/3.4):
//   Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"
// One header value holds one challenge or one set of credentials.
#include "common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb::sip::auth {

struct AuthParam {
  std::string name;   // as received; compared case-insensitively
  std::string value;  // quotes removed, quoted-pairs resolved
  bool quoted = true; // how to print it
};

struct AuthValue {
  std::string scheme; // "Digest"
  std::vector<AuthParam> params;

  bool isDigest() const;
  // nullptr when absent. Names compare case-insensitively.
  const std::string* find(std::string_view name) const;
  // Appends a parameter; `quoted` false for the ones RFC 7616 sends bare
  // (algorithm, stale, nc, and qop in credentials).
  void add(std::string name, std::string value, bool quoted = true);
  std::string str() const;
};

// Errors (code 400) for anything that does not fit the grammar: missing scheme, a
// parameter without '=', an unterminated quoted string, duplicate names, too many
// parameters. Never throws.
common::Result<AuthValue> parseAuthValue(std::string_view text);

// Case-insensitive ASCII comparison, shared by the auth code.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string asciiLower(std::string_view text);

} // namespace sb::sip::auth

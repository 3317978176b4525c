#pragma once
// Client side of SIP digest authentication (RFC 3261 22.2), used towards the trunk:
// given a 401/407 and credentials, the Authorization / Proxy-Authorization value for
// the request to re-send. MD5 and SHA-256 (and -sess), qop "auth" or none.
//
// Loop policy belongs to the caller: re-send once per challenge; a second challenge
// for the same request means the credentials were refused unless it says stale=true.
#include "common/result.hpp"
#include "sip/auth/digest.hpp"
#include "sip/message/message.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

struct ClientCredentials {
  std::string username;
  std::string password;
};

struct AuthorizationHeader {
  std::string name;   // "Authorization" or "Proxy-Authorization"
  std::string value;  // "Digest username=..., response=..."
  bool stale = false; // the challenge said stale=true: the password was fine
};

class DigestClient {
public:
  // Produces a fresh client nonce per answer; tests pass a fixed one.
  using CnonceSource = std::function<std::string()>;

  explicit DigestClient(ClientCredentials credentials, CnonceSource cnonce = {});

  // Picks the strongest challenge of the 401/407 this client can answer (SHA-256
  // before MD5), remembers it, and answers for `method` `uri`. An error when the
  // response is not a 401/407 or offers nothing usable.
  common::Result<AuthorizationHeader> answer(const Message& challengeResponse,
                                             std::string_view method, std::string_view uri);

  // Answers the remembered challenge again with the next nonce-count, so requests
  // that follow need not be challenged first. nullopt before any challenge.
  std::optional<AuthorizationHeader> reuse(std::string_view method, std::string_view uri);

private:
  struct Challenge {
    std::string headerName; // the credentials header to send
    std::string realm;
    std::string nonce;
    std::optional<std::string> opaque;
    DigestAlgorithm algorithm = DigestAlgorithm::Md5;
    bool qopAuth = false;
    bool stale = false;
    std::uint32_t nonceCount = 0;
  };

  AuthorizationHeader build(std::string_view method, std::string_view uri);

  ClientCredentials credentials_;
  CnonceSource cnonce_;
  std::optional<Challenge> challenge_;
};

} // namespace sb::sip::auth

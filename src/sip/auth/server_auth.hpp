#pragma once
// Server side of SIP digest authentication (RFC 3261 22.1/22.3, RFC 7616, RFC 8760).
// Challenges offer SHA-256 first and MD5 second, qop="auth", with stateless nonces.
// Answers are pure: the caller sends the response message this returns.
//
// Failure policy, chosen so that nothing tells an outsider whether a username exists:
//   no usable credentials, foreign realm, forged nonce  -> 401/407 challenge
//   expired nonce with a correct digest                 -> 401/407 challenge, stale=true
//   correct digest with a nonce-count already used      -> 401/407 challenge, stale=true
//   unknown user or wrong password (same work for both) -> 403 Forbidden
//   credentials that break the grammar or the rules     -> 400 Bad Request
#include "common/clock.hpp"
#include "sip/auth/credential_source.hpp"
#include "sip/auth/digest.hpp"
#include "sip/auth/nonce.hpp"
#include "sip/message/message.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip::auth {

struct AuthValue;

// Which pair of headers a challenge uses.
enum class ChallengeKind {
  Origin, // 401, WWW-Authenticate / Authorization: REGISTER at the registrar
  Proxy,  // 407, Proxy-Authenticate / Proxy-Authorization: INVITE and others from devices
};

struct AuthConfig {
  std::string realm;
  // Nonce HMAC key; empty picks a random one for this process. Servers that share
  // clients (several edges behind one name) need the same secret.
  std::string secret;
  common::Duration nonceLifetime = std::chrono::seconds{300};
  std::size_t nonceCountCapacity = 8192; // nonces whose nc is tracked against replay
  bool acceptMissingQop = false;         // RFC 2069 style answers without qop/nc/cnonce
  // Challenges offered, in order. RFC 8760 clients use the first they support; many
  // phones (and SIPp, baresip 1.0) read only the first challenge and know only MD5.
  std::vector<DigestAlgorithm> algorithms{DigestAlgorithm::Sha256, DigestAlgorithm::Md5};
};

enum class AuthStatus { Authenticated, Challenged, Forbidden, BadRequest };

struct AuthOutcome {
  AuthStatus status = AuthStatus::Challenged;
  std::optional<DeviceCredential> credential; // set when Authenticated
  std::optional<Message> response;            // set otherwise: what to answer with

  bool authenticated() const { return status == AuthStatus::Authenticated; }
};

class DigestAuthenticator {
public:
  // `clock` and `credentials` must outlive the authenticator.
  DigestAuthenticator(const common::Clock& clock, const CredentialSource& credentials,
                      AuthConfig config);

  // Checks the request's Authorization (Origin) or Proxy-Authorization (Proxy).
  // `toTag` goes on the To of any error response (RFC 3261 8.2.6.2).
  AuthOutcome authenticate(const Message& request, ChallengeKind kind, std::string_view toTag = {});

  // The 401/407 carrying one challenge per supported algorithm, SHA-256 first.
  Message challenge(const Message& request, ChallengeKind kind, bool stale,
                    std::string_view toTag = {}) const;
  // Just the header values, one per algorithm.
  std::vector<std::string> challengeValues(bool stale) const;

  const std::string& realm() const { return config_.realm; }

private:
  struct Verdict;
  Verdict verify(const Message& request, const AuthValue& credentials);
  Verdict checkDigest(const Message& request, const AuthValue& credentials, bool nonceFresh);
  AuthOutcome answer(const Message& request, ChallengeKind kind, const Verdict& verdict,
                     std::string_view toTag) const;

  const common::Clock& clock_;
  const CredentialSource& credentials_;
  AuthConfig config_;
  NonceIssuer nonces_;
  NonceCountTracker nonceCounts_;
  std::string dummyPassword_; // digest work for unknown users is done against this
};

} // namespace sb::sip::auth

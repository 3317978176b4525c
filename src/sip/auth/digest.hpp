#pragma once
// Digest arithmetic (RFC 7616 section 3.4, RFC 2617 section 3.2.2, RFC 8760 for SIP):
// HA1, HA2 and the request digest, for MD5 and SHA-256 and their -sess variants.
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::auth {

enum class DigestAlgorithm { Md5, Md5Sess, Sha256, Sha256Sess };

// "MD5", "MD5-sess", "SHA-256", "SHA-256-sess" as they appear in the algorithm parameter.
std::string_view algorithmName(DigestAlgorithm algorithm);
// Case-insensitive; nullopt for anything not supported (SHA-512-256, AKAv1-MD5, ...).
std::optional<DigestAlgorithm> parseAlgorithm(std::string_view name);

// Everything that goes into one request digest. `qop` empty means the RFC 2069 form
// without nc/cnonce (still sent by some old phones and trunks).
struct DigestInput {
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::string username;
  std::string realm;
  std::string password;
  std::string method;
  std::string uri; // the digest-uri exactly as it travels in the header
  std::string nonce;
  std::string cnonce;
  std::string nc;  // 8 hex digits, e.g. "00000001"
  std::string qop; // "auth" or ""
};

// H(username:realm:password), turned into the session key for the -sess algorithms.
std::string computeHa1(const DigestInput& input);
// The "response" parameter value.
std::string computeResponse(const DigestInput& input);

} // namespace sb::sip::auth

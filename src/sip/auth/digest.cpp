#include "sip/auth/digest.hpp"

#include "sip/auth/auth_params.hpp"
#include "sip/auth/crypto.hpp"

#include <array>
#include <initializer_list>

namespace sb::sip::auth {
namespace {

HashKind hashOf(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Md5 || algorithm == DigestAlgorithm::Md5Sess
             ? HashKind::Md5
             : HashKind::Sha256;
}

bool isSession(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Md5Sess || algorithm == DigestAlgorithm::Sha256Sess;
}

std::string joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) out.push_back(':');
    out.append(part);
    first = false;
  }
  return out;
}

} // namespace

std::string_view algorithmName(DigestAlgorithm algorithm) {
  switch (algorithm) {
  case DigestAlgorithm::Md5:
    return "MD5";
  case DigestAlgorithm::Md5Sess:
    return "MD5-sess";
  case DigestAlgorithm::Sha256:
    return "SHA-256";
  case DigestAlgorithm::Sha256Sess:
    return "SHA-256-sess";
  }
  return "MD5";
}

std::optional<DigestAlgorithm> parseAlgorithm(std::string_view name) {
  static constexpr std::array<DigestAlgorithm, 4> kAll = {
      DigestAlgorithm::Md5, DigestAlgorithm::Md5Sess, DigestAlgorithm::Sha256,
      DigestAlgorithm::Sha256Sess};
  for (DigestAlgorithm algorithm : kAll) {
    if (equalsIgnoreCase(name, algorithmName(algorithm))) return algorithm;
  }
  return std::nullopt;
}

std::string computeHa1(const DigestInput& input) {
  HashKind hash = hashOf(input.algorithm);
  std::string ha1 = hexHash(hash, joined({input.username, input.realm, input.password}));
  if (isSession(input.algorithm)) {
    ha1 = hexHash(hash, joined({ha1, input.nonce, input.cnonce}));
  }
  return ha1;
}

std::string computeResponse(const DigestInput& input) {
  HashKind hash = hashOf(input.algorithm);
  std::string ha1 = computeHa1(input);
  std::string ha2 = hexHash(hash, joined({input.method, input.uri}));
  if (input.qop.empty()) return hexHash(hash, joined({ha1, input.nonce, ha2}));
  return hexHash(hash, joined({ha1, input.nonce, input.nc, input.cnonce, input.qop, ha2}));
}

} // namespace sb::sip::auth

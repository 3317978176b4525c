#include "sip/auth/client_auth.hpp"

#include "sip/auth/auth_params.hpp"
#include "sip/auth/crypto.hpp"

#include <cstdio>
#include <utility>

namespace sb::sip::auth {
namespace {

using common::Error;
using common::Result;

// Higher is preferred: RFC 8760 asks for the strongest algorithm the client supports.
int strength(DigestAlgorithm algorithm) {
  switch (algorithm) {
  case DigestAlgorithm::Sha256:
    return 4;
  case DigestAlgorithm::Sha256Sess:
    return 3;
  case DigestAlgorithm::Md5:
    return 2;
  case DigestAlgorithm::Md5Sess:
    return 1;
  }
  return 0;
}

// qop in a challenge is a quoted comma list: "auth,auth-int".
bool offersQopAuth(std::string_view qopList) {
  while (!qopList.empty()) {
    std::size_t comma = qopList.find(',');
    std::string_view item = qopList.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
      item.remove_suffix(1);
    if (equalsIgnoreCase(item, "auth")) return true;
    if (comma == std::string_view::npos) break;
    qopList.remove_prefix(comma + 1);
  }
  return false;
}

std::string hex8(std::uint32_t value) {
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", value);
  return buffer;
}

} // namespace

DigestClient::DigestClient(ClientCredentials credentials, CnonceSource cnonce)
    : credentials_(std::move(credentials)), cnonce_(std::move(cnonce)) {
  if (!cnonce_) cnonce_ = [] { return randomToken(12); };
}

Result<AuthorizationHeader> DigestClient::answer(const Message& challengeResponse,
                                                 std::string_view method, std::string_view uri) {
  int status = challengeResponse.statusCode;
  if (status != 401 && status != 407) return common::makeError("not a 401/407 response", 0);
  std::string_view challengeName = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  std::optional<Challenge> best;
  for (const Header& header : challengeResponse.headers) {
    if (!equalsIgnoreCase(header.name, challengeName)) continue;
    Result<AuthValue> parsed = parseAuthValue(header.value);
    if (!parsed || !parsed->isDigest()) continue;
    const std::string* realm = parsed->find("realm");
    const std::string* nonce = parsed->find("nonce");
    const std::string* algorithmText = parsed->find("algorithm");
    const std::string* qop = parsed->find("qop");
    const std::string* stale = parsed->find("stale");
    std::optional<DigestAlgorithm> algorithm =
        algorithmText ? parseAlgorithm(*algorithmText) : DigestAlgorithm::Md5;
    if (realm == nullptr || nonce == nullptr || !algorithm) continue;
    if (qop != nullptr && !offersQopAuth(*qop)) continue; // auth-int only: cannot answer
    if (best && strength(best->algorithm) >= strength(*algorithm)) continue;
    Challenge candidate;
    candidate.headerName = status == 401 ? "Authorization" : "Proxy-Authorization";
    candidate.realm = *realm;
    candidate.nonce = *nonce;
    if (const std::string* opaque = parsed->find("opaque")) candidate.opaque = *opaque;
    candidate.algorithm = *algorithm;
    candidate.qopAuth = qop != nullptr;
    candidate.stale = stale != nullptr && equalsIgnoreCase(*stale, "true");
    best = std::move(candidate);
  }
  if (!best) return common::makeError("no digest challenge this client can answer", status);
  challenge_ = std::move(best);
  return build(method, uri);
}

std::optional<AuthorizationHeader> DigestClient::reuse(std::string_view method,
                                                       std::string_view uri) {
  if (!challenge_) return std::nullopt;
  return build(method, uri);
}

AuthorizationHeader DigestClient::build(std::string_view method, std::string_view uri) {
  Challenge& challenge = *challenge_;
  DigestInput input;
  input.algorithm = challenge.algorithm;
  input.username = credentials_.username;
  input.realm = challenge.realm;
  input.password = credentials_.password;
  input.method = std::string(method);
  input.uri = std::string(uri);
  input.nonce = challenge.nonce;
  if (challenge.qopAuth) {
    input.qop = "auth";
    input.nc = hex8(++challenge.nonceCount);
    input.cnonce = cnonce_();
  }
  bool sessionKeyed = challenge.algorithm == DigestAlgorithm::Md5Sess ||
                      challenge.algorithm == DigestAlgorithm::Sha256Sess;
  if (sessionKeyed && input.cnonce.empty()) input.cnonce = cnonce_();

  AuthValue value{"Digest", {}};
  value.add("username", input.username);
  value.add("realm", input.realm);
  value.add("nonce", input.nonce);
  value.add("uri", input.uri);
  value.add("response", computeResponse(input));
  value.add("algorithm", std::string(algorithmName(input.algorithm)), false);
  if (!input.cnonce.empty()) value.add("cnonce", input.cnonce);
  if (challenge.opaque) value.add("opaque", *challenge.opaque);
  if (challenge.qopAuth) {
    value.add("qop", "auth", false);
    value.add("nc", input.nc, false);
  }
  return AuthorizationHeader{challenge.headerName, value.str(), challenge.stale};
}

} // namespace sb::sip::auth

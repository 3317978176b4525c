#include "sip/auth/server_auth.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "sip/auth/auth_params.hpp"
#include "sip/auth/crypto.hpp"
#include "sip/auth/digest.hpp"

#include <array>
#include <utility>

namespace sb::sip::auth {
namespace {


std::string_view credentialsHeader(ChallengeKind kind) {
  return kind == ChallengeKind::Origin ? "Authorization" : "Proxy-Authorization";
}

std::string_view challengeHeader(ChallengeKind kind) {
  return kind == ChallengeKind::Origin ? "WWW-Authenticate" : "Proxy-Authenticate";
}

int challengeStatus(ChallengeKind kind) {
  return kind == ChallengeKind::Origin ? 401 : 407;
}

bool isNonceCount(std::string_view nc) {
  if (nc.size() != 8) return false;
  for (char c : nc) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

std::uint32_t nonceCountValue(std::string_view nc) {
  std::uint32_t value = 0;
  for (char c : nc) {
    int digit = (c <= '9') ? c - '0' : ((c | 0x20) - 'a' + 10);
    value = (value << 4) | static_cast<std::uint32_t>(digit);
  }
  return value;
}

// The digest-uri must name the request being authorised, or a captured answer could
// be replayed against another target (RFC 7616 section 3.4.6).
bool uriMatchesRequest(const std::string& digestUri, const Message& request) {
  Result<Uri> parsed = Uri::parse(digestUri);
  if (parsed && *parsed == request.requestUri) return true;
  return digestUri == request.requestUri.str();
}

} // namespace

struct DigestAuthenticator::Verdict {
  AuthStatus status = AuthStatus::Challenged;
  bool stale = false;
  std::optional<DeviceCredential> credential;
  std::string reason; // for 400, and for logs
};

DigestAuthenticator::DigestAuthenticator(const common::Clock& clock,
                                         const CredentialSource& credentials, AuthConfig config)
    : clock_(clock), credentials_(credentials), config_(std::move(config)),
      nonces_(config_.secret, config_.nonceLifetime), nonceCounts_(config_.nonceCountCapacity),
      dummyPassword_(randomToken(16)) {}

std::vector<std::string> DigestAuthenticator::challengeValues(bool stale) const {
  std::string nonce = nonces_.issue(clock_.wallNow());
  std::vector<std::string> values;
  for (DigestAlgorithm algorithm : config_.algorithms) {
    AuthValue value{"Digest", {}};
    value.add("realm", config_.realm);
    value.add("nonce", nonce);
    value.add("algorithm", std::string(algorithmName(algorithm)), false);
    value.add("qop", "auth");
    if (stale) value.add("stale", "true", false);
    values.push_back(value.str());
  }
  return values;
}

Message DigestAuthenticator::challenge(const Message& request, ChallengeKind kind, bool stale,
                                       std::string_view toTag) const {
  Message response = makeResponse(request, challengeStatus(kind), {}, toTag);
  for (std::string& value : challengeValues(stale)) {
    response.addHeader(challengeHeader(kind), std::move(value));
  }
  return response;
}

AuthOutcome DigestAuthenticator::authenticate(const Message& request, ChallengeKind kind,
                                              std::string_view toTag) {
  std::optional<AuthValue> ours;
  for (const Header& header : request.headers) {
    if (!equalsIgnoreCase(header.name, credentialsHeader(kind))) continue;
    Result<AuthValue> parsed = parseAuthValue(header.value);
    if (!parsed) {
      Verdict bad{AuthStatus::BadRequest, false, std::nullopt, "Malformed Credentials"};
      return answer(request, kind, bad, toTag);
    }
    const std::string* realm = parsed->find("realm");
    if (parsed->isDigest() && realm != nullptr && *realm == config_.realm) {
      ours = std::move(parsed.value());
      break;
    }
  }
  if (!ours) return answer(request, kind, Verdict{}, toTag);
  return answer(request, kind, verify(request, *ours), toTag);
}

DigestAuthenticator::Verdict DigestAuthenticator::verify(const Message& request,
                                                         const AuthValue& credentials) {
  auto bad = [](std::string why) {
    return Verdict{AuthStatus::BadRequest, false, std::nullopt, std::move(why)};
  };
  for (const char* required : {"username", "nonce", "uri", "response"}) {
    if (credentials.find(required) == nullptr) return bad(std::string("Missing ") + required);
  }
  const std::string* qop = credentials.find("qop");
  if (qop != nullptr) {
    const std::string* nc = credentials.find("nc");
    const std::string* cnonce = credentials.find("cnonce");
    if (!equalsIgnoreCase(*qop, "auth")) return bad("Unsupported qop");
    if (nc == nullptr || !isNonceCount(*nc)) return bad("Bad nc");
    if (cnonce == nullptr || cnonce->empty()) return bad("Missing cnonce");
  } else if (!config_.acceptMissingQop) {
    return bad("Missing qop");
  }
  if (!uriMatchesRequest(*credentials.find("uri"), request)) return bad("Digest URI Mismatch");
  const std::string* algorithmText = credentials.find("algorithm");
  std::optional<DigestAlgorithm> algorithm =
      algorithmText ? parseAlgorithm(*algorithmText) : DigestAlgorithm::Md5;
  bool offered = algorithm && std::find(config_.algorithms.begin(), config_.algorithms.end(), *algorithm) !=
                                  config_.algorithms.end();
  if (!offered) {
    return Verdict{}; // not one we offered: offer again
  }
  NonceState state = nonces_.check(*credentials.find("nonce"), clock_.wallNow());
  if (state == NonceState::Invalid) return Verdict{};
  return checkDigest(request, credentials, state == NonceState::Fresh);
}

// Does the same hashing whether or not the user exists, so that timing does not tell.
DigestAuthenticator::Verdict DigestAuthenticator::checkDigest(const Message& request,
                                                              const AuthValue& credentials,
                                                              bool nonceFresh) {
  const std::string& username = *credentials.find("username");
  std::optional<DeviceCredential> device = credentials_.find(username);
  auto field = [&](std::string_view name) {
    const std::string* v = credentials.find(name);
    return v ? *v : std::string();
  };
  DigestInput input;
  const std::string* algorithmText = credentials.find("algorithm");
  input.algorithm = algorithmText ? *parseAlgorithm(*algorithmText) : DigestAlgorithm::Md5;
  input.username = username;
  input.realm = config_.realm;
  input.password = device ? device->password : dummyPassword_;
  input.method = request.method;
  input.uri = field("uri");
  input.nonce = field("nonce");
  input.cnonce = field("cnonce");
  input.nc = field("nc");
  input.qop = credentials.find("qop") ? "auth" : "";
  bool match = constantTimeEquals(computeResponse(input), asciiLower(field("response")));
  if (!match || !device) {
    return Verdict{AuthStatus::Forbidden, false, std::nullopt, "Forbidden"};
  }
  if (!nonceFresh) return Verdict{AuthStatus::Challenged, true, std::nullopt, "Stale nonce"};
  if (!input.qop.empty() && !nonceCounts_.accept(input.nonce, nonceCountValue(input.nc))) {
    // A replayed or reordered nc: make the client start over with a fresh nonce.
    return Verdict{AuthStatus::Challenged, true, std::nullopt, "Nonce count replay"};
  }
  return Verdict{AuthStatus::Authenticated, false, std::move(device), {}};
}

AuthOutcome DigestAuthenticator::answer(const Message& request, ChallengeKind kind,
                                        const Verdict& verdict, std::string_view toTag) const {
  AuthOutcome outcome;
  outcome.status = verdict.status;
  switch (verdict.status) {
  case AuthStatus::Authenticated:
    outcome.credential = verdict.credential;
    break;
  case AuthStatus::Challenged:
    outcome.response = challenge(request, kind, verdict.stale, toTag);
    break;
  case AuthStatus::Forbidden:
    SB_LOG_DEBUG("digest auth refused for {} {}", request.method, request.requestUri.str());
    outcome.response = makeResponse(request, 403, {}, toTag);
    break;
  case AuthStatus::BadRequest:
    outcome.response = makeResponse(request, 400, verdict.reason, toTag);
    break;
  }
  return outcome;
}

} // namespace sb::sip::auth

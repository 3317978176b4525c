#include "media/webrtc/ice_lite.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sb::media::webrtc {

namespace {

// A browser checks from each of its candidates; a few are remembered as validated.
constexpr std::size_t kMaxValidated = 8;

constexpr std::string_view kIceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string randomIceString(std::size_t length) {
  std::vector<std::uint8_t> random(length);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    throw std::runtime_error("no random bytes for ICE credentials");
  std::string out;
  for (std::uint8_t byte : random)
    out.push_back(kIceChars[byte % kIceChars.size()]); // 64 characters: no bias
  return out;
}

} // namespace

IceCredentials randomIceCredentials() { return IceCredentials{randomIceString(8), randomIceString(24)}; }

IceLiteAgent::IceLiteAgent(IceCredentials local, common::Duration consentTimeout)
    : local_(std::move(local)), consentTimeout_(consentTimeout) {}

IceLiteAgent::Outcome IceLiteAgent::error(const StunMessage& request, int code, std::string_view reason) const {
  StunWriter writer(request.method, StunClass::Error, request.transactionId);
  writer.addErrorCode(code, reason);
  if (code == 420) {
    std::vector<std::uint8_t> types;
    for (std::uint16_t type : request.unknownRequired()) {
      types.push_back(static_cast<std::uint8_t>(type >> 8));
      types.push_back(static_cast<std::uint8_t>(type));
    }
    writer.add(stun_attribute::kUnknownAttributes, types);
  }
  writer.addFingerprint();
  return Outcome{writer.bytes(), false};
}

IceLiteAgent::Outcome IceLiteAgent::onStun(std::span<const std::uint8_t> datagram, const SocketAddress& source,
                                           common::TimePoint now) {
  auto parsed = parseStun(datagram);
  if (!parsed) return {};
  const StunMessage& request = *parsed;
  // ICE's STUN always carries FINGERPRINT (RFC 8445 7.2.2); without a valid one it is
  // not a check of this session. A lite agent sends no requests, so no response is ours.
  if (request.messageClass != StunClass::Request || !hasValidFingerprint(request)) return {};
  if (request.method != kStunBinding) return error(request, 400, "Bad Request");
  if (!request.unknownRequired().empty()) return error(request, 420, "Unknown Attribute");
  const auto username = request.username();
  if (!username || !request.has(stun_attribute::kMessageIntegrity)) return error(request, 400, "Bad Request");
  const std::string expected = local_.ufrag + ":";
  if (username->compare(0, expected.size(), expected) != 0 ||
      (!remoteUfrag_.empty() && username->substr(expected.size()) != remoteUfrag_)) {
    return error(request, 401, "Unauthorized");
  }
  if (checkIntegrity(request, local_.pwd) != Integrity::Valid) return error(request, 401, "Unauthorized");
  // We are controlled; a full agent facing a lite one must be controlling.
  if (request.has(stun_attribute::kIceControlled)) return error(request, 487, "Role Conflict");

  lastValidCheck_ = now;
  if (!isValidated(source)) {
    if (validated_.size() == kMaxValidated) validated_.erase(validated_.begin());
    validated_.push_back(source);
  }
  if (request.has(stun_attribute::kUseCandidate)) {
    selected_ = source;
    nominated_ = true;
  } else if (!nominated_) {
    selected_ = source;
  }
  StunWriter writer(kStunBinding, StunClass::Success, request.transactionId);
  writer.addXorMappedAddress(source);
  writer.addMessageIntegrity(local_.pwd);
  writer.addFingerprint();
  return Outcome{writer.bytes(), true};
}

bool IceLiteAgent::isValidated(const SocketAddress& source) const {
  return std::find(validated_.begin(), validated_.end(), source) != validated_.end();
}

bool IceLiteAgent::consentExpired(common::TimePoint now) const {
  return lastValidCheck_ && now - *lastValidCheck_ >= consentTimeout_;
}

} // namespace sb::media::webrtc

#include "sdp/webrtc_attributes.hpp"

#include "sdp/text.hpp"

#include <cctype>

namespace sb::sdp {

namespace {

using common::makeError;

// RFC 8445 5.1.2.1 with the host type preference 126, local preference 65535, component 1.
constexpr std::uint32_t kHostPriority = (126u << 24) | (65535u << 8) | (256u - 1u);

const Attribute* mediaOrSession(const Session& session, const Media& media, std::string_view name) {
  if (const Attribute* attribute = findAttribute(media.attributes, name)) return attribute;
  return findAttribute(session.attributes, name);
}

bool isIceChars(std::string_view text) {
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return false;
  }
  return true;
}

bool isHexPairs(std::string_view value) {
  if (value.size() < 2 || (value.size() + 1) % 3 != 0) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool separator = i % 3 == 2;
    if (separator ? value[i] != ':' : !std::isxdigit(static_cast<unsigned char>(value[i]))) return false;
  }
  return true;
}

} // namespace

const char* toString(DtlsSetup setup) {
  switch (setup) {
  case DtlsSetup::ActPass:
    return "actpass";
  case DtlsSetup::Active:
    return "active";
  case DtlsSetup::Passive:
    return "passive";
  }
  return "actpass";
}

std::optional<DtlsSetup> parseSetup(std::string_view value) {
  const auto trimmed = text::trim(value);
  if (text::iequals(trimmed, "actpass")) return DtlsSetup::ActPass;
  if (text::iequals(trimmed, "active")) return DtlsSetup::Active;
  if (text::iequals(trimmed, "passive")) return DtlsSetup::Passive;
  return std::nullopt;
}

std::string Fingerprint::str() const { return algorithm + " " + value; }

std::optional<Fingerprint> parseFingerprint(std::string_view value) {
  const auto fields = text::splitFields(value);
  if (fields.size() != 2 || !isHexPairs(fields[1])) return std::nullopt;
  Fingerprint fingerprint{std::string(fields[0]), std::string(fields[1])};
  for (char& c : fingerprint.algorithm)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return fingerprint;
}

bool isDtlsSrtp(const Media& media) {
  return text::iequals(media.proto, "UDP/TLS/RTP/SAVPF") || text::iequals(media.proto, "UDP/TLS/RTP/SAVP");
}

common::Result<WebRtcParameters> readWebRtcParameters(const Session& session, const Media& media) {
  WebRtcParameters parameters;
  const Attribute* ufrag = mediaOrSession(session, media, "ice-ufrag");
  const Attribute* pwd = mediaOrSession(session, media, "ice-pwd");
  if (!ufrag || !ufrag->value || !pwd || !pwd->value) return makeError("the WebRTC stream has no ICE credentials");
  parameters.iceUfrag = std::string(text::trim(*ufrag->value));
  parameters.icePwd = std::string(text::trim(*pwd->value));
  if (parameters.iceUfrag.size() < 4 || parameters.iceUfrag.size() > 256 || !isIceChars(parameters.iceUfrag))
    return makeError("the WebRTC stream's a=ice-ufrag is malformed");
  if (parameters.icePwd.size() < 22 || parameters.icePwd.size() > 256 || !isIceChars(parameters.icePwd))
    return makeError("the WebRTC stream's a=ice-pwd is malformed");

  // Several fingerprints may be given (RFC 8122 5); SHA-256 is the one every browser sends.
  auto fingerprints = findAttributes(media.attributes, "fingerprint");
  if (fingerprints.empty()) fingerprints = findAttributes(session.attributes, "fingerprint");
  std::optional<Fingerprint> chosen;
  for (const Attribute* attribute : fingerprints) {
    auto fingerprint = attribute->value ? parseFingerprint(*attribute->value) : std::nullopt;
    if (!fingerprint) return makeError("the WebRTC stream's a=fingerprint is malformed");
    if (!chosen || fingerprint->algorithm == "sha-256") chosen = std::move(fingerprint);
  }
  if (!chosen) return makeError("the WebRTC stream has no DTLS fingerprint");
  parameters.fingerprint = std::move(*chosen);

  // RFC 4145 4: without a=setup the endpoint is active.
  parameters.setup = DtlsSetup::Active;
  if (const Attribute* setup = mediaOrSession(session, media, "setup")) {
    auto role = setup->value ? parseSetup(*setup->value) : std::nullopt;
    if (!role) return makeError("the WebRTC stream's a=setup is not actpass, active or passive");
    parameters.setup = *role;
  }
  return parameters;
}

void addWebRtcAttributes(Media& media, const WebRtcParameters& ours, std::string_view address, std::uint16_t port,
                         std::string_view mid) {
  media.attributes.push_back(Attribute{"mid", std::string(mid)});
  media.attributes.push_back(Attribute{"ice-ufrag", ours.iceUfrag});
  media.attributes.push_back(Attribute{"ice-pwd", ours.icePwd});
  media.attributes.push_back(Attribute{"fingerprint", ours.fingerprint.str()});
  media.attributes.push_back(Attribute{"setup", toString(ours.setup)});
  media.attributes.push_back(Attribute{"candidate", "1 1 udp " + std::to_string(kHostPriority) + " " +
                                                        std::string(address) + " " + std::to_string(port) +
                                                        " typ host"});
  media.attributes.push_back(Attribute{"end-of-candidates", std::nullopt});
}

void markIceLite(Session& session) {
  if (!hasAttribute(session.attributes, "ice-lite")) session.attributes.push_back(Attribute{"ice-lite", std::nullopt});
}

DtlsSetup opposite(DtlsSetup setup) {
  switch (setup) {
  case DtlsSetup::Active:
    return DtlsSetup::Passive;
  case DtlsSetup::Passive:
    return DtlsSetup::Active;
  case DtlsSetup::ActPass:
    return DtlsSetup::ActPass;
  }
  return DtlsSetup::ActPass;
}

DtlsSetup answerSetup(DtlsSetup theirs, std::optional<DtlsSetup> current) {
  if (theirs != DtlsSetup::ActPass) return opposite(theirs);
  if (current && *current != DtlsSetup::ActPass) return *current;
  return DtlsSetup::Active;
}

} // namespace sb::sdp

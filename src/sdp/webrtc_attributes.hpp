#pragma once
// The SDP of a WebRTC audio stream (UDP/TLS/RTP/SAVPF): ICE credentials (RFC 8839
// a=ice-ufrag, a=ice-pwd, a=ice-lite, a=candidate), the DTLS certificate fingerprint
// (RFC 8122 a=fingerprint) and the DTLS role (RFC 4145 / RFC 5763 a=setup). Attributes stay
// text in the model; these functions read and write them.
#include "common/result.hpp"
#include "sdp/session.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sdp {

enum class DtlsSetup { ActPass, Active, Passive };
const char* toString(DtlsSetup setup);
std::optional<DtlsSetup> parseSetup(std::string_view value); // holdconn is not for media

// a=fingerprint:<hash function> <hex pairs joined by colons>
struct Fingerprint {
  std::string algorithm; // lower case, "sha-256"
  std::string value;     // as written

  std::string str() const;
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};
std::optional<Fingerprint> parseFingerprint(std::string_view value);

// One side's ICE and DTLS parameters. In an AudioStream they are the peer's, and `setup`
// is the DTLS role the exchange settled for the peer (Active: it connects to us, so we are
// the DTLS server; Passive: we connect). For our own side (LocalMedia) `setup` is what we
// write: actpass in an offer, our role in an answer.
struct WebRtcParameters {
  std::string iceUfrag;
  std::string icePwd;
  Fingerprint fingerprint;
  DtlsSetup setup = DtlsSetup::ActPass;

  friend bool operator==(const WebRtcParameters&, const WebRtcParameters&) = default;
};

// Whether the section is DTLS-SRTP: UDP/TLS/RTP/SAVPF or UDP/TLS/RTP/SAVP (RFC 5764 8).
bool isDtlsSrtp(const Media& media);

// The peer's parameters for one media section, media-level attributes first, then
// session-level ones (RFC 8839 and RFC 8122 allow both). An error naming what is missing
// or malformed: a WebRTC stream without them cannot be set up.
common::Result<WebRtcParameters> readWebRtcParameters(const Session& session, const Media& media);

// Our attributes on an audio section we write for a WebRTC leg: a=mid (an answer repeats
// the offer's), a=ice-ufrag, a=ice-pwd, a=fingerprint, a=setup, one host a=candidate for
// `address`:`port` over UDP, a=end-of-candidates. a=ice-lite goes at session level
// (markIceLite).
void addWebRtcAttributes(Media& media, const WebRtcParameters& ours, std::string_view address, std::uint16_t port,
                         std::string_view mid = "0");
void markIceLite(Session& session);

// What we answer to the peer's a=setup (RFC 5763 5, RFC 8842 5.3): actpass makes us the
// active side unless `current` is a role we already hold; active makes us passive and the
// other way round.
DtlsSetup answerSetup(DtlsSetup theirs, std::optional<DtlsSetup> current);
// The other end of a settled role: Active <-> Passive.
DtlsSetup opposite(DtlsSetup setup);

} // namespace sb::sdp

#pragma once
// Our side of ICE on a WebRTC leg: a lite agent (RFC 8445 2.5), always controlled, with one
// host candidate. It only answers the browser's connectivity checks: a Binding request whose
// USERNAME is "<our ufrag>:<their ufrag>" and whose MESSAGE-INTEGRITY verifies with our
// ice-pwd gets a success response (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT), and
// its source may become where we send: the one nominated with USE-CANDIDATE, else the latest
// that passed a check. A malformed request gets 400, bad credentials 401, a peer that is
// controlled too 487 (RFC 8445 7.3.1.1); what is not a request, or has no valid FINGERPRINT,
// is dropped. Consent freshness (RFC 7675): once a check has passed, no valid check for the
// consent timeout means the peer is gone. Time comes in as arguments, so tests drive it.
#include "common/clock.hpp"
#include "media/webrtc/stun.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sb::media::webrtc {

struct IceCredentials {
  std::string ufrag;
  std::string pwd;
};

// Random ice-char strings (RFC 8839 5.4): an 8-character ufrag and a 24-character pwd,
// above the 4 and 22 the RFC asks for, from a cryptographic generator.
IceCredentials randomIceCredentials();

class IceLiteAgent {
public:
  IceLiteAgent(IceCredentials local, common::Duration consentTimeout);

  const IceCredentials& local() const { return local_; }
  // The peer's ufrag from its SDP; until it is known only our half of USERNAME is checked
  // (a browser may check before its answer reaches us).
  void setRemoteUfrag(std::string ufrag) { remoteUfrag_ = std::move(ufrag); }

  struct Outcome {
    std::optional<std::vector<std::uint8_t>> reply; // to send back to the source
    bool validCheck = false;                         // a request that passed every check
  };
  // A datagram the demultiplexer said is STUN, from `source`.
  Outcome onStun(std::span<const std::uint8_t> datagram, const SocketAddress& source, common::TimePoint now);

  // Where media goes: nullopt until a check has passed.
  const std::optional<SocketAddress>& selected() const { return selected_; }
  bool nominated() const { return nominated_; }
  // Whether a check from `source` has passed: DTLS and SRTP are taken from such sources only.
  bool isValidated(const SocketAddress& source) const;
  // Whether a peer that once passed a check has not for the consent timeout.
  bool consentExpired(common::TimePoint now) const;

private:
  Outcome error(const StunMessage& request, int code, std::string_view reason) const;

  IceCredentials local_;
  std::string remoteUfrag_;
  common::Duration consentTimeout_;
  std::optional<SocketAddress> selected_;
  bool nominated_ = false;
  std::vector<SocketAddress> validated_; // the latest few, newest last
  std::optional<common::TimePoint> lastValidCheck_;
};

} // namespace sb::media::webrtc

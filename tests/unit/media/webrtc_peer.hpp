#pragma once
// A browser as the WebRTC tests see it, built from the same parts as the engine's WebRTC
// transport, over its own UDP socket on 127.0.0.1: it sends ICE checks (as the controlling
// full agent), does its side of DTLS (client when active, server when passive), and sends
// and receives SRTP. Every wait is bounded.
#include "media/engine.hpp"
#include "media/webrtc/dtls.hpp"
#include "media/webrtc/ice_lite.hpp"
#include "media/webrtc/srtp.hpp"
#include "peer.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace sb::media::test {

class WebRtcPeer {
public:
  // `setup` is the peer's DTLS role: Active connects to the leg, Passive waits for it.
  explicit WebRtcPeer(sdp::DtlsSetup setup = sdp::DtlsSetup::Active);
  ~WebRtcPeer();
  WebRtcPeer(const WebRtcPeer&) = delete;
  WebRtcPeer& operator=(const WebRtcPeer&) = delete;

  std::uint16_t port() const { return port_; }
  // What its SDP answer would say: ICE credentials, fingerprint, DTLS role.
  sdp::WebRtcParameters parameters() const;
  // The stream the engine is configured with for this peer.
  sdp::AudioStream stream() const;

  // A Binding request to the leg (USE-CANDIDATE when `nominate`); true when an
  // authenticated success response naming our address came back in time.
  bool check(const LegAddress& leg, bool nominate = true, const std::string& password = {});
  // Drives its side of DTLS until connected or failed, at most `bound`; then SRTP is ready.
  bool handshake(const LegAddress& leg, std::chrono::milliseconds bound = 5000ms);
  webrtc::DtlsEndpoint::State dtlsState() const;

  void sendRaw(std::uint16_t toPort, std::span<const std::uint8_t> bytes);
  void sendSrtp(std::uint16_t toPort, std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t ssrc,
                std::span<const std::uint8_t> payload);
  // The next SRTP packet within `timeout`, decrypted (STUN, DTLS, RTCP skipped).
  std::optional<ReceivedRtp> receiveSrtp(std::chrono::milliseconds timeout = 3000ms);

private:
  std::optional<std::vector<std::uint8_t>> receiveDatagram(std::chrono::milliseconds timeout);

  sdp::DtlsSetup setup_;
  webrtc::IceCredentials ice_;
  std::shared_ptr<const webrtc::DtlsIdentity> identity_;
  std::unique_ptr<webrtc::DtlsEndpoint> dtls_;
  std::unique_ptr<webrtc::SrtpSession> srtpOut_;
  std::unique_ptr<webrtc::SrtpSession> srtpIn_;
  std::uint16_t legPort_ = 0; // where DTLS flights go
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

} // namespace sb::media::test

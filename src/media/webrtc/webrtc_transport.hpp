#pragma once
// A WebRTC leg's transport (a browser softphone): ICE-lite, DTLS-SRTP and RTP/RTCP all on
// one UDP socket (RFC 8829; RTCP multiplexed, RFC 5761), stacked as
//   UDP -> demultiplex by first byte (RFC 7983) -> STUN: ICE-lite answers checks
//                                               -> DTLS: handshake, then SRTP keys
//                                               -> SRTP/SRTCP: decrypted, handed to the leg
// and the other way for what the leg sends. Nothing is sent to the peer or handed to the
// leg before the DTLS handshake is done and the peer's certificate matched its SDP
// fingerprint; media goes to where ICE found the peer. A peer whose consent lapses (RFC
// 7675), or whose DTLS fails, is reported once through Receiver::onPeerGone.
// Everything here runs on the leg's media thread.
#include "media/counters.hpp"
#include "media/engine.hpp"
#include "media/port_pool.hpp"
#include "media/transport.hpp"
#include "media/webrtc/dtls.hpp"
#include "media/webrtc/ice_lite.hpp"
#include "media/webrtc/srtp.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace sb::media {

// What a WebRTC leg is opened with: our ICE credentials, the engine's certificate, and how
// long a silent peer keeps its consent.
struct WebRtcLegSetup {
  webrtc::IceCredentials ice;
  std::shared_ptr<const webrtc::DtlsIdentity> identity;
  common::Duration consentTimeout{30'000};
};

class WebRtcTransport final : public PacketTransport, public std::enable_shared_from_this<WebRtcTransport> {
public:
  WebRtcTransport(LegId id, BoundPair ports, PortPool& pool, WebRtcLegSetup setup, Counters& counters);
  ~WebRtcTransport() override;
  WebRtcTransport(const WebRtcTransport&) = delete;
  WebRtcTransport& operator=(const WebRtcTransport&) = delete;

  boost::asio::any_io_executor executor() { return socket_.get_executor(); }

  void start(Receiver& receiver) override;
  // The peer's ICE ufrag, fingerprint and DTLS role (AudioStream::webrtc). The DTLS session
  // is kept across renegotiations that leave the fingerprint and role as they were.
  void setPeer(const sdp::AudioStream& stream) override;
  bool canSend() const override;
  bool sendRtp(std::span<const std::uint8_t> packet) override;
  bool sendRtcp(std::span<const std::uint8_t> packet) override;
  void close() override;

private:
  using Endpoint = boost::asio::ip::udp::endpoint;
  void receive();
  void onDatagram(std::size_t size);
  void onStun(std::span<const std::uint8_t> datagram);
  void onDtls(std::span<const std::uint8_t> datagram);
  void onSrtp(std::size_t size, bool rtcp);
  void afterDtls();
  void scheduleTimer();
  void onTimer();
  void reportGone(const char* why);
  bool protectAndSend(std::span<const std::uint8_t> packet, bool rtcp);
  void sendToPeer(std::span<const std::uint8_t> datagram);

  LegId id_;
  PortPool& pool_;
  Counters& counters_;
  std::uint16_t rtpPort_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::socket rtcpPort_; // the pair's odd port: held, unused (rtcp-mux)
  boost::asio::steady_timer timer_;
  Receiver* receiver_ = nullptr;
  bool closed_ = false;
  bool goneReported_ = false;

  WebRtcLegSetup setup_;
  webrtc::IceLiteAgent ice_;
  std::optional<sdp::WebRtcParameters> peer_;
  std::unique_ptr<webrtc::DtlsEndpoint> dtls_;
  std::vector<std::vector<std::uint8_t>> earlyDtls_; // from a checked source before setPeer()
  std::unique_ptr<webrtc::SrtpSession> srtpOut_;
  std::unique_ptr<webrtc::SrtpSession> srtpIn_;

  alignas(8) std::array<std::uint8_t, 2048> receiveBuffer_{};
  Endpoint sender_;
  alignas(8) std::array<std::uint8_t, 2048 + webrtc::kSrtpMaxTrailer> sendBuffer_{};
};

} // namespace sb::media

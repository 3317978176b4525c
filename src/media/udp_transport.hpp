#pragma once
// Plain RTP (RTP/AVP) on a UDP port pair: RTP on the even port, RTCP on the odd one (or on
// the RTP port with rtcp-mux). Symmetric RTP with latching: after setPeer(), the first RTP
// packet from any source becomes the peer, and is where we send from then on (a phone
// behind NAT is reached where it really is); RTP from any other source is ignored. RTCP is
// taken from the peer's address. Before the first packet we send to the SDP's address.
#include "media/engine.hpp"
#include "media/port_pool.hpp"
#include "media/transport.hpp"

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <memory>
#include <optional>

namespace sb::media {

class UdpTransport final : public PacketTransport, public std::enable_shared_from_this<UdpTransport> {
public:
  UdpTransport(LegId id, BoundPair ports, PortPool& pool);
  ~UdpTransport() override;
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  std::uint16_t rtpPort() const { return rtpPort_; }
  boost::asio::any_io_executor executor() { return rtp_.get_executor(); }

  void start(Receiver& receiver) override;
  void setPeer(const sdp::AudioStream& stream) override;
  bool canSend() const override;
  bool sendRtp(std::span<const std::uint8_t> packet) override;
  bool sendRtcp(std::span<const std::uint8_t> packet) override;
  void close() override;

private:
  using Endpoint = boost::asio::ip::udp::endpoint;
  void receiveRtp();
  void receiveRtcp();
  void onRtpDatagram(std::size_t size);
  void onRtcpDatagram(std::size_t size);
  bool acceptSource(const Endpoint& sender);
  Endpoint rtcpDestination() const;

  LegId id_;
  PortPool& pool_;
  std::uint16_t rtpPort_;
  boost::asio::ip::udp::socket rtp_;
  boost::asio::ip::udp::socket rtcp_;
  Receiver* receiver_ = nullptr;
  bool closed_ = false;

  std::array<std::uint8_t, 2048> rtpBuffer_{};
  Endpoint rtpSender_;
  std::array<std::uint8_t, 2048> rtcpBuffer_{};
  Endpoint rtcpSender_;

  bool peerSet_ = false;
  bool rtcpMux_ = false;
  std::optional<Endpoint> sdpDestination_;
  std::optional<Endpoint> sdpRtcpDestination_;
  std::optional<Endpoint> latched_;
  std::optional<Endpoint> rtcpLatched_;
};

} // namespace sb::media

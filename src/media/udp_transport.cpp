#include "media/udp_transport.hpp"

#include "common/log.hpp"
#include "rtp/demux.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>

namespace sb::media {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

std::optional<udp::endpoint> endpointOf(const std::string& address, std::uint16_t port) {
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec || port == 0) return std::nullopt;
  return udp::endpoint(ip, port);
}

} // namespace

UdpTransport::UdpTransport(LegId id, BoundPair ports, PortPool& pool)
    : id_(id), pool_(pool), rtpPort_(ports.rtpPort), rtp_(std::move(ports.rtp)), rtcp_(std::move(ports.rtcp)) {}

UdpTransport::~UdpTransport() { close(); }

void UdpTransport::start(Receiver& receiver) {
  receiver_ = &receiver;
  receiveRtp();
  receiveRtcp();
}

void UdpTransport::receiveRtp() {
  rtp_.async_receive_from(asio::buffer(rtpBuffer_), rtpSender_,
                          [weak = weak_from_this()](boost::system::error_code ec, std::size_t n) {
                            auto self = weak.lock();
                            if (!self || self->closed_ || ec == asio::error::operation_aborted) return;
                            if (!ec) self->onRtpDatagram(n);
                            if (!self->closed_) self->receiveRtp();
                          });
}

void UdpTransport::receiveRtcp() {
  rtcp_.async_receive_from(asio::buffer(rtcpBuffer_), rtcpSender_,
                           [weak = weak_from_this()](boost::system::error_code ec, std::size_t n) {
                             auto self = weak.lock();
                             if (!self || self->closed_ || ec == asio::error::operation_aborted) return;
                             if (!ec) self->onRtcpDatagram(n);
                             if (!self->closed_) self->receiveRtcp();
                           });
}

void UdpTransport::setPeer(const sdp::AudioStream& stream) {
  peerSet_ = true;
  rtcpMux_ = stream.rtcpMux;
  sdpDestination_ = endpointOf(stream.remoteAddress, stream.remoteRtpPort);
  sdpRtcpDestination_ =
      stream.rtcpMux ? sdpDestination_
                     : endpointOf(stream.remoteRtcpAddress.empty() ? stream.remoteAddress : stream.remoteRtcpAddress,
                                  stream.remoteRtcpPort);
  latched_.reset();
  rtcpLatched_.reset();
}

bool UdpTransport::acceptSource(const udp::endpoint& sender) {
  // Nothing can be sent back to port 0 (a packet forged on a raw socket, e.g. a replayed
  // capture): it is heard, but the leg keeps sending where the SDP said until a real peer.
  if (!latched_ && sender.port() == 0) return true;
  if (!latched_) {
    latched_ = sender;
    SB_LOG_DEBUG("media: leg {} latched to {}:{}", id_, sender.address().to_string(), sender.port());
  }
  return *latched_ == sender;
}

void UdpTransport::onRtpDatagram(std::size_t size) {
  const auto datagram = std::span<const std::uint8_t>(rtpBuffer_).first(size);
  if (!peerSet_) {
    receiver_->onIgnored();
    return;
  }
  const auto kind = rtp::classifyPacket(datagram);
  if (kind == rtp::PacketKind::Rtcp && rtcpMux_) {
    receiver_->onRtcpFromPeer(datagram);
    return;
  }
  if (kind != rtp::PacketKind::Rtp || !acceptSource(rtpSender_)) {
    receiver_->onIgnored();
    return;
  }
  receiver_->onRtpFromPeer(datagram);
}

// RTCP comes from the peer's RTP address (another port, maybe); from anywhere else it is
// ignored like stray RTP.
void UdpTransport::onRtcpDatagram(std::size_t size) {
  const bool fromPeer = peerSet_ && (!latched_ || latched_->address() == rtcpSender_.address());
  if (!fromPeer) {
    receiver_->onIgnored();
    return;
  }
  rtcpLatched_ = rtcpSender_;
  receiver_->onRtcpFromPeer(std::span<const std::uint8_t>(rtcpBuffer_).first(size));
}

bool UdpTransport::canSend() const {
  return !closed_ && sdpDestination_ && !sdpDestination_->address().is_unspecified();
}

// Symmetric RTP: once the peer's packets have arrived, they say where it really is.
bool UdpTransport::sendRtp(std::span<const std::uint8_t> packet) {
  if (!canSend()) return false;
  boost::system::error_code ec;
  rtp_.send_to(asio::buffer(packet.data(), packet.size()), latched_ ? *latched_ : *sdpDestination_, 0, ec);
  if (ec) SB_LOG_DEBUG("media: leg {} send failed: {}", id_, ec.message());
  return !ec;
}

udp::endpoint UdpTransport::rtcpDestination() const {
  if (rtcpLatched_) return *rtcpLatched_;
  if (rtcpMux_ && latched_) return *latched_;
  return sdpRtcpDestination_ ? *sdpRtcpDestination_ : udp::endpoint{};
}

bool UdpTransport::sendRtcp(std::span<const std::uint8_t> packet) {
  if (!canSend()) return false;
  const auto to = rtcpDestination();
  if (to.port() == 0 || to.address().is_unspecified()) return false;
  boost::system::error_code ec;
  (rtcpMux_ ? rtp_ : rtcp_).send_to(asio::buffer(packet.data(), packet.size()), to, 0, ec);
  return !ec;
}

void UdpTransport::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  rtp_.close(ignored);
  rtcp_.close(ignored);
  pool_.release(rtpPort_);
}

} // namespace sb::media

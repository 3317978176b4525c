#include "webrtc_peer.hpp"

#include "rtp/demux.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace sb::media::test {

using namespace webrtc;

WebRtcPeer::WebRtcPeer(sdp::DtlsSetup setup) : setup_(setup), ice_(randomIceCredentials()) {
  auto made = DtlsIdentity::generate();
  if (!made) throw std::runtime_error("peer certificate: " + made.error().message);
  identity_ = *made;
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("peer socket");
  socklen_t length = sizeof address;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

WebRtcPeer::~WebRtcPeer() {
  if (fd_ >= 0) ::close(fd_);
}

sdp::WebRtcParameters WebRtcPeer::parameters() const {
  return sdp::WebRtcParameters{ice_.ufrag, ice_.pwd, sdp::Fingerprint{"sha-256", identity_->fingerprint()}, setup_};
}

sdp::AudioStream WebRtcPeer::stream() const {
  sdp::AudioStream stream = streamTo(port_);
  stream.rtcpMux = true;
  stream.remoteRtcpPort = port_;
  stream.webrtc = parameters();
  return stream;
}

void WebRtcPeer::sendRaw(std::uint16_t toPort, std::span<const std::uint8_t> bytes) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(toPort);
  ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

std::optional<std::vector<std::uint8_t>> WebRtcPeer::receiveDatagram(std::chrono::milliseconds timeout) {
  pollfd waitFor{fd_, POLLIN, 0};
  if (::poll(&waitFor, 1, static_cast<int>(std::max<long>(timeout.count(), 0))) <= 0) return std::nullopt;
  std::array<std::uint8_t, 2048> buffer{};
  const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (n <= 0) return std::nullopt;
  return std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n);
}

bool WebRtcPeer::check(const LegAddress& leg, bool nominate, const std::string& password) {
  if (!leg.webrtc) return false;
  TransactionId id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(i + port_);
  StunWriter request(kStunBinding, StunClass::Request, id);
  request.addText(stun_attribute::kUsername, leg.webrtc->iceUfrag + ":" + ice_.ufrag);
  request.addUint32(stun_attribute::kPriority, 1853824767);
  request.addUint64(stun_attribute::kIceControlling, 0x1234);
  if (nominate) request.addFlag(stun_attribute::kUseCandidate);
  request.addMessageIntegrity(password.empty() ? leg.webrtc->icePwd : password);
  request.addFingerprint();
  sendRaw(leg.rtpPort, request.bytes());
  const auto deadline = std::chrono::steady_clock::now() + 3000ms;
  while (std::chrono::steady_clock::now() < deadline) {
    auto datagram = receiveDatagram(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!datagram) return false;
    auto reply = parseStun(*datagram);
    if (!reply || reply->transactionId != id) continue;
    return reply->messageClass == StunClass::Success &&
           checkIntegrity(*reply, leg.webrtc->icePwd) == Integrity::Valid && hasValidFingerprint(*reply) &&
           reply->xorMappedAddress() &&
           reply->xorMappedAddress()->port() == port_;
  }
  return false;
}

bool WebRtcPeer::handshake(const LegAddress& leg, std::chrono::milliseconds bound) {
  if (!leg.webrtc) return false;
  legPort_ = leg.rtpPort;
  const auto role = setup_ == sdp::DtlsSetup::Passive ? DtlsRole::Server : DtlsRole::Client;
  dtls_ = std::make_unique<DtlsEndpoint>(identity_, role, DtlsPeerFingerprint{"sha-256", leg.webrtc->fingerprint.value},
                                         [this](std::span<const std::uint8_t> d) { sendRaw(legPort_, d); });
  dtls_->start();
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (dtls_->state() == DtlsEndpoint::State::Handshaking && std::chrono::steady_clock::now() < deadline) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (auto due = dtls_->timeout()) wait = std::min(wait, std::max(*due, 1ms));
    auto datagram = receiveDatagram(wait);
    if (!datagram) {
      if (auto due = dtls_->timeout(); due && due->count() == 0) dtls_->onTimeout();
      continue;
    }
    if (rtp::classifyPacket(*datagram) == rtp::PacketKind::Dtls) dtls_->receive(*datagram);
  }
  if (dtls_->state() != DtlsEndpoint::State::Connected) return false;
  const SrtpKeys& keys = *dtls_->keys();
  auto out = SrtpSession::create(keys.profile, keys.local, SrtpSession::Direction::Outbound);
  auto in = SrtpSession::create(keys.profile, keys.remote, SrtpSession::Direction::Inbound);
  if (!out || !in) return false;
  srtpOut_ = std::move(out).value();
  srtpIn_ = std::move(in).value();
  return true;
}

DtlsEndpoint::State WebRtcPeer::dtlsState() const {
  return dtls_ ? dtls_->state() : DtlsEndpoint::State::Handshaking;
}

void WebRtcPeer::sendSrtp(std::uint16_t toPort, std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t ssrc,
                          std::span<const std::uint8_t> payload) {
  if (!srtpOut_) return;
  rtp::RtpPacket packet;
  packet.payloadType = 0;
  packet.sequence = sequence;
  packet.timestamp = timestamp;
  packet.ssrc = ssrc;
  packet.payload = payload;
  std::array<std::uint8_t, 1500> buffer{};
  auto written = rtp::writeRtp(packet, buffer);
  if (!written) return;
  auto size = srtpOut_->protectRtp(buffer, *written);
  if (size) sendRaw(toPort, std::span(buffer).first(*size));
}

std::optional<ReceivedRtp> WebRtcPeer::receiveSrtp(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (srtpIn_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto datagram = receiveDatagram(left);
    if (!datagram) return std::nullopt;
    if (rtp::classifyPacket(*datagram) != rtp::PacketKind::Rtp) continue;
    auto size = srtpIn_->unprotectRtp(*datagram, datagram->size());
    if (!size) continue;
    auto packet = rtp::parseRtp(std::span(*datagram).first(*size));
    if (!packet) continue;
    return ReceivedRtp{packet->marker, packet->payloadType, packet->sequence, packet->timestamp, packet->ssrc,
                       std::vector<std::uint8_t>(packet->payload.begin(), packet->payload.end())};
  }
  return std::nullopt;
}

} // namespace sb::media::test

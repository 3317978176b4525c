#include "media/webrtc/webrtc_transport.hpp"

#include "common/log.hpp"
#include "media/leg.hpp"
#include "rtp/demux.hpp"

#include <boost/asio/buffer.hpp>

#include <algorithm>

namespace sb::media {

namespace asio = boost::asio;

namespace {
// Consent is looked at this often; DTLS retransmissions are due sooner during a handshake.
constexpr std::chrono::milliseconds kCheckInterval{250};
// A browser may start DTLS before its SDP answer reaches us: its first flights are kept.
constexpr std::size_t kMaxEarlyDtls = 8;

webrtc::DtlsRole ourRole(const sdp::WebRtcParameters& peer) {
  // The peer's settled role is active (it connects: we serve) or passive (we connect).
  return peer.setup == sdp::DtlsSetup::Passive ? webrtc::DtlsRole::Client : webrtc::DtlsRole::Server;
}
} // namespace

WebRtcTransport::WebRtcTransport(LegId id, BoundPair ports, PortPool& pool, WebRtcLegSetup setup, Counters& counters)
    : id_(id), pool_(pool), counters_(counters), rtpPort_(ports.rtpPort), socket_(std::move(ports.rtp)),
      rtcpPort_(std::move(ports.rtcp)), timer_(socket_.get_executor()), setup_(std::move(setup)),
      ice_(setup_.ice, setup_.consentTimeout) {}

WebRtcTransport::~WebRtcTransport() { close(); }

void WebRtcTransport::start(Receiver& receiver) {
  receiver_ = &receiver;
  receive();
  scheduleTimer();
}

void WebRtcTransport::receive() {
  socket_.async_receive_from(asio::buffer(receiveBuffer_), sender_,
                             [weak = weak_from_this()](boost::system::error_code ec, std::size_t n) {
                               auto self = weak.lock();
                               if (!self || self->closed_ || ec == asio::error::operation_aborted) return;
                               if (!ec) self->onDatagram(n);
                               if (!self->closed_) self->receive();
                             });
}

void WebRtcTransport::setPeer(const sdp::AudioStream& stream) {
  if (!stream.webrtc) {
    SB_LOG_ERROR("media: WebRTC leg {} configured without ICE and DTLS parameters", id_);
    return;
  }
  const sdp::WebRtcParameters& peer = *stream.webrtc;
  ice_.setRemoteUfrag(peer.iceUfrag);
  const bool sameDtls = peer_ && dtls_ && peer_->fingerprint == peer.fingerprint && ourRole(*peer_) == ourRole(peer);
  peer_ = peer;
  if (sameDtls) return;
  srtpIn_.reset();
  srtpOut_.reset();
  dtls_ = std::make_unique<webrtc::DtlsEndpoint>(
      setup_.identity, ourRole(peer), webrtc::DtlsPeerFingerprint{peer.fingerprint.algorithm, peer.fingerprint.value},
      [this](std::span<const std::uint8_t> datagram) { sendToPeer(datagram); });
  if (dtls_->role() == webrtc::DtlsRole::Client && ice_.selected()) dtls_->start();
  auto early = std::move(earlyDtls_);
  earlyDtls_.clear();
  for (const auto& datagram : early)
    dtls_->receive(datagram);
  afterDtls();
}

void WebRtcTransport::onDatagram(std::size_t size) {
  const auto datagram = std::span<const std::uint8_t>(receiveBuffer_).first(size);
  switch (rtp::classifyPacket(datagram)) {
  case rtp::PacketKind::Stun:
    onStun(datagram);
    return;
  case rtp::PacketKind::Dtls:
    onDtls(datagram);
    return;
  case rtp::PacketKind::Rtp:
    onSrtp(size, false);
    return;
  case rtp::PacketKind::Rtcp:
    onSrtp(size, true);
    return;
  case rtp::PacketKind::Unknown:
    break;
  }
  receiver_->onIgnored();
}

void WebRtcTransport::onStun(std::span<const std::uint8_t> datagram) {
  const auto outcome = ice_.onStun(datagram, sender_, steadyNow());
  if (outcome.reply) {
    boost::system::error_code ec;
    socket_.send_to(asio::buffer(*outcome.reply), sender_, 0, ec);
  }
  if (!outcome.validCheck) {
    if (!outcome.reply) receiver_->onIgnored();
    return;
  }
  // Our first check passed: a DTLS client may now say hello.
  if (dtls_ && dtls_->role() == webrtc::DtlsRole::Client && dtls_->state() == webrtc::DtlsEndpoint::State::Handshaking) {
    dtls_->start();
    afterDtls();
  }
}

void WebRtcTransport::onDtls(std::span<const std::uint8_t> datagram) {
  if (!ice_.isValidated(sender_)) {
    receiver_->onIgnored();
    return;
  }
  if (!dtls_) {
    if (earlyDtls_.size() < kMaxEarlyDtls) earlyDtls_.emplace_back(datagram.begin(), datagram.end());
    return;
  }
  dtls_->receive(datagram);
  afterDtls();
}

void WebRtcTransport::onSrtp(std::size_t size, bool rtcp) {
  if (!srtpIn_ || !ice_.isValidated(sender_)) {
    receiver_->onIgnored();
    return;
  }
  const std::span<std::uint8_t> buffer(receiveBuffer_);
  const auto clear = rtcp ? srtpIn_->unprotectRtcp(buffer, size) : srtpIn_->unprotectRtp(buffer, size);
  if (!clear) {
    receiver_->onIgnored();
    return;
  }
  const auto packet = std::span<const std::uint8_t>(receiveBuffer_).first(*clear);
  if (rtcp) {
    receiver_->onRtcpFromPeer(packet);
  } else {
    receiver_->onRtpFromPeer(packet);
  }
}

// After anything that may have moved the handshake on: keys once it is done, the end of
// the leg's media when it failed, and the retransmission timer.
void WebRtcTransport::afterDtls() {
  if (!dtls_) return;
  using State = webrtc::DtlsEndpoint::State;
  if (dtls_->state() == State::Connected && !srtpOut_ && dtls_->keys()) {
    const webrtc::SrtpKeys& keys = *dtls_->keys();
    auto out = webrtc::SrtpSession::create(keys.profile, keys.local, webrtc::SrtpSession::Direction::Outbound);
    auto in = webrtc::SrtpSession::create(keys.profile, keys.remote, webrtc::SrtpSession::Direction::Inbound);
    if (!out || !in) {
      SB_LOG_ERROR("media: WebRTC leg {}: no SRTP session: {}", id_, (!out ? out : in).error().message);
      counters_.webrtcFailures.fetch_add(1, std::memory_order_relaxed);
      reportGone("no SRTP session");
      return;
    }
    srtpOut_ = std::move(out).value();
    srtpIn_ = std::move(in).value();
    SB_LOG_INFO("media: WebRTC leg {}: DTLS-SRTP established as {}", id_,
                dtls_->role() == webrtc::DtlsRole::Client ? "client" : "server");
  } else if (dtls_->state() == State::Failed && !goneReported_) {
    SB_LOG_WARN("media: WebRTC leg {}: {}", id_, dtls_->failure());
    counters_.webrtcFailures.fetch_add(1, std::memory_order_relaxed);
    reportGone("DTLS failed");
  }
  scheduleTimer();
}

void WebRtcTransport::scheduleTimer() {
  if (closed_) return;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(kCheckInterval);
  if (dtls_) {
    if (auto due = dtls_->timeout()) delay = std::min(delay, std::max(*due, std::chrono::milliseconds{1}));
  }
  timer_.expires_after(delay);
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self || self->closed_ || ec) return;
    self->onTimer();
  });
}

void WebRtcTransport::onTimer() {
  if (dtls_) {
    if (auto due = dtls_->timeout(); due && due->count() == 0) dtls_->onTimeout();
  }
  if (ice_.consentExpired(steadyNow())) reportGone("ICE consent expired");
  afterDtls();
  if (!dtls_) scheduleTimer();
}

void WebRtcTransport::reportGone(const char* why) {
  if (goneReported_) return;
  goneReported_ = true;
  SB_LOG_WARN("media: WebRTC leg {}: the peer is gone ({})", id_, why);
  receiver_->onPeerGone();
}

bool WebRtcTransport::canSend() const {
  return !closed_ && srtpOut_ && ice_.selected() && !goneReported_;
}

bool WebRtcTransport::sendRtp(std::span<const std::uint8_t> packet) { return protectAndSend(packet, false); }

bool WebRtcTransport::sendRtcp(std::span<const std::uint8_t> packet) { return protectAndSend(packet, true); }

bool WebRtcTransport::protectAndSend(std::span<const std::uint8_t> packet, bool rtcp) {
  if (!canSend() || packet.size() > sendBuffer_.size() - webrtc::kSrtpMaxTrailer) return false;
  std::copy(packet.begin(), packet.end(), sendBuffer_.begin());
  const auto size = rtcp ? srtpOut_->protectRtcp(sendBuffer_, packet.size()) : srtpOut_->protectRtp(sendBuffer_, packet.size());
  if (!size) return false;
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(sendBuffer_.data(), *size), *ice_.selected(), 0, ec);
  if (ec) SB_LOG_DEBUG("media: WebRTC leg {} send failed: {}", id_, ec.message());
  return !ec;
}

// DTLS flights go to where ICE found the peer; before a check has passed there is nowhere.
void WebRtcTransport::sendToPeer(std::span<const std::uint8_t> datagram) {
  if (closed_ || !ice_.selected()) return;
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(datagram.data(), datagram.size()), *ice_.selected(), 0, ec);
}

void WebRtcTransport::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  dtls_.reset();
  srtpIn_.reset();
  srtpOut_.reset();
  boost::system::error_code ignored;
  socket_.close(ignored);
  rtcpPort_.close(ignored);
  pool_.release(rtpPort_);
}

} // namespace sb::media

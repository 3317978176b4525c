#include "media/leg.hpp"

#include "common/log.hpp"
#include "media/call_recording.hpp"
#include "rtp/demux.hpp"
#include "rtp/sequence.hpp"


namespace sb::media {

namespace asio = boost::asio;

common::TimePoint steadyNow() {
  return std::chrono::time_point_cast<common::Duration>(std::chrono::steady_clock::now());
}

namespace {

constexpr int kMaxSkippedPackets = 10;

std::uint32_t randomSsrc(std::mt19937& random) {
  return static_cast<std::uint32_t>(random());
}

} // namespace

Leg::Leg(LegId id, std::shared_ptr<PacketTransport> transport, asio::any_io_executor executor, LegContext context)
    : id_(id), context_(context), transport_(std::move(transport)), telephoneEvents_(*this),
      random_(std::random_device{}()), ssrc_(randomSsrc(random_)),
      rewriter_(ssrc_, static_cast<std::uint16_t>(random_()), static_cast<std::uint32_t>(random_()), 8000),
      playTimer_(std::move(executor)) {}

Leg::~Leg() {
  close();
}

void Leg::start() { transport_->start(*this); }

void Leg::onIgnored() { context_.counters.packetsIgnored.fetch_add(1, std::memory_order_relaxed); }

// Reported like a peer gone silent, once until the next configure() or bridge.
void Leg::onPeerGone() {
  if (closed_ || timeoutReported_) return;
  timeoutReported_ = true;
  context_.events.onMediaTimeout(id_);
}

void Leg::onRtcpFromPeer(std::span<const std::uint8_t> datagram) { onRtcp(datagram); }

void Leg::configure(const sdp::AudioStream& stream) {
  configured_ = true;
  stream_ = stream;
  format_ = formatOf(stream);
  transport_->setPeer(stream);
  lastRtp_ = steadyNow();
  timeoutReported_ = false;
  relay_.setTarget(format_);
  receiveStats_.reset();
}

void Leg::setPartner(Leg* partner) {
  partner_ = partner;
  relay_.reset();
  rewriter_.switchSource();
  if (partner != nullptr) {
    // A caller may send nothing while the call rings: the silence clock starts again when
    // the call is connected, and a timeout that went unheeded while ringing can come again.
    lastRtp_ = steadyNow();
    timeoutReported_ = false;
  }
}

void Leg::onRtpFromPeer(std::span<const std::uint8_t> datagram) {
  if (!configured_) {
    onIgnored();
    return;
  }
  auto packet = rtp::parseRtp(datagram);
  if (!packet) {
    onIgnored();
    return;
  }
  context_.counters.packetsReceived.fetch_add(1, std::memory_order_relaxed);
  onRtp(*packet, steadyNow());
}

void Leg::onRtp(const rtp::RtpPacket& packet, common::TimePoint now) {
  lastRtp_ = now;
  if (!receiveStats_ || packet.ssrc != peerSsrc_) receiveStats_.emplace(format_.clockRate);
  peerSsrc_ = packet.ssrc;
  receiveStats_->onPacket(
      packet.sequence, packet.timestamp,
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()));
  if (packet.payloadType == format_.payloadType) {
    onPeerAudio(packet, now);
  } else if (format_.telephoneEventType && packet.payloadType == *format_.telephoneEventType) {
    telephoneEvents_.onPacket(packet);
    if (partner_) partner_->relayEventFrom(packet, now);
  }
  // Anything else (comfort noise, a codec not negotiated) goes no further.
}

void Leg::onPeerAudio(const rtp::RtpPacket& packet, common::TimePoint now) {
  if (format_.decodable()) {
    decodePayload(format_.codec, packet.payload, decoded_);
    if (!format_.telephoneEventType) detectInBand(packet);
    if (peerRecording_ && peerRecording_->add(decoded_)) stopRecordingPeer(RecordingEnd::MaxLength);
    if (callRecording_) callRecording_->add(id_, packet.ssrc, packet.timestamp, decoded_, now);
  }
  if (partner_) partner_->relayAudioFrom(format_, packet, now);
}

// A few lost packets are skipped over so the detector's timing stays right; a longer gap or
// a reordered packet is just fed as it comes.
void Leg::detectInBand(const rtp::RtpPacket& packet) {
  if (lastAudioSequence_ && packet.ssrc == lastAudioSsrc_) {
    const int lost = rtp::sequenceDistance(packet.sequence, *lastAudioSequence_) - 1;
    if (lost > 0 && lost <= kMaxSkippedPackets)
      inBand_.skip(decoded_.size() * static_cast<std::size_t>(lost));
  }
  if (!lastAudioSequence_ || packet.ssrc != lastAudioSsrc_ ||
      rtp::sequenceNewer(packet.sequence, *lastAudioSequence_)) {
    lastAudioSequence_ = packet.sequence;
    lastAudioSsrc_ = packet.ssrc;
  }
  inBand_.feed(decoded_);
  while (auto digit = inBand_.nextDigit())
    reportDigit(*digit, DigitSource::InBand);
}

void Leg::onKeyPress(char key, std::uint32_t /*timestamp*/) {
  reportDigit(key, DigitSource::Rfc4733);
}

void Leg::reportDigit(char key, DigitSource source) {
  context_.events.onDigit(id_, key, source);
  if (peerRecording_ && peerRecording_->stopsOn(key)) {
    // An in-band '#' is in the audio: the held-back 100 ms that carry it are left out.
    auto result = peerRecording_->finish(RecordingEnd::Pound, source == DigitSource::InBand);
    peerRecording_.reset();
    context_.events.onLegRecordingFinished(id_, result);
  }
}

void Leg::relayAudioFrom(const LegFormat& from, const rtp::RtpPacket& packet,
                         common::TimePoint now) {
  if (playback_ || !configured_) return; // a prompt has the leg
  for (const RelayedFrame& frame : relay_.relayAudio(from, packet))
    sendFrame(frame, now);
}

void Leg::relayEventFrom(const rtp::RtpPacket& packet, common::TimePoint now) {
  if (playback_ || !configured_) return;
  for (const RelayedFrame& frame : relay_.relayEvent(packet))
    sendFrame(frame, now);
}

bool Leg::canSend() const {
  if (!configured_ || closed_ || !sdp::sends(stream_.direction) || stream_.onHold) return false;
  return transport_->canSend();
}

void Leg::sendFrame(const RelayedFrame& frame, common::TimePoint now) {
  if (!canSend()) return;
  const auto out = rewriter_.map(frame.ssrc, frame.sequence, frame.timestamp, frame.marker, now);
  if (!out) return;
  rtp::RtpPacket packet;
  packet.marker = out->marker;
  packet.payloadType = frame.payloadType;
  packet.sequence = out->sequence;
  packet.timestamp = out->timestamp;
  packet.ssrc = out->ssrc;
  packet.payload = frame.payload;
  const auto written = rtp::writeRtp(packet, sendBuffer_);
  if (!written) return;
  if (!transport_->sendRtp(std::span<const std::uint8_t>(sendBuffer_).first(*written))) return;
  context_.counters.packetsSent.fetch_add(1, std::memory_order_relaxed);
  ++packetsSent_;
  octetsSent_ += static_cast<std::uint32_t>(frame.payload.size());
  lastTimestampSent_ = out->timestamp;
}

void Leg::close() {
  if (closed_) return;
  stopRecordingPeer(RecordingEnd::Hangup);
  playback_.reset();
  ++playGeneration_;
  playTimer_.cancel();
  closed_ = true;
  transport_->close();
  context_.counters.legsOpen.fetch_sub(1);
}

} // namespace sb::media

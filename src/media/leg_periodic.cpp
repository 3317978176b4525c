// Leg: the voicemail recording of the peer, and the periodic check (recordings, media
// timeout, RTCP reports).
#include "media/leg.hpp"
#include "rtp/rtcp_packet.hpp"
#include "rtp/rtcp_reports.hpp"

namespace sb::media {

namespace {
constexpr common::Duration kRtcpInterval{5000};
}

void Leg::recordPeer(std::filesystem::path wav, common::Duration maxLength, bool stopOnPound) {
  if (closed_) return;
  stopRecordingPeer(RecordingEnd::Closed);
  auto recording =
      std::make_unique<LegRecording>(std::move(wav), maxLength, stopOnPound, steadyNow());
  if (!recording->open()) {
    context_.events.onLegRecordingFinished(id_, recording->finish(RecordingEnd::Failed, false));
    return;
  }
  peerRecording_ = std::move(recording);
}

void Leg::stopRecordingPeer(RecordingEnd end) {
  if (!peerRecording_) return;
  auto recording = std::move(peerRecording_);
  context_.events.onLegRecordingFinished(id_, recording->finish(end, false));
}

void Leg::tick(common::TimePoint now, common::Duration mediaTimeout) {
  if (closed_) return;
  if (peerRecording_) {
    if (peerRecording_->overdue(now)) {
      stopRecordingPeer(RecordingEnd::MaxLength);
    } else {
      peerRecording_->tick(now);
    }
  }
  if (configured_ && now - lastReport_ >= kRtcpInterval) {
    lastReport_ = now;
    sendRtcpReport(now);
  }
  if (!configured_ || mediaTimeout.count() <= 0 || timeoutReported_) return;
  // The silence clock only runs while the peer is expected to send.
  if (!sdp::receives(stream_.direction) || stream_.onHold) {
    lastRtp_ = now;
    return;
  }
  if (now - lastRtp_ >= mediaTimeout) {
    timeoutReported_ = true;
    context_.events.onMediaTimeout(id_);
  }
}

void Leg::onRtcp(std::span<const std::uint8_t> datagram) {
  auto compound = rtp::parseRtcpCompound(datagram);
  if (!compound) {
    context_.counters.packetsIgnored.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  ++rtcpReceived_;
  for (const rtp::RtcpPacket& packet : *compound) {
    if (packet.type != static_cast<std::uint8_t>(rtp::RtcpType::SenderReport)) continue;
    auto report = rtp::parseSenderReport(packet);
    if (report && receiveStats_ && report->ssrc == peerSsrc_) {
      receiveStats_->onSenderReport(
          report->sender.ntpTimestamp,
          std::chrono::duration_cast<std::chrono::microseconds>(steadyNow().time_since_epoch()));
    }
  }
}

// An SR when this leg has sent since the last report, else an RR; with a report block for
// the peer's stream once it is valid.
void Leg::sendRtcpReport(common::TimePoint now) {
  if (!canSend()) return;
  std::vector<rtp::ReportBlock> blocks;
  if (receiveStats_ && receiveStats_->valid()) {
    blocks.push_back(receiveStats_->makeReportBlock(
        peerSsrc_, std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch())));
  }
  std::array<std::uint8_t, 512> buffer{};
  const std::uint32_t ssrc = ssrc_;
  auto written =
      packetsSent_ > 0
          ? rtp::writeSenderReport(
                ssrc,
                rtp::SenderInfo{rtp::toNtpTimestamp(std::chrono::time_point_cast<common::Duration>(
                                    std::chrono::system_clock::now())),
                                lastTimestampSent_, packetsSent_, octetsSent_},
                blocks, buffer)
          : rtp::writeReceiverReport(ssrc, blocks, buffer);
  if (!written) return;
  transport_->sendRtcp(std::span<const std::uint8_t>(buffer).first(*written));
}

} // namespace sb::media

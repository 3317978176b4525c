#include "rtp/rtcp_reports.hpp"

#include "rtp/bytes.hpp"

#include <algorithm>

namespace sb::rtp {

using bytes::packetError;

namespace {

constexpr std::size_t kSenderInfoSize = 20;
constexpr std::int32_t kMaxCumulativeLost = 0x7FFFFF;
constexpr std::int32_t kMinCumulativeLost = -0x800000;

std::int32_t signExtend24(std::uint32_t v) {
  return (v & 0x800000) != 0 ? static_cast<std::int32_t>(v) - 0x1000000
                             : static_cast<std::int32_t>(v);
}

// The body after `fixed` bytes: `count` report blocks, then the profile extension.
common::Result<std::span<const std::uint8_t>> reportBlockBytes(const RtcpPacket& packet,
                                                               std::size_t fixed) {
  const std::size_t need = fixed + packet.count * kReportBlockSize;
  if (packet.body.size() < need) return packetError("rtcp report");
  return packet.body.subspan(fixed, packet.count * kReportBlockSize);
}

void writeReportBlock(const ReportBlock& block, std::span<std::uint8_t> out) {
  bytes::writeU32(out, 0, block.ssrc);
  out[4] = block.fractionLost;
  const std::int32_t lost =
      std::clamp(block.cumulativeLost, kMinCumulativeLost, kMaxCumulativeLost);
  bytes::writeU24(out, 5, static_cast<std::uint32_t>(lost) & 0xFFFFFF);
  bytes::writeU32(out, 8, block.extendedHighestSequence);
  bytes::writeU32(out, 12, block.jitter);
  bytes::writeU32(out, 16, block.lastSenderReport);
  bytes::writeU32(out, 20, block.delaySinceLastSenderReport);
}

// Writes the common header, the reporter's SSRC and the blocks around a fixed part that
// the caller fills in between (the sender info of an SR).
common::Result<std::size_t> writeReport(RtcpType type, std::uint32_t ssrc, std::size_t fixed,
                                        std::span<const ReportBlock> reports,
                                        std::span<std::uint8_t> out) {
  if (reports.size() > kMaxReportBlocks) return packetError("rtcp blocks");
  const std::size_t size = kRtcpHeaderSize + 4 + fixed + reports.size() * kReportBlockSize;
  if (out.size() < size) return packetError("rtcp no room");
  out[0] = static_cast<std::uint8_t>(0x80 | reports.size());
  out[1] = static_cast<std::uint8_t>(type);
  bytes::writeU16(out, 2, static_cast<std::uint16_t>(size / 4 - 1));
  bytes::writeU32(out, 4, ssrc);
  std::size_t at = kRtcpHeaderSize + 4 + fixed;
  for (const ReportBlock& block : reports) {
    writeReportBlock(block, out.subspan(at, kReportBlockSize));
    at += kReportBlockSize;
  }
  return size;
}

} // namespace

ReportBlock ReportBlocks::operator[](std::size_t index) const {
  const auto b = bytes_.subspan(index * kReportBlockSize, kReportBlockSize);
  return ReportBlock{bytes::readU32(b, 0),
                     b[4],
                     signExtend24(bytes::readU24(b, 5)),
                     bytes::readU32(b, 8),
                     bytes::readU32(b, 12),
                     bytes::readU32(b, 16),
                     bytes::readU32(b, 20)};
}

common::Result<SenderReport> parseSenderReport(const RtcpPacket& packet) {
  if (packet.type != static_cast<std::uint8_t>(RtcpType::SenderReport)) {
    return packetError("rtcp not sr");
  }
  auto blocks = reportBlockBytes(packet, 4 + kSenderInfoSize);
  if (!blocks) return blocks.error();
  const auto& b = packet.body;
  SenderReport sr;
  sr.ssrc = bytes::readU32(b, 0);
  sr.sender.ntpTimestamp = (std::uint64_t{bytes::readU32(b, 4)} << 32) | bytes::readU32(b, 8);
  sr.sender.rtpTimestamp = bytes::readU32(b, 12);
  sr.sender.packetCount = bytes::readU32(b, 16);
  sr.sender.octetCount = bytes::readU32(b, 20);
  sr.reports = ReportBlocks(*blocks);
  sr.profileExtension = b.subspan(4 + kSenderInfoSize + blocks->size());
  return sr;
}

common::Result<ReceiverReport> parseReceiverReport(const RtcpPacket& packet) {
  if (packet.type != static_cast<std::uint8_t>(RtcpType::ReceiverReport)) {
    return packetError("rtcp not rr");
  }
  auto blocks = reportBlockBytes(packet, 4);
  if (!blocks) return blocks.error();
  ReceiverReport rr;
  rr.ssrc = bytes::readU32(packet.body, 0);
  rr.reports = ReportBlocks(*blocks);
  rr.profileExtension = packet.body.subspan(4 + blocks->size());
  return rr;
}

common::Result<std::size_t> writeSenderReport(std::uint32_t ssrc, const SenderInfo& sender,
                                              std::span<const ReportBlock> reports,
                                              std::span<std::uint8_t> out) {
  auto written = writeReport(RtcpType::SenderReport, ssrc, kSenderInfoSize, reports, out);
  if (!written) return written;
  bytes::writeU32(out, 8, static_cast<std::uint32_t>(sender.ntpTimestamp >> 32));
  bytes::writeU32(out, 12, static_cast<std::uint32_t>(sender.ntpTimestamp));
  bytes::writeU32(out, 16, sender.rtpTimestamp);
  bytes::writeU32(out, 20, sender.packetCount);
  bytes::writeU32(out, 24, sender.octetCount);
  return written;
}

common::Result<std::size_t> writeReceiverReport(std::uint32_t ssrc,
                                                std::span<const ReportBlock> reports,
                                                std::span<std::uint8_t> out) {
  return writeReport(RtcpType::ReceiverReport, ssrc, 0, reports, out);
}

std::uint64_t toNtpTimestamp(common::WallTime time) {
  // NTP counts from 1900-01-01, the Unix epoch is 70 years (17 of them leap) later.
  constexpr std::uint64_t kUnixToNtpSeconds = 2'208'988'800ULL;
  const auto ms = static_cast<std::uint64_t>(time.time_since_epoch().count());
  const std::uint64_t seconds = ms / 1000 + kUnixToNtpSeconds;
  const std::uint64_t fraction = ((ms % 1000) << 32) / 1000;
  return (seconds << 32) | fraction;
}

} // namespace sb::rtp

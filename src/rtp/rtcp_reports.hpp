#pragma once
// Sender and receiver reports (RFC 3550 6.4): parsed from an RtcpPacket of a compound, and
// written into a caller's buffer.
#include "common/clock.hpp"
#include "common/result.hpp"
#include "rtp/rtcp_packet.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::rtp {

inline constexpr std::size_t kReportBlockSize = 24;
inline constexpr std::size_t kMaxReportBlocks = 31; // the 5-bit count field

// What a receiver reports about one source (RFC 3550 6.4.1).
struct ReportBlock {
  std::uint32_t ssrc = 0;
  std::uint8_t fractionLost = 0;   // lost in the interval, in 1/256
  std::int32_t cumulativeLost = 0; // 24-bit signed on the wire; duplicates can make it negative
  std::uint32_t extendedHighestSequence = 0;
  std::uint32_t jitter = 0;                     // in timestamp units
  std::uint32_t lastSenderReport = 0;           // middle 32 bits of the last SR's NTP time
  std::uint32_t delaySinceLastSenderReport = 0; // in 1/65536 s

  bool operator==(const ReportBlock&) const = default;
};

// The report blocks of an SR or RR, read on demand from the packet's bytes.
class ReportBlocks {
public:
  ReportBlocks() = default;
  explicit ReportBlocks(std::span<const std::uint8_t> blocks) : bytes_(blocks) {}
  std::size_t size() const { return bytes_.size() / kReportBlockSize; }
  ReportBlock operator[](std::size_t index) const;

private:
  std::span<const std::uint8_t> bytes_;
};

struct SenderInfo {
  std::uint64_t ntpTimestamp = 0;
  std::uint32_t rtpTimestamp = 0;
  std::uint32_t packetCount = 0;
  std::uint32_t octetCount = 0;

  bool operator==(const SenderInfo&) const = default;
};

struct SenderReport {
  std::uint32_t ssrc = 0;
  SenderInfo sender;
  ReportBlocks reports;
  std::span<const std::uint8_t> profileExtension; // whatever follows the report blocks
};

struct ReceiverReport {
  std::uint32_t ssrc = 0;
  ReportBlocks reports;
  std::span<const std::uint8_t> profileExtension;
};

// Both check the packet type and that the body holds the fixed part and `count` blocks.
common::Result<SenderReport> parseSenderReport(const RtcpPacket& packet);
common::Result<ReceiverReport> parseReceiverReport(const RtcpPacket& packet);

// Write one SR or RR with up to 31 report blocks; return the bytes written. A cumulative
// loss outside the 24-bit range is clamped, as RFC 3550 6.4.1 asks.
common::Result<std::size_t> writeSenderReport(std::uint32_t ssrc, const SenderInfo& sender,
                                              std::span<const ReportBlock> reports,
                                              std::span<std::uint8_t> out);
common::Result<std::size_t> writeReceiverReport(std::uint32_t ssrc,
                                                std::span<const ReportBlock> reports,
                                                std::span<std::uint8_t> out);

// The 64-bit NTP timestamp (seconds since 1900 and a binary fraction) of a wall-clock time.
std::uint64_t toNtpTimestamp(common::WallTime time);
// The middle 32 bits of an NTP timestamp, as LSR carries it.
constexpr std::uint32_t ntpMiddle32(std::uint64_t ntp) {
  return static_cast<std::uint32_t>(ntp >> 16);
}

} // namespace sb::rtp

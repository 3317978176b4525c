#pragma once
// Compound RTCP packets (RFC 3550 6.1, validity checks of A.2): validated once, then walked
// packet by packet without copying. The typed packets (SR, RR, SDES, BYE) are parsed from
// the RtcpPacket views this yields, in rtcp_reports.hpp and rtcp_sdes_bye.hpp.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::rtp {

enum class RtcpType : std::uint8_t {
  SenderReport = 200,
  ReceiverReport = 201,
  SourceDescription = 202,
  Bye = 203,
  App = 204,
  TransportFeedback = 205, // RFC 4585
  PayloadFeedback = 206,   // RFC 4585
};

inline constexpr std::size_t kRtcpHeaderSize = 4;

// One packet of a compound: its header fields and its body, the bytes after the 4-byte
// header with any padding removed.
struct RtcpPacket {
  std::uint8_t count = 0; // 5 bits: report count, source count or subtype
  std::uint8_t type = 0;
  std::span<const std::uint8_t> body;
};

// A validated compound packet; iterating it yields each RtcpPacket in order.
class RtcpCompound {
public:
  class Iterator {
  public:
    Iterator() = default;
    explicit Iterator(std::span<const std::uint8_t> rest) : rest_(rest) {}
    RtcpPacket operator*() const;
    Iterator& operator++();
    bool operator==(const Iterator& other) const { return rest_.size() == other.rest_.size(); }

  private:
    std::span<const std::uint8_t> rest_;
  };

  explicit RtcpCompound(std::span<const std::uint8_t> datagram) : datagram_(datagram) {}
  Iterator begin() const { return Iterator(datagram_); }
  Iterator end() const { return Iterator(); }

private:
  std::span<const std::uint8_t> datagram_;
};

enum class RtcpRules {
  Compound,    // RFC 3550: the first packet is an SR or RR
  ReducedSize, // RFC 5506: any packet may come alone (WebRTC feedback)
};

// Checks every packet's version and length, that the lengths add up to the datagram, that
// only the last packet is padded (with a count that fits its body), and under
// RtcpRules::Compound that the first packet is an SR or RR.
common::Result<RtcpCompound> parseRtcpCompound(std::span<const std::uint8_t> datagram,
                                               RtcpRules rules = RtcpRules::Compound);

} // namespace sb::rtp

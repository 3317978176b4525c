#include "rtp/rtcp_packet.hpp"

#include "rtp/bytes.hpp"

namespace sb::rtp {

using bytes::packetError;

namespace {

// Bytes of the packet starting at `rest`, from its length field (32-bit words minus one).
std::size_t packetSize(std::span<const std::uint8_t> rest) {
  return (std::size_t{bytes::readU16(rest, 2)} + 1) * 4;
}

bool isReport(std::uint8_t type) {
  return type == static_cast<std::uint8_t>(RtcpType::SenderReport) ||
         type == static_cast<std::uint8_t>(RtcpType::ReceiverReport);
}

} // namespace

RtcpPacket RtcpCompound::Iterator::operator*() const {
  const std::size_t size = packetSize(rest_);
  std::size_t bodyEnd = size;
  if ((rest_[0] & 0x20) != 0) bodyEnd -= rest_[size - 1]; // validated to fit
  return RtcpPacket{static_cast<std::uint8_t>(rest_[0] & 0x1F), rest_[1],
                    rest_.subspan(kRtcpHeaderSize, bodyEnd - kRtcpHeaderSize)};
}

RtcpCompound::Iterator& RtcpCompound::Iterator::operator++() {
  rest_ = rest_.subspan(packetSize(rest_));
  return *this;
}

common::Result<RtcpCompound> parseRtcpCompound(std::span<const std::uint8_t> datagram,
                                               RtcpRules rules) {
  if (datagram.size() < kRtcpHeaderSize) return packetError("rtcp too short");
  if (rules == RtcpRules::Compound && !isReport(datagram[1])) return packetError("rtcp first");
  std::span<const std::uint8_t> rest = datagram;
  while (!rest.empty()) {
    if (rest.size() < kRtcpHeaderSize) return packetError("rtcp too short");
    if ((rest[0] >> 6) != 2) return packetError("rtcp version");
    const std::size_t size = packetSize(rest);
    if (size > rest.size()) return packetError("rtcp length");
    if ((rest[0] & 0x20) != 0) {
      // RFC 3550 6.4.1: only the last packet of a compound may be padded.
      if (size != rest.size()) return packetError("rtcp padding");
      const std::uint8_t count = rest[size - 1];
      if (count == 0 || count > size - kRtcpHeaderSize) return packetError("rtcp padding");
    }
    rest = rest.subspan(size);
  }
  return RtcpCompound(datagram);
}

} // namespace sb::rtp

#include "rtp/demux.hpp"

namespace sb::rtp {

PacketKind classifyPacket(std::span<const std::uint8_t> datagram) {
  if (datagram.empty()) return PacketKind::Unknown;
  const std::uint8_t first = datagram[0];
  if (first <= 3) return PacketKind::Stun;
  if (first >= 20 && first <= 63) return PacketKind::Dtls;
  if (first < 128 || first > 191 || datagram.size() < 2) return PacketKind::Unknown;
  const std::uint8_t type = datagram[1] & 0x7F;
  return (type >= 64 && type <= 95) ? PacketKind::Rtcp : PacketKind::Rtp;
}

} // namespace sb::rtp

#pragma once
// What arrived on a media port. RTP and RTCP share one port (RFC 5761), and a WebRTC leg
// adds STUN and DTLS on the same port (RFC 7983); the first two bytes tell them apart.
#include <cstdint>
#include <span>

namespace sb::rtp {

enum class PacketKind { Rtp, Rtcp, Stun, Dtls, Unknown };

// RFC 7983 7: first byte 0-3 is STUN, 20-63 DTLS, 128-191 RTP or RTCP. RFC 5761 4: among
// those, a second byte whose low 7 bits are 64-95 is RTCP (packet types 192-223), since
// RTP payload types are never given those values when RTCP shares the port.
PacketKind classifyPacket(std::span<const std::uint8_t> datagram);

} // namespace sb::rtp

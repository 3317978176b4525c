#pragma once
// The bench's RTP: one loopback UDP socket per call side, and the 20 ms PCMU packet each
// side sends. A packet is a real RTP header (version 2, payload type 0, its sender's own
// SSRC, sequence and timestamp) and 160 bytes of payload whose first bytes carry the send
// time, a marker, the sender's index and its packet count, so the receiving
// side measures one-way delay and loss whatever the relay does to the header.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace sb::bench::media_relay {

// A UDP socket bound to 127.0.0.1 on a port the kernel chose, non-blocking. Owns the fd.
class LoopbackSocket {
public:
  LoopbackSocket(); // throws std::runtime_error when no socket can be had
  ~LoopbackSocket();
  LoopbackSocket(LoopbackSocket&& other) noexcept;
  LoopbackSocket& operator=(LoopbackSocket&&) = delete;
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

constexpr std::size_t kRtpHeaderSize = 12;
constexpr std::size_t kPcmuPayloadSize = 160; // 20 ms at 8 kHz
constexpr std::size_t kPacketSize = kRtpHeaderSize + kPcmuPayloadSize;
using PacketBuffer = std::array<std::uint8_t, kPacketSize>;

struct PacketStamp {
  std::uint64_t sendNanos = 0;   // real-time clock (as the kernel stamps receipt), when sent
  std::uint32_t senderIndex = 0; // which side of which call sent it
  std::uint32_t count = 0;       // the sender's packet number, from 0
};

// Fills the header and the stamp; the rest of the payload is PCMU silence (set once).
void writeSilence(PacketBuffer& packet);
void writePacket(PacketBuffer& packet, std::uint32_t ssrc, std::uint16_t sequence,
                 std::uint32_t timestamp, const PacketStamp& stamp);
// The stamp of a bench packet; nothing for anything else (RTCP, a stranger's datagram).
std::optional<PacketStamp> readPacket(std::span<const std::uint8_t> datagram);

} // namespace sb::bench::media_relay

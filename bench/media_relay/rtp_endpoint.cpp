#include "rtp_endpoint.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace sb::bench::media_relay {

namespace {
constexpr std::uint32_t kMagic = 0x53424d52; // "SBMR"
constexpr std::size_t kStampOffset = kRtpHeaderSize;

void putU32(std::uint8_t* at, std::uint32_t value) {
  const std::uint32_t big = htonl(value);
  std::memcpy(at, &big, 4);
}

std::uint32_t getU32(const std::uint8_t* at) {
  std::uint32_t big = 0;
  std::memcpy(&big, at, 4);
  return ntohl(big);
}
} // namespace

LoopbackSocket::LoopbackSocket() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const std::string error = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error("bind: " + error);
  }
  socklen_t length = sizeof address;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

LoopbackSocket::~LoopbackSocket() {
  if (fd_ >= 0) ::close(fd_);
}

LoopbackSocket::LoopbackSocket(LoopbackSocket&& other) noexcept
    : fd_(other.fd_), port_(other.port_) {
  other.fd_ = -1;
}

void writeSilence(PacketBuffer& packet) { packet.fill(0xFF); }

void writePacket(PacketBuffer& packet, std::uint32_t ssrc, std::uint16_t sequence,
                 std::uint32_t timestamp, const PacketStamp& stamp) {
  packet[0] = 0x80; // version 2, no padding, no extension, no CSRC
  packet[1] = 0;    // no marker, PCMU
  packet[2] = static_cast<std::uint8_t>(sequence >> 8);
  packet[3] = static_cast<std::uint8_t>(sequence & 0xFF);
  putU32(&packet[4], timestamp);
  putU32(&packet[8], ssrc);
  std::uint8_t* at = &packet[kStampOffset];
  putU32(at, static_cast<std::uint32_t>(stamp.sendNanos >> 32));
  putU32(at + 4, static_cast<std::uint32_t>(stamp.sendNanos));
  putU32(at + 8, kMagic);
  putU32(at + 12, stamp.senderIndex);
  putU32(at + 16, stamp.count);
}

std::optional<PacketStamp> readPacket(std::span<const std::uint8_t> datagram) {
  if (datagram.size() != kPacketSize) return std::nullopt;
  if ((datagram[0] >> 6) != 2 || (datagram[1] & 0x7F) != 0) return std::nullopt;
  const std::uint8_t* at = datagram.data() + kStampOffset;
  if (getU32(at + 8) != kMagic) return std::nullopt;
  PacketStamp stamp;
  stamp.sendNanos = (std::uint64_t{getU32(at)} << 32) | getU32(at + 4);
  stamp.senderIndex = getU32(at + 12);
  stamp.count = getU32(at + 16);
  return stamp;
}

} // namespace sb::bench::media_relay

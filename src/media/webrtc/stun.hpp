#pragma once
// STUN messages (RFC 5389) as ICE connectivity checks use them: the 20-byte header, the
// attribute walk, and the attributes ICE needs: USERNAME, MESSAGE-INTEGRITY (HMAC-SHA1 with
// the short-term password), FINGERPRINT (CRC-32 xor 0x5354554e), XOR-MAPPED-ADDRESS,
// ERROR-CODE, and RFC 8445's PRIORITY, USE-CANDIDATE, ICE-CONTROLLED and ICE-CONTROLLING.
// A parsed message is a view over the bytes it was parsed from: keep them alive with it.
#include "common/result.hpp"

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sb::media::webrtc {

constexpr std::uint32_t kStunMagicCookie = 0x2112A442;
constexpr std::size_t kStunHeaderSize = 20;
constexpr std::uint16_t kStunBinding = 0x001;

enum class StunClass { Request, Indication, Success, Error };

namespace stun_attribute {
constexpr std::uint16_t kUsername = 0x0006;
constexpr std::uint16_t kMessageIntegrity = 0x0008;
constexpr std::uint16_t kErrorCode = 0x0009;
constexpr std::uint16_t kUnknownAttributes = 0x000A;
constexpr std::uint16_t kXorMappedAddress = 0x0020;
constexpr std::uint16_t kPriority = 0x0024;
constexpr std::uint16_t kUseCandidate = 0x0025;
constexpr std::uint16_t kSoftware = 0x8022;
constexpr std::uint16_t kFingerprint = 0x8028;
constexpr std::uint16_t kIceControlled = 0x8029;
constexpr std::uint16_t kIceControlling = 0x802A;
} // namespace stun_attribute

using TransactionId = std::array<std::uint8_t, 12>;
using SocketAddress = boost::asio::ip::udp::endpoint;

struct StunAttribute {
  std::uint16_t type = 0;
  std::span<const std::uint8_t> value; // without the padding
  std::size_t offset = 0;              // of the attribute's header within the message
};

struct StunMessage {
  std::uint16_t method = 0;
  StunClass messageClass = StunClass::Request;
  TransactionId transactionId{};
  std::vector<StunAttribute> attributes; // in order
  std::span<const std::uint8_t> bytes;   // the whole message

  const StunAttribute* find(std::uint16_t type) const; // the first of that type
  bool has(std::uint16_t type) const { return find(type) != nullptr; }
  std::optional<std::string> username() const;
  std::optional<std::uint32_t> priority() const;
  std::optional<std::uint64_t> tieBreaker(std::uint16_t controlAttribute) const;
  std::optional<SocketAddress> xorMappedAddress() const;
  std::optional<int> errorCode() const;
  // Attributes of the comprehension-required range (below 0x8000) this code does not know.
  std::vector<std::uint16_t> unknownRequired() const;
};

// First byte 0-3 (RFC 7983), the magic cookie, a length that is a multiple of 4 and matches
// the datagram, and attributes that fit exactly.
common::Result<StunMessage> parseStun(std::span<const std::uint8_t> datagram);

enum class Integrity { Missing, Valid, Invalid };
// MESSAGE-INTEGRITY (RFC 5389 15.4) under the short-term key `password`.
Integrity checkIntegrity(const StunMessage& message, std::string_view password);
// FINGERPRINT (RFC 5389 15.5): present, last, and right.
bool hasValidFingerprint(const StunMessage& message);

// CRC-32 of ISO 3309 / ITU-T V.42, as FINGERPRINT and zlib use it.
std::uint32_t crc32(std::span<const std::uint8_t> bytes);

// Builds one message; attributes go in the order they are added, MESSAGE-INTEGRITY and
// FINGERPRINT last.
class StunWriter {
public:
  StunWriter(std::uint16_t method, StunClass messageClass, const TransactionId& transactionId);

  void add(std::uint16_t type, std::span<const std::uint8_t> value);
  void addText(std::uint16_t type, std::string_view text);
  void addUint32(std::uint16_t type, std::uint32_t value);
  void addUint64(std::uint16_t type, std::uint64_t value);
  void addFlag(std::uint16_t type) { add(type, {}); }
  void addXorMappedAddress(const SocketAddress& address);
  void addErrorCode(int code, std::string_view reason);
  void addMessageIntegrity(std::string_view password);
  void addFingerprint();

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

private:
  void setLength(std::size_t bodySize);
  std::vector<std::uint8_t> bytes_;
};

} // namespace sb::media::webrtc

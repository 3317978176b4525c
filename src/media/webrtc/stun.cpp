#include "media/webrtc/stun.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>

namespace sb::media::webrtc {

namespace {

using common::makeError;

constexpr std::size_t kIntegritySize = 20; // HMAC-SHA1
constexpr std::uint32_t kFingerprintXor = 0x5354554e;

std::uint16_t read16(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

std::uint32_t read32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
}

void put16(std::uint8_t* out, std::uint16_t value) {
  out[0] = static_cast<std::uint8_t>(value >> 8);
  out[1] = static_cast<std::uint8_t>(value);
}

void put32(std::uint8_t* out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

// RFC 5389 6: the class bits C1 C0 sit at bits 8 and 4 of the type, between the method's.
std::uint16_t messageType(std::uint16_t method, StunClass messageClass) {
  const auto c = static_cast<std::uint16_t>(messageClass);
  return static_cast<std::uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) |
                                    ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
}

std::size_t padded(std::size_t size) { return (size + 3) & ~std::size_t{3}; }

bool isKnown(std::uint16_t type) {
  using namespace stun_attribute;
  switch (type) {
  case 0x0001: // MAPPED-ADDRESS
  case kUsername:
  case kMessageIntegrity:
  case kErrorCode:
  case kUnknownAttributes:
  case 0x0014: // REALM
  case 0x0015: // NONCE
  case kXorMappedAddress:
  case kPriority:
  case kUseCandidate:
    return true;
  default:
    return false;
  }
}

// The message's first `size` bytes with the header's length field as if the message ended
// at `size + extra` (how RFC 5389 15.4 and 15.5 have the length counted).
std::vector<std::uint8_t> prefixWithLength(std::span<const std::uint8_t> message, std::size_t size,
                                           std::size_t extra) {
  std::vector<std::uint8_t> prefix(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(size));
  put16(prefix.data() + 2, static_cast<std::uint16_t>(size + extra - kStunHeaderSize));
  return prefix;
}

std::array<std::uint8_t, kIntegritySize> hmacSha1(std::string_view key, std::span<const std::uint8_t> data) {
  std::array<std::uint8_t, kIntegritySize> out{};
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &length);
  return out;
}

} // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::uint8_t byte : bytes)
    crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

const StunAttribute* StunMessage::find(std::uint16_t type) const {
  for (const StunAttribute& attribute : attributes) {
    if (attribute.type == type) return &attribute;
  }
  return nullptr;
}

std::optional<std::string> StunMessage::username() const {
  const StunAttribute* attribute = find(stun_attribute::kUsername);
  if (!attribute) return std::nullopt;
  return std::string(attribute->value.begin(), attribute->value.end());
}

std::optional<std::uint32_t> StunMessage::priority() const {
  const StunAttribute* attribute = find(stun_attribute::kPriority);
  if (!attribute || attribute->value.size() != 4) return std::nullopt;
  return read32(attribute->value, 0);
}

std::optional<std::uint64_t> StunMessage::tieBreaker(std::uint16_t controlAttribute) const {
  const StunAttribute* attribute = find(controlAttribute);
  if (!attribute || attribute->value.size() != 8) return std::nullopt;
  return (std::uint64_t{read32(attribute->value, 0)} << 32) | read32(attribute->value, 4);
}

std::optional<SocketAddress> StunMessage::xorMappedAddress() const {
  const StunAttribute* attribute = find(stun_attribute::kXorMappedAddress);
  if (!attribute || attribute->value.size() < 4) return std::nullopt;
  const auto value = attribute->value;
  const auto port = static_cast<std::uint16_t>(read16(value, 2) ^ (kStunMagicCookie >> 16));
  std::array<std::uint8_t, 16> mask{};
  put32(mask.data(), kStunMagicCookie);
  std::copy(transactionId.begin(), transactionId.end(), mask.begin() + 4);
  if (value[1] == 0x01 && value.size() == 8) {
    boost::asio::ip::address_v4::bytes_type ip{};
    for (std::size_t i = 0; i < 4; ++i)
      ip[i] = static_cast<std::uint8_t>(value[4 + i] ^ mask[i]);
    return SocketAddress(boost::asio::ip::address_v4(ip), port);
  }
  if (value[1] == 0x02 && value.size() == 20) {
    boost::asio::ip::address_v6::bytes_type ip{};
    for (std::size_t i = 0; i < 16; ++i)
      ip[i] = static_cast<std::uint8_t>(value[4 + i] ^ mask[i]);
    return SocketAddress(boost::asio::ip::address_v6(ip), port);
  }
  return std::nullopt;
}

std::optional<int> StunMessage::errorCode() const {
  const StunAttribute* attribute = find(stun_attribute::kErrorCode);
  if (!attribute || attribute->value.size() < 4) return std::nullopt;
  return (attribute->value[2] & 0x07) * 100 + attribute->value[3];
}

std::vector<std::uint16_t> StunMessage::unknownRequired() const {
  std::vector<std::uint16_t> unknown;
  for (const StunAttribute& attribute : attributes) {
    if (attribute.type < 0x8000 && !isKnown(attribute.type)) unknown.push_back(attribute.type);
  }
  return unknown;
}

common::Result<StunMessage> parseStun(std::span<const std::uint8_t> datagram) {
  if (datagram.size() < kStunHeaderSize) return makeError("shorter than a STUN header");
  if ((datagram[0] & 0xC0) != 0) return makeError("the first two bits of STUN are zero");
  if (read32(datagram, 4) != kStunMagicCookie) return makeError("no STUN magic cookie");
  const std::size_t length = read16(datagram, 2);
  if (length % 4 != 0) return makeError("STUN length is not a multiple of 4");
  if (kStunHeaderSize + length != datagram.size()) return makeError("STUN length does not match the datagram");
  StunMessage message;
  const std::uint16_t type = read16(datagram, 0);
  message.messageClass = static_cast<StunClass>(((type >> 4) & 1) | ((type >> 7) & 2));
  message.method = static_cast<std::uint16_t>((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
  std::copy(datagram.begin() + 8, datagram.begin() + 20, message.transactionId.begin());
  message.bytes = datagram;
  std::size_t at = kStunHeaderSize;
  while (at < datagram.size()) {
    if (datagram.size() - at < 4) return makeError("truncated STUN attribute header");
    const std::uint16_t attributeType = read16(datagram, at);
    const std::size_t size = read16(datagram, at + 2);
    if (padded(size) > datagram.size() - at - 4) return makeError("STUN attribute runs past the message");
    message.attributes.push_back(StunAttribute{attributeType, datagram.subspan(at + 4, size), at});
    at += 4 + padded(size);
  }
  return message;
}

// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 5389 15.4);
// the HMAC covers everything before it.
Integrity checkIntegrity(const StunMessage& message, std::string_view password) {
  const StunAttribute* attribute = message.find(stun_attribute::kMessageIntegrity);
  if (!attribute) return Integrity::Missing;
  if (attribute->value.size() != kIntegritySize) return Integrity::Invalid;
  const auto covered = prefixWithLength(message.bytes, attribute->offset, 4 + kIntegritySize);
  const auto expected = hmacSha1(password, covered);
  return CRYPTO_memcmp(expected.data(), attribute->value.data(), kIntegritySize) == 0 ? Integrity::Valid
                                                                                      : Integrity::Invalid;
}

bool hasValidFingerprint(const StunMessage& message) {
  if (message.attributes.empty()) return false;
  const StunAttribute& last = message.attributes.back();
  if (last.type != stun_attribute::kFingerprint || last.value.size() != 4) return false;
  const auto covered = prefixWithLength(message.bytes, last.offset, 8);
  return (crc32(covered) ^ kFingerprintXor) == read32(last.value, 0);
}

StunWriter::StunWriter(std::uint16_t method, StunClass messageClass, const TransactionId& transactionId)
    : bytes_(kStunHeaderSize) {
  put16(bytes_.data(), messageType(method, messageClass));
  put32(bytes_.data() + 4, kStunMagicCookie);
  std::copy(transactionId.begin(), transactionId.end(), bytes_.begin() + 8);
}

void StunWriter::setLength(std::size_t bodySize) { put16(bytes_.data() + 2, static_cast<std::uint16_t>(bodySize)); }

void StunWriter::add(std::uint16_t type, std::span<const std::uint8_t> value) {
  const std::size_t at = bytes_.size();
  bytes_.resize(at + 4 + padded(value.size()), 0);
  put16(bytes_.data() + at, type);
  put16(bytes_.data() + at + 2, static_cast<std::uint16_t>(value.size()));
  std::copy(value.begin(), value.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(at + 4));
  setLength(bytes_.size() - kStunHeaderSize);
}

void StunWriter::addText(std::uint16_t type, std::string_view text) {
  add(type, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void StunWriter::addUint32(std::uint16_t type, std::uint32_t value) {
  std::array<std::uint8_t, 4> out{};
  put32(out.data(), value);
  add(type, out);
}

void StunWriter::addUint64(std::uint16_t type, std::uint64_t value) {
  std::array<std::uint8_t, 8> out{};
  put32(out.data(), static_cast<std::uint32_t>(value >> 32));
  put32(out.data() + 4, static_cast<std::uint32_t>(value));
  add(type, out);
}

void StunWriter::addXorMappedAddress(const SocketAddress& address) {
  std::array<std::uint8_t, 16> mask{};
  put32(mask.data(), kStunMagicCookie);
  std::copy(bytes_.begin() + 8, bytes_.begin() + 20, mask.begin() + 4);
  std::vector<std::uint8_t> value(4);
  put16(value.data() + 2, static_cast<std::uint16_t>(address.port() ^ (kStunMagicCookie >> 16)));
  if (address.address().is_v4()) {
    value[1] = 0x01;
    const auto ip = address.address().to_v4().to_bytes();
    for (std::size_t i = 0; i < ip.size(); ++i)
      value.push_back(static_cast<std::uint8_t>(ip[i] ^ mask[i]));
  } else {
    value[1] = 0x02;
    const auto ip = address.address().to_v6().to_bytes();
    for (std::size_t i = 0; i < ip.size(); ++i)
      value.push_back(static_cast<std::uint8_t>(ip[i] ^ mask[i]));
  }
  add(stun_attribute::kXorMappedAddress, value);
}

void StunWriter::addErrorCode(int code, std::string_view reason) {
  std::vector<std::uint8_t> value{0, 0, static_cast<std::uint8_t>(code / 100), static_cast<std::uint8_t>(code % 100)};
  value.insert(value.end(), reason.begin(), reason.end());
  add(stun_attribute::kErrorCode, value);
}

void StunWriter::addMessageIntegrity(std::string_view password) {
  const std::size_t at = bytes_.size();
  const auto covered = prefixWithLength(bytes_, at, 4 + kIntegritySize);
  add(stun_attribute::kMessageIntegrity, hmacSha1(password, covered));
}

void StunWriter::addFingerprint() {
  const std::size_t at = bytes_.size();
  const auto covered = prefixWithLength(bytes_, at, 8);
  addUint32(stun_attribute::kFingerprint, crc32(covered) ^ kFingerprintXor);
}

} // namespace sb::media::webrtc

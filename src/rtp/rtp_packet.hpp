#pragma once
// RTP packets (RFC 3550 5.1) as views over the bytes they arrived in. Parsing copies
// nothing and allocates nothing, so the media path can afford it for every packet; the
// view is valid while the buffer it was parsed from is.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::rtp {

inline constexpr std::size_t kRtpFixedHeaderSize = 12;
inline constexpr std::size_t kMaxCsrcs = 15;

// RFC 8285 header extension profiles.
inline constexpr std::uint16_t kOneByteExtensionProfile = 0xBEDE;
inline constexpr std::uint16_t kTwoByteExtensionProfile = 0x1000; // low 4 bits: appbits

// The fields of one packet. Variable-length parts are spans into somebody else's buffer:
// the packet parsed from, or the data a writer is asked to send.
struct RtpPacket {
  bool marker = false;
  std::uint8_t payloadType = 0; // 7 bits
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::span<const std::uint8_t> csrcBytes; // 4 bytes per CSRC, at most 15 of them
  bool hasExtension = false;
  std::uint16_t extensionProfile = 0;
  std::span<const std::uint8_t> extension; // after the 4-byte extension header; 4n bytes
  std::span<const std::uint8_t> payload;
  // Padding bytes at the end, counting the count byte itself; 0 means the P bit is clear.
  std::uint8_t paddingSize = 0;

  std::size_t csrcCount() const { return csrcBytes.size() / 4; }
  std::uint32_t csrc(std::size_t index) const;
  // Bytes this packet takes when written.
  std::size_t size() const;
};

// Parses and validates (version 2; CSRC list, extension and padding inside the datagram;
// a padding count of at least 1 that leaves the header intact).
common::Result<RtpPacket> parseRtp(std::span<const std::uint8_t> datagram);

// Writes `packet` into `out`; returns the bytes written. Fails when `out` is too small or
// the packet cannot be encoded (more than 15 CSRCs, an extension not a multiple of 4 bytes
// or longer than the 16-bit length allows, a payload type above 127). Padding is written as
// zeros followed by the count.
common::Result<std::size_t> writeRtp(const RtpPacket& packet, std::span<std::uint8_t> out);

// One RFC 8285 header extension element.
struct HeaderExtensionElement {
  std::uint8_t id = 0;
  std::span<const std::uint8_t> data;
};

// Walks the one-byte or two-byte header extension elements of a packet, skipping padding.
// A packet without an RFC 8285 extension has no elements. A malformed element (its length
// runs past the extension) ends the walk and sets malformed(): the packet itself is still
// valid RTP and may be relayed, only the extension cannot be trusted.
class HeaderExtensionReader {
public:
  explicit HeaderExtensionReader(const RtpPacket& packet);

  // Fills `element` with the next element; false at the end or on a malformed element.
  bool next(HeaderExtensionElement& element);
  bool malformed() const { return malformed_; }

private:
  bool nextOneByte(HeaderExtensionElement& element);
  bool nextTwoByte(HeaderExtensionElement& element);

  enum class Form { None, OneByte, TwoByte };
  Form form_ = Form::None;
  std::span<const std::uint8_t> data_;
  std::size_t at_ = 0;
  bool malformed_ = false;
};

} // namespace sb::rtp

#include "rtp/rtp_packet.hpp"

#include "rtp/bytes.hpp"

#include <algorithm>

namespace sb::rtp {

using bytes::packetError;

std::uint32_t RtpPacket::csrc(std::size_t index) const {
  return bytes::readU32(csrcBytes, index * 4);
}

std::size_t RtpPacket::size() const {
  std::size_t n = kRtpFixedHeaderSize + csrcBytes.size() + payload.size() + paddingSize;
  if (hasExtension) n += 4 + extension.size();
  return n;
}

common::Result<RtpPacket> parseRtp(std::span<const std::uint8_t> datagram) {
  if (datagram.size() < kRtpFixedHeaderSize) return packetError("rtp too short");
  const std::uint8_t first = datagram[0];
  if ((first >> 6) != 2) return packetError("rtp version");
  RtpPacket p;
  const bool padded = (first & 0x20) != 0;
  p.hasExtension = (first & 0x10) != 0;
  const std::size_t csrcCount = first & 0x0F;
  p.marker = (datagram[1] & 0x80) != 0;
  p.payloadType = datagram[1] & 0x7F;
  p.sequence = bytes::readU16(datagram, 2);
  p.timestamp = bytes::readU32(datagram, 4);
  p.ssrc = bytes::readU32(datagram, 8);

  std::size_t at = kRtpFixedHeaderSize;
  if (datagram.size() < at + csrcCount * 4) return packetError("rtp csrc");
  p.csrcBytes = datagram.subspan(at, csrcCount * 4);
  at += csrcCount * 4;

  if (p.hasExtension) {
    if (datagram.size() < at + 4) return packetError("rtp extension");
    p.extensionProfile = bytes::readU16(datagram, at);
    const std::size_t length = std::size_t{bytes::readU16(datagram, at + 2)} * 4;
    if (datagram.size() - (at + 4) < length) return packetError("rtp extension");
    p.extension = datagram.subspan(at + 4, length);
    at += 4 + length;
  }

  std::size_t end = datagram.size();
  if (padded) {
    // RFC 3550 5.1: the last octet counts the padding, itself included, so it is never 0.
    const std::uint8_t count = datagram.back();
    if (count == 0 || count > end - at) return packetError("rtp padding");
    p.paddingSize = count;
    end -= count;
  }
  p.payload = datagram.subspan(at, end - at);
  return p;
}

namespace {

common::Result<bool> checkWritable(const RtpPacket& p, std::size_t outSize) {
  if (p.payloadType > 127) return packetError("rtp pt > 127");
  if (p.csrcBytes.size() % 4 != 0 || p.csrcCount() > kMaxCsrcs) return packetError("rtp csrc");
  if (p.extension.size() % 4 != 0 || p.extension.size() / 4 > 0xFFFF) {
    return packetError("rtp extension");
  }
  if (!p.hasExtension && !p.extension.empty()) return packetError("rtp extension");
  if (p.size() > outSize) return packetError("rtp no room");
  return true;
}

std::uint8_t* copyBytes(std::span<const std::uint8_t> from, std::uint8_t* to) {
  return std::copy(from.begin(), from.end(), to);
}

} // namespace

common::Result<std::size_t> writeRtp(const RtpPacket& p, std::span<std::uint8_t> out) {
  if (auto ok = checkWritable(p, out.size()); !ok) return ok.error();
  out[0] = static_cast<std::uint8_t>(0x80 | (p.paddingSize > 0 ? 0x20 : 0) |
                                     (p.hasExtension ? 0x10 : 0) | p.csrcCount());
  out[1] = static_cast<std::uint8_t>((p.marker ? 0x80 : 0) | p.payloadType);
  bytes::writeU16(out, 2, p.sequence);
  bytes::writeU32(out, 4, p.timestamp);
  bytes::writeU32(out, 8, p.ssrc);
  std::uint8_t* cursor = copyBytes(p.csrcBytes, out.data() + kRtpFixedHeaderSize);
  if (p.hasExtension) {
    const auto at = static_cast<std::size_t>(cursor - out.data());
    bytes::writeU16(out, at, p.extensionProfile);
    bytes::writeU16(out, at + 2, static_cast<std::uint16_t>(p.extension.size() / 4));
    cursor = copyBytes(p.extension, cursor + 4);
  }
  cursor = copyBytes(p.payload, cursor);
  if (p.paddingSize > 0) {
    cursor = std::fill_n(cursor, p.paddingSize - 1, std::uint8_t{0});
    *cursor++ = p.paddingSize;
  }
  return static_cast<std::size_t>(cursor - out.data());
}

HeaderExtensionReader::HeaderExtensionReader(const RtpPacket& packet) : data_(packet.extension) {
  if (!packet.hasExtension) return;
  if (packet.extensionProfile == kOneByteExtensionProfile) {
    form_ = Form::OneByte;
  } else if ((packet.extensionProfile & 0xFFF0) == kTwoByteExtensionProfile) {
    form_ = Form::TwoByte;
  }
}

bool HeaderExtensionReader::next(HeaderExtensionElement& element) {
  switch (form_) {
  case Form::OneByte:
    return nextOneByte(element);
  case Form::TwoByte:
    return nextTwoByte(element);
  case Form::None:
    return false;
  }
  return false;
}

// RFC 8285 4.2: a byte of ID (4 bits) and length-1 (4 bits), then the data. ID 0 is a
// padding byte; ID 15 is reserved and ends processing of the whole extension.
bool HeaderExtensionReader::nextOneByte(HeaderExtensionElement& element) {
  while (at_ < data_.size()) {
    const std::uint8_t header = data_[at_];
    const std::uint8_t id = header >> 4;
    if (id == 0) {
      ++at_;
      continue;
    }
    if (id == 15) return false;
    const std::size_t length = (header & 0x0F) + 1u;
    if (data_.size() - (at_ + 1) < length) {
      malformed_ = true;
      return false;
    }
    element = {id, data_.subspan(at_ + 1, length)};
    at_ += 1 + length;
    return true;
  }
  return false;
}

// RFC 8285 4.3: a byte of ID, a byte of length (0 allowed), then the data. A zero byte
// where an ID would be is padding.
bool HeaderExtensionReader::nextTwoByte(HeaderExtensionElement& element) {
  while (at_ < data_.size()) {
    const std::uint8_t id = data_[at_];
    if (id == 0) {
      ++at_;
      continue;
    }
    if (data_.size() - at_ < 2 || data_.size() - (at_ + 2) < data_[at_ + 1]) {
      malformed_ = true;
      return false;
    }
    const std::size_t length = data_[at_ + 1];
    element = {id, data_.subspan(at_ + 2, length)};
    at_ += 2 + length;
    return true;
  }
  return false;
}

} // namespace sb::rtp

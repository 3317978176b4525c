#include "rtp/rtcp_sdes_bye.hpp"

#include "rtp/bytes.hpp"

#include <algorithm>

namespace sb::rtp {

using bytes::packetError;

namespace {

constexpr std::size_t roundUp4(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}

std::string_view textAt(std::span<const std::uint8_t> b, std::size_t at, std::size_t length) {
  return {reinterpret_cast<const char*>(b.data() + at), length};
}

// Header of a packet of `size` bytes (a multiple of 4) with `count` in its low bits.
void writeHeader(std::span<std::uint8_t> out, RtcpType type, std::size_t count, std::size_t size) {
  out[0] = static_cast<std::uint8_t>(0x80 | count);
  out[1] = static_cast<std::uint8_t>(type);
  bytes::writeU16(out, 2, static_cast<std::uint16_t>(size / 4 - 1));
}

} // namespace

// Chunks are an SSRC and items (type, length, text), ended by a null octet and padded with
// nulls to the next 32-bit boundary (RFC 3550 6.5).
bool SourceDescription::Reader::next(SdesItem& item) {
  while (!malformed_) {
    if (!inChunk_) {
      if (chunksLeft_ == 0) {
        malformed_ = at_ != body_.size();
        return false;
      }
      if (body_.size() - at_ < 4) break;
      ssrc_ = bytes::readU32(body_, at_);
      at_ += 4;
      inChunk_ = true;
      --chunksLeft_;
    }
    if (at_ >= body_.size()) break;
    const std::uint8_t type = body_[at_];
    if (type == 0) {
      at_ = roundUp4(at_ + 1);
      if (at_ > body_.size()) break;
      inChunk_ = false;
      continue;
    }
    if (body_.size() - at_ < 2 || body_.size() - (at_ + 2) < body_[at_ + 1]) break;
    const std::size_t length = body_[at_ + 1];
    item = SdesItem{ssrc_, type, textAt(body_, at_ + 2, length)};
    at_ += 2 + length;
    return true;
  }
  malformed_ = true;
  return false;
}

std::optional<std::string_view> SourceDescription::cname(std::uint32_t ssrc) const {
  Reader reader = items();
  SdesItem item;
  while (reader.next(item)) {
    if (item.ssrc == ssrc && item.type == static_cast<std::uint8_t>(SdesItemType::Cname)) {
      return item.text;
    }
  }
  return std::nullopt;
}

common::Result<SourceDescription> parseSourceDescription(const RtcpPacket& packet) {
  if (packet.type != static_cast<std::uint8_t>(RtcpType::SourceDescription)) {
    return packetError("rtcp not sdes");
  }
  SourceDescription sdes(packet.body, packet.count);
  SourceDescription::Reader reader = sdes.items();
  SdesItem item;
  while (reader.next(item)) {
  }
  if (reader.malformed()) return packetError("rtcp sdes");
  return sdes;
}

common::Result<std::size_t> writeSourceDescription(std::uint32_t ssrc, std::string_view cname,
                                                   std::span<std::uint8_t> out) {
  if (cname.size() > 255) return packetError("rtcp cname");
  // Header, SSRC, the CNAME item, and at least one null octet to end the chunk.
  const std::size_t size = roundUp4(kRtcpHeaderSize + 4 + 2 + cname.size() + 1);
  if (out.size() < size) return packetError("rtcp no room");
  writeHeader(out, RtcpType::SourceDescription, 1, size);
  bytes::writeU32(out, 4, ssrc);
  out[8] = static_cast<std::uint8_t>(SdesItemType::Cname);
  out[9] = static_cast<std::uint8_t>(cname.size());
  auto* end = std::copy(cname.begin(), cname.end(), out.data() + 10);
  std::fill(end, out.data() + size, std::uint8_t{0});
  return size;
}

std::uint32_t Bye::source(std::size_t index) const {
  return bytes::readU32(sourceBytes, index * 4);
}

common::Result<Bye> parseBye(const RtcpPacket& packet) {
  if (packet.type != static_cast<std::uint8_t>(RtcpType::Bye)) return packetError("rtcp not bye");
  const std::size_t sourcesSize = std::size_t{packet.count} * 4;
  if (packet.body.size() < sourcesSize) return packetError("rtcp bye");
  Bye bye;
  bye.sourceBytes = packet.body.first(sourcesSize);
  const auto rest = packet.body.subspan(sourcesSize);
  if (!rest.empty()) {
    const std::size_t length = rest[0];
    if (rest.size() - 1 < length) return packetError("rtcp bye");
    bye.reason = textAt(rest, 1, length);
  }
  return bye;
}

common::Result<std::size_t> writeBye(std::span<const std::uint32_t> sources,
                                     std::string_view reason, std::span<std::uint8_t> out) {
  if (sources.size() > 31 || reason.size() > 255) return packetError("rtcp bye");
  const std::size_t reasonSize = reason.empty() ? 0 : 1 + reason.size();
  const std::size_t size = roundUp4(kRtcpHeaderSize + sources.size() * 4 + reasonSize);
  if (out.size() < size) return packetError("rtcp no room");
  writeHeader(out, RtcpType::Bye, sources.size(), size);
  std::size_t at = kRtcpHeaderSize;
  for (std::uint32_t ssrc : sources) {
    bytes::writeU32(out, at, ssrc);
    at += 4;
  }
  std::fill(out.data() + at, out.data() + size, std::uint8_t{0});
  if (!reason.empty()) {
    out[at] = static_cast<std::uint8_t>(reason.size());
    std::copy(reason.begin(), reason.end(), out.data() + at + 1);
  }
  return size;
}

} // namespace sb::rtp

#include "rtp/redundancy.hpp"

#include "rtp/bytes.hpp"

namespace sb::rtp {

namespace {

// A redundant block's header (RFC 2198 3): F=1, payload type (7 bits), timestamp offset
// (14 bits), block length (10 bits). The primary's header is one byte: F=0 and its type.
constexpr std::size_t kBlockHeaderSize = 4;

bool isRedundantHeader(std::uint8_t first) {
  return (first & 0x80) != 0;
}
std::uint32_t offsetOf(std::uint32_t header) {
  return (header >> 10) & 0x3FFF;
}
std::size_t lengthOf(std::uint32_t header) {
  return header & 0x3FF;
}

} // namespace

bool RedundantPayload::Reader::next(RedundantBlock& block) {
  if (done_) return false;
  const std::uint8_t first = payload_[headerAt_];
  block.payloadType = first & 0x7F;
  if (isRedundantHeader(first)) {
    const std::uint32_t header = bytes::readU32(payload_, headerAt_);
    block.timestamp = timestamp_ - offsetOf(header);
    block.data = payload_.subspan(dataAt_, lengthOf(header));
    block.primary = false;
    headerAt_ += kBlockHeaderSize;
    dataAt_ += lengthOf(header);
    return true;
  }
  block.timestamp = timestamp_;
  block.data = payload_.subspan(dataAt_);
  block.primary = true;
  done_ = true;
  return true;
}

common::Result<RedundantPayload> parseRedundantPayload(std::span<const std::uint8_t> payload,
                                                       std::uint32_t timestamp) {
  std::size_t at = 0;
  std::size_t dataLength = 0;
  while (true) {
    if (at >= payload.size()) return bytes::packetError("red headers");
    if (!isRedundantHeader(payload[at])) break;
    if (payload.size() - at < kBlockHeaderSize) return bytes::packetError("red headers");
    dataLength += lengthOf(bytes::readU32(payload, at));
    at += kBlockHeaderSize;
  }
  const std::size_t dataStart = at + 1;
  if (payload.size() - dataStart < dataLength) return bytes::packetError("red blocks");
  return RedundantPayload(payload, dataStart, timestamp);
}

} // namespace sb::rtp

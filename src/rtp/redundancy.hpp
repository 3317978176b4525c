#pragma once
// RFC 2198 redundant payloads: copies of earlier payloads ride in front of the current
// one, so one lost packet loses nothing. Some gateways send telephone-events this way.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace sb::rtp {

struct RedundantBlock {
  std::uint8_t payloadType = 0;
  std::uint32_t timestamp = 0; // the packet's timestamp minus the block's offset
  std::span<const std::uint8_t> data;
  bool primary = false; // the newest block, the one the packet is for
};

// A validated redundant payload; its blocks are read in the order they are carried,
// the redundant (older) ones first and the primary last.
class RedundantPayload {
public:
  class Reader {
  public:
    Reader(std::span<const std::uint8_t> payload, std::size_t dataStart, std::uint32_t timestamp)
        : payload_(payload), dataAt_(dataStart), timestamp_(timestamp) {}
    bool next(RedundantBlock& block);

  private:
    std::span<const std::uint8_t> payload_;
    std::size_t headerAt_ = 0;
    std::size_t dataAt_;
    std::uint32_t timestamp_;
    bool done_ = false;
  };

  RedundantPayload(std::span<const std::uint8_t> payload, std::size_t dataStart,
                   std::uint32_t timestamp)
      : payload_(payload), dataStart_(dataStart), timestamp_(timestamp) {}
  Reader blocks() const { return Reader(payload_, dataStart_, timestamp_); }

private:
  std::span<const std::uint8_t> payload_;
  std::size_t dataStart_;
  std::uint32_t timestamp_;
};

// Checks that the block headers end with a primary header and that the blocks' lengths fit
// in the payload. `timestamp` is the RTP packet's.
common::Result<RedundantPayload> parseRedundantPayload(std::span<const std::uint8_t> payload,
                                                       std::uint32_t timestamp);

} // namespace sb::rtp

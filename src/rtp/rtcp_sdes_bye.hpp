#pragma once
// Source description (RFC 3550 6.5) and BYE (6.6) packets of a compound RTCP packet:
// parsed into views over the packet's bytes, written into a caller's buffer.
#include "common/result.hpp"
#include "rtp/rtcp_packet.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sb::rtp {

enum class SdesItemType : std::uint8_t {
  Cname = 1,
  Name = 2,
  Email = 3,
  Phone = 4,
  Location = 5,
  Tool = 6,
  Note = 7,
  Private = 8,
};

struct SdesItem {
  std::uint32_t ssrc = 0; // of the chunk the item is in
  std::uint8_t type = 0;
  std::string_view text;
};

// A validated SDES packet. Its items are read one by one, in chunk order.
class SourceDescription {
public:
  class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> body, std::size_t chunks)
        : body_(body), chunksLeft_(chunks) {}
    // Fills `item` with the next item; false after the last (or on malformed bytes, which
    // parseSourceDescription has already ruled out).
    bool next(SdesItem& item);
    bool malformed() const { return malformed_; }

  private:
    std::span<const std::uint8_t> body_;
    std::size_t at_ = 0;
    std::size_t chunksLeft_;
    std::uint32_t ssrc_ = 0;
    bool inChunk_ = false;
    bool malformed_ = false;
  };

  SourceDescription(std::span<const std::uint8_t> body, std::size_t chunks)
      : body_(body), chunks_(chunks) {}
  std::size_t chunkCount() const { return chunks_; }
  Reader items() const { return Reader(body_, chunks_); }
  // The CNAME given for `ssrc`, if any.
  std::optional<std::string_view> cname(std::uint32_t ssrc) const;

private:
  std::span<const std::uint8_t> body_;
  std::size_t chunks_;
};

// Checks that every chunk's items fit and end with a null item, and that the chunks fill
// the body exactly.
common::Result<SourceDescription> parseSourceDescription(const RtcpPacket& packet);

// One chunk for `ssrc` with a CNAME (at most 255 bytes); returns the bytes written.
common::Result<std::size_t> writeSourceDescription(std::uint32_t ssrc, std::string_view cname,
                                                   std::span<std::uint8_t> out);

struct Bye {
  std::span<const std::uint8_t> sourceBytes; // 4 bytes per SSRC/CSRC
  std::string_view reason;

  std::size_t sourceCount() const { return sourceBytes.size() / 4; }
  std::uint32_t source(std::size_t index) const;
};

common::Result<Bye> parseBye(const RtcpPacket& packet);

// A BYE for up to 31 sources with an optional reason (at most 255 bytes).
common::Result<std::size_t> writeBye(std::span<const std::uint32_t> sources,
                                     std::string_view reason, std::span<std::uint8_t> out);

} // namespace sb::rtp

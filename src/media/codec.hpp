#pragma once
// The audio formats the engine can decode and encode itself (G.711 both laws), and the
// per-leg format facts the relay needs: which codec, which payload types, the packet size.
#include "sdp/audio_stream.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sb::media {

enum class Codec { Pcmu, Pcma, Opaque }; // Opaque: relayed as bytes, never decoded

// What a configured leg sends and receives.
struct LegFormat {
  Codec codec = Codec::Pcmu;
  std::uint8_t payloadType = 0;
  std::uint32_t clockRate = 8000;
  std::optional<std::uint8_t> telephoneEventType;
  std::uint32_t packetSamples = 160; // the peer's ptime in samples (20 ms default)
  std::string encoding;              // for comparing opaque codecs

  bool decodable() const { return codec != Codec::Opaque; }
};

LegFormat formatOf(const sdp::AudioStream& stream);
// Same codec on the wire: payload bytes can be copied from one to the other.
bool sameCodec(const LegFormat& a, const LegFormat& b);

// G.711 payload <-> 16-bit linear; `out` is resized to the sample count.
void decodePayload(Codec codec, std::span<const std::uint8_t> payload,
                   std::vector<std::int16_t>& out);
void encodePayload(Codec codec, std::span<const std::int16_t> pcm, std::vector<std::uint8_t>& out);
// One law into the other, sample by sample, or a copy when both are the same.
void convertPayload(Codec from, Codec to, std::span<const std::uint8_t> in,
                    std::vector<std::uint8_t>& out);

} // namespace sb::media

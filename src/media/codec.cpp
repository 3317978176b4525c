#include "media/codec.hpp"

#include "audio/g711.hpp"
#include "sdp/text.hpp"

#include <algorithm>

namespace sb::media {

LegFormat formatOf(const sdp::AudioStream& stream) {
  LegFormat format;
  if (sdp::text::iequals(stream.codec.encoding, "PCMU")) {
    format.codec = Codec::Pcmu;
  } else if (sdp::text::iequals(stream.codec.encoding, "PCMA")) {
    format.codec = Codec::Pcma;
  } else {
    format.codec = Codec::Opaque;
  }
  format.payloadType = static_cast<std::uint8_t>(stream.codec.payloadType & 0x7F);
  format.clockRate = stream.codec.clockRate == 0 ? 8000 : stream.codec.clockRate;
  format.encoding = stream.codec.encoding;
  if (stream.telephoneEvent) {
    format.telephoneEventType =
        static_cast<std::uint8_t>(stream.telephoneEvent->payloadType & 0x7F);
  }
  const std::uint32_t ptime = std::clamp<std::uint32_t>(stream.packetTime.value_or(20), 10, 120);
  format.packetSamples = format.clockRate * ptime / 1000;
  return format;
}

bool sameCodec(const LegFormat& a, const LegFormat& b) {
  if (a.codec != b.codec) return false;
  if (a.codec != Codec::Opaque) return true;
  return sdp::text::iequals(a.encoding, b.encoding) && a.clockRate == b.clockRate;
}

void decodePayload(Codec codec, std::span<const std::uint8_t> payload,
                   std::vector<std::int16_t>& out) {
  out.resize(payload.size());
  if (codec == Codec::Pcmu) {
    audio::decodeUlaw(payload, out);
  } else if (codec == Codec::Pcma) {
    audio::decodeAlaw(payload, out);
  } else {
    out.clear();
  }
}

void encodePayload(Codec codec, std::span<const std::int16_t> pcm, std::vector<std::uint8_t>& out) {
  out.resize(pcm.size());
  if (codec == Codec::Pcmu) {
    audio::encodeUlaw(pcm, out);
  } else if (codec == Codec::Pcma) {
    audio::encodeAlaw(pcm, out);
  } else {
    out.clear();
  }
}

void convertPayload(Codec from, Codec to, std::span<const std::uint8_t> in,
                    std::vector<std::uint8_t>& out) {
  out.resize(in.size());
  if (from == Codec::Pcmu && to == Codec::Pcma) {
    audio::transcodeUlawToAlaw(in, out);
  } else if (from == Codec::Pcma && to == Codec::Pcmu) {
    audio::transcodeAlawToUlaw(in, out);
  } else {
    std::copy(in.begin(), in.end(), out.begin());
  }
}

} // namespace sb::media

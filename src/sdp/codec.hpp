#pragma once
// A codec we can handle, named as SDP names it (encoding/clock rate/channels), and how to
// find it among the payload types of a media section.
#include "sdp/rtp_attributes.hpp"
#include "sdp/session.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sb::sdp {

struct Codec {
  std::string encoding; // "PCMU"; compared case-insensitively (RFC 8866 6.6)
  std::uint32_t clockRate = 8000;
  std::uint32_t channels = 1;

  static Codec pcmu();           // G.711 mu-law, static payload type 0
  static Codec pcma();           // G.711 A-law, static payload type 8
  static Codec telephoneEvent(); // RFC 4733 events at 8 kHz

  bool matches(const RtpMap& format) const;
  bool isTelephoneEvent() const;
  // The RFC 3551 static payload type of this codec, if it has one.
  std::optional<int> staticPayloadType() const;

  friend bool operator==(const Codec&, const Codec&) = default;
};

bool isTelephoneEvent(const RtpMap& format);
bool isComfortNoise(const RtpMap& format); // CN (RFC 3389): never the chosen codec

// The first payload type of the m= line that carries `codec`, with its rtpmap (or the
// static assignment when the section has no rtpmap for it).
std::optional<RtpMap> findFormat(const Media& media, const Codec& codec);

// The formats of the m= line in its order, those that are RTP payload types with a known
// mapping.
std::vector<RtpMap> offeredFormats(const Media& media);

} // namespace sb::sdp

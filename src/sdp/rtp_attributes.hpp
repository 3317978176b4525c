#pragma once
// Typed views of the attributes an RTP audio stream is described by: rtpmap and fmtp
// (RFC 8866 6.6, 6.15), ptime and maxptime (6.4, 6.5), rtcp (RFC 3605), rtcp-mux
// (RFC 5761). Attributes stay text in the model; these functions read them. The parser
// checks every one of them with attributeProblem(), so on a parsed Session a view only
// misses an attribute that is absent.
#include "sdp/session.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sdp {

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
struct RtpMap {
  int payloadType = 0;
  std::string encoding; // as written; compare with text::iequals (names are case-insensitive)
  std::uint32_t clockRate = 8000;
  std::uint32_t channels = 1; // the encoding parameters of an audio format

  std::string str() const; // the attribute value, "0 PCMU/8000"
  friend bool operator==(const RtpMap&, const RtpMap&) = default;
};
std::optional<RtpMap> parseRtpMap(std::string_view value);

// The audio payload types RFC 3551 table 4 assigns, usable without an rtpmap.
std::optional<RtpMap> staticPayloadType(int payloadType);

// a=fmtp:<format> <format specific parameters>
struct Fmtp {
  std::string format;
  std::string parameters;
  friend bool operator==(const Fmtp&, const Fmtp&) = default;
};
std::optional<Fmtp> parseFmtp(std::string_view value);

// a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
struct Rtcp {
  std::uint16_t port = 0;
  std::optional<Connection> connection;

  std::string str() const;
  friend bool operator==(const Rtcp&, const Rtcp&) = default;
};
std::optional<Rtcp> parseRtcp(std::string_view value);

// a=ptime / a=maxptime in whole milliseconds; a fraction ("20.0") is accepted and dropped.
std::optional<std::uint32_t> parsePacketTime(std::string_view value);

// What is wrong with a known attribute, or nullopt when it is well formed or unknown.
std::optional<std::string> attributeProblem(const Attribute& attribute);

// Views over one media section.
std::vector<RtpMap> rtpMaps(const Media& media);
// The format behind a payload type: its rtpmap, else the static assignment.
std::optional<RtpMap> payloadFormat(const Media& media, int payloadType);
std::optional<std::string> fmtpParameters(const Media& media, std::string_view format);
std::optional<std::uint32_t> packetTime(const Media& media);    // a=ptime
std::optional<std::uint32_t> maxPacketTime(const Media& media); // a=maxptime
std::optional<Rtcp> rtcp(const Media& media);
bool rtcpMux(const Media& media);

} // namespace sb::sdp

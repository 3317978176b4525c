#include "sdp/rtp_attributes.hpp"

#include "sdp/text.hpp"

#include <array>

namespace sb::sdp {
namespace {

struct StaticFormat {
  int payloadType;
  const char* encoding;
  std::uint32_t clockRate;
  std::uint32_t channels;
};

// RFC 3551 section 6, table 4.
constexpr std::array<StaticFormat, 17> kStaticAudio{{
    {0, "PCMU", 8000, 1},
    {3, "GSM", 8000, 1},
    {4, "G723", 8000, 1},
    {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1},
    {7, "LPC", 8000, 1},
    {8, "PCMA", 8000, 1},
    {9, "G722", 8000, 1},
    {10, "L16", 44100, 2},
    {11, "L16", 44100, 1},
    {12, "QCELP", 8000, 1},
    {13, "CN", 8000, 1},
    {14, "MPA", 90000, 1},
    {15, "G728", 8000, 1},
    {16, "DVI4", 11025, 1},
    {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1},
}};

std::optional<std::uint32_t> attributeNumber(const Media& media, std::string_view name) {
  const Attribute* attribute = findAttribute(media.attributes, name);
  if (!attribute || !attribute->value) return std::nullopt;
  return parsePacketTime(*attribute->value);
}

} // namespace

std::string RtpMap::str() const {
  std::string out = std::to_string(payloadType) + " " + encoding + "/" + std::to_string(clockRate);
  if (channels != 1) out += "/" + std::to_string(channels);
  return out;
}

std::optional<RtpMap> parseRtpMap(std::string_view value) {
  const auto fields = text::splitFields(value);
  if (fields.size() != 2) return std::nullopt;
  const auto payloadType = text::parsePayloadType(fields[0]);
  const auto [encoding, rest] = text::splitOnce(fields[1], '/');
  if (!payloadType || encoding.empty() || !rest) return std::nullopt;
  const auto [clock, parameters] = text::splitOnce(*rest, '/');
  const auto clockRate = text::parseNumber(clock, UINT32_MAX);
  if (!clockRate || *clockRate == 0) return std::nullopt;
  RtpMap map{*payloadType, std::string(encoding), static_cast<std::uint32_t>(*clockRate), 1};
  if (parameters) {
    const auto channels = text::parseNumber(*parameters, 255);
    if (!channels || *channels == 0) return std::nullopt;
    map.channels = static_cast<std::uint32_t>(*channels);
  }
  return map;
}

std::optional<RtpMap> staticPayloadType(int payloadType) {
  for (const StaticFormat& format : kStaticAudio) {
    if (format.payloadType == payloadType) {
      return RtpMap{payloadType, format.encoding, format.clockRate, format.channels};
    }
  }
  return std::nullopt;
}

std::optional<Fmtp> parseFmtp(std::string_view value) {
  const auto [format, parameters] = text::splitOnce(value, ' ');
  if (format.empty()) return std::nullopt;
  Fmtp fmtp{std::string(format), {}};
  if (parameters) {
    const std::size_t start = parameters->find_first_not_of(' ');
    if (start != std::string_view::npos) fmtp.parameters = std::string(parameters->substr(start));
  }
  return fmtp;
}

std::string Rtcp::str() const {
  std::string out = std::to_string(port);
  if (connection) {
    out += " " + connection->netType + " " + connection->addrType + " " + connection->address;
  }
  return out;
}

std::optional<Rtcp> parseRtcp(std::string_view value) {
  const auto fields = text::splitFields(value);
  if (fields.size() != 1 && fields.size() != 4) return std::nullopt;
  const auto port = text::parseNumber(fields[0], 65535);
  if (!port) return std::nullopt;
  Rtcp rtcp{static_cast<std::uint16_t>(*port), std::nullopt};
  if (fields.size() == 4) {
    rtcp.connection =
        Connection{std::string(fields[1]), std::string(fields[2]), std::string(fields[3])};
  }
  return rtcp;
}

std::optional<std::uint32_t> parsePacketTime(std::string_view value) {
  const auto [whole, fraction] = text::splitOnce(text::trim(value), '.');
  if (fraction &&
      (fraction->empty() || fraction->find_first_not_of("0123456789") != std::string_view::npos)) {
    return std::nullopt;
  }
  const auto milliseconds = text::parseNumber(whole, 100000);
  if (!milliseconds || *milliseconds == 0) return std::nullopt;
  return static_cast<std::uint32_t>(*milliseconds);
}

std::optional<std::string> attributeProblem(const Attribute& attribute) {
  const std::string& name = attribute.name;
  const std::string_view value = attribute.value ? std::string_view(*attribute.value) : "";
  if (name == "rtpmap" && !parseRtpMap(value)) {
    return "a=rtpmap needs <payload type> <encoding>/<clock rate>[/<channels>]";
  }
  if (name == "fmtp" && !parseFmtp(value)) return "a=fmtp needs <format> <parameters>";
  if ((name == "ptime" || name == "maxptime") && !parsePacketTime(value)) {
    return "a=" + name + " needs a packet time in milliseconds";
  }
  if (name == "rtcp" && !parseRtcp(value)) {
    return "a=rtcp needs <port> [<nettype> <addrtype> <address>]";
  }
  return std::nullopt;
}

std::vector<RtpMap> rtpMaps(const Media& media) {
  std::vector<RtpMap> maps;
  for (const Attribute* attribute : findAttributes(media.attributes, "rtpmap")) {
    if (!attribute->value) continue;
    if (auto map = parseRtpMap(*attribute->value)) maps.push_back(std::move(*map));
  }
  return maps;
}

std::optional<RtpMap> payloadFormat(const Media& media, int payloadType) {
  for (RtpMap& map : rtpMaps(media)) {
    if (map.payloadType == payloadType) return std::move(map);
  }
  return staticPayloadType(payloadType);
}

std::optional<std::string> fmtpParameters(const Media& media, std::string_view format) {
  for (const Attribute* attribute : findAttributes(media.attributes, "fmtp")) {
    if (!attribute->value) continue;
    auto fmtp = parseFmtp(*attribute->value);
    if (fmtp && fmtp->format == format) return std::move(fmtp->parameters);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> packetTime(const Media& media) {
  return attributeNumber(media, "ptime");
}

std::optional<std::uint32_t> maxPacketTime(const Media& media) {
  return attributeNumber(media, "maxptime");
}

std::optional<Rtcp> rtcp(const Media& media) {
  const Attribute* attribute = findAttribute(media.attributes, "rtcp");
  if (!attribute || !attribute->value) return std::nullopt;
  return parseRtcp(*attribute->value);
}

bool rtcpMux(const Media& media) {
  return hasAttribute(media.attributes, "rtcp-mux");
}

} // namespace sb::sdp

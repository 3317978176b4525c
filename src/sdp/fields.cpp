#include "sdp/fields.hpp"

#include "sdp/rtp_attributes.hpp"
#include "sdp/text.hpp"

#include <cstdint>

namespace sb::sdp::fields {

using common::makeError;

Result<Origin> parseOrigin(std::string_view value) {
  const auto parts = text::splitFields(value);
  if (parts.size() != 6) {
    return makeError("o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
  }
  const auto version = text::parseNumber(parts[2], UINT64_MAX);
  if (!version) return makeError("o= session version must be a number below 2^64");
  return Origin{std::string(parts[0]), std::string(parts[1]), *version,
                std::string(parts[3]), std::string(parts[4]), std::string(parts[5])};
}

Result<Connection> parseConnection(std::string_view value) {
  const auto parts = text::splitFields(value);
  if (parts.size() != 3) return makeError("c= needs <nettype> <addrtype> <address>");
  return Connection{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

Result<Bandwidth> parseBandwidth(std::string_view value) {
  const auto [type, amount] = text::splitOnce(text::trim(value), ':');
  const auto number = amount ? text::parseNumber(*amount, UINT64_MAX) : std::nullopt;
  if (type.empty() || type.find(' ') != std::string_view::npos || !number) {
    return makeError("b= needs <type>:<bandwidth>");
  }
  return Bandwidth{std::string(type), *number};
}

Result<Timing> parseTiming(std::string_view value) {
  const auto parts = text::splitFields(value);
  if (parts.size() != 2) return makeError("t= needs <start time> <stop time>");
  const auto start = text::parseNumber(parts[0], UINT64_MAX);
  const auto stop = text::parseNumber(parts[1], UINT64_MAX);
  if (!start || !stop) return makeError("t= times must be numbers");
  return Timing{*start, *stop, {}};
}

Result<Media> parseMediaLine(std::string_view value) {
  // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  const auto parts = text::splitFields(value);
  if (parts.size() < 2) return makeError("m= needs a port");
  Media media;
  media.media = std::string(parts[0]);
  const auto [portText, countText] = text::splitOnce(parts[1], '/');
  const auto port = text::parseNumber(portText, 65535);
  if (!port) return makeError("m= port must be a number from 0 to 65535");
  media.port = static_cast<std::uint16_t>(*port);
  if (countText) {
    const auto count = text::parseNumber(*countText, UINT32_MAX);
    if (!count || *count == 0) return makeError("m= port count must be a positive number");
    media.portCount = static_cast<std::uint32_t>(*count);
  }
  if (parts.size() < 3) return makeError("m= needs a transport protocol");
  media.proto = std::string(parts[2]);
  for (std::size_t i = 3; i < parts.size(); ++i)
    media.formats.emplace_back(parts[i]);
  return media;
}

Result<Attribute> parseAttribute(std::string_view value) {
  const auto [name, rest] = text::splitOnce(value, ':');
  if (name.empty()) return makeError("a= needs an attribute name");
  Attribute attribute{std::string(name), std::nullopt};
  if (rest) attribute.value = std::string(*rest);
  if (auto problem = attributeProblem(attribute)) return makeError(std::move(*problem));
  return attribute;
}

} // namespace sb::sdp::fields

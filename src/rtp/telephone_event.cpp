#include "rtp/telephone_event.hpp"

#include "rtp/bytes.hpp"

#include <algorithm>
#include <string_view>

namespace sb::rtp {

namespace {
constexpr std::string_view kDtmfKeys = "0123456789*#ABCD";
}

common::Result<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload) {
  if (payload.size() < kTelephoneEventSize) return bytes::packetError("4733 too short");
  return TelephoneEvent{payload[0], (payload[1] & 0x80) != 0,
                        static_cast<std::uint8_t>(payload[1] & 0x3F), bytes::readU16(payload, 2)};
}

std::array<std::uint8_t, kTelephoneEventSize> writeTelephoneEvent(const TelephoneEvent& event) {
  std::array<std::uint8_t, kTelephoneEventSize> out{};
  out[0] = event.event;
  out[1] =
      static_cast<std::uint8_t>((event.end ? 0x80 : 0) | std::min<std::uint8_t>(event.volume, 63));
  bytes::writeU16(out, 2, event.duration);
  return out;
}

std::optional<char> dtmfKeyOf(std::uint8_t event) {
  if (event >= kDtmfKeys.size()) return std::nullopt;
  return kDtmfKeys[event];
}

std::optional<std::uint8_t> dtmfEventOf(char key) {
  if (key >= 'a' && key <= 'd') key = static_cast<char>(key - 'a' + 'A');
  const auto at = kDtmfKeys.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  return static_cast<std::uint8_t>(at);
}

} // namespace sb::rtp

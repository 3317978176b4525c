#pragma once
// The RFC 4733 telephone-event payload (2.3): one named event per packet, here the DTMF
// keys (events 0-15).
#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace sb::rtp {

inline constexpr std::size_t kTelephoneEventSize = 4;

struct TelephoneEvent {
  std::uint8_t event = 0;
  bool end = false;
  std::uint8_t volume = 0;    // 6 bits: the power level, 0 to -63 dBm0
  std::uint16_t duration = 0; // in timestamp units since the event's timestamp

  bool operator==(const TelephoneEvent&) const = default;
};

// Reads the first four bytes; the reserved bit is ignored, as 2.3.3 asks. Fewer than four
// bytes is an error.
common::Result<TelephoneEvent> parseTelephoneEvent(std::span<const std::uint8_t> payload);

// The four payload bytes of `event` (volume above 63 is cut to 63).
std::array<std::uint8_t, kTelephoneEventSize> writeTelephoneEvent(const TelephoneEvent& event);

// DTMF keys and their event codes (RFC 4733 3.2): 0-9, * is 10, # is 11, A-D are 12-15.
std::optional<char> dtmfKeyOf(std::uint8_t event);
std::optional<std::uint8_t> dtmfEventOf(char key);

} // namespace sb::rtp

#include "rtp/telephone_event_sender.hpp"

#include <algorithm>

namespace sb::rtp {

namespace {

constexpr int kEndPacketCopies = 3; // RFC 4733 2.5.1.4

std::uint16_t toUnits(common::Duration d, std::uint32_t clockRate) {
  const auto units = static_cast<std::uint64_t>(d.count()) * clockRate / 1000;
  return static_cast<std::uint16_t>(std::min<std::uint64_t>(units, 0xFFFF));
}

} // namespace

std::vector<EventPacket> keyPressPackets(std::uint8_t event, std::uint32_t timestamp,
                                         const EventSenderConfig& config) {
  const common::Duration interval = std::max(config.updateInterval, common::Duration{1});
  const auto tone = std::max(config.toneLength, common::Duration{1});
  const auto updates = static_cast<std::size_t>((tone + interval - common::Duration{1}) / interval);
  std::vector<EventPacket> packets;
  packets.reserve(updates + kEndPacketCopies - 1);
  for (std::size_t k = 0; k < updates; ++k) {
    const bool last = k + 1 == updates;
    const auto sofar = last ? tone : interval * static_cast<int>(k + 1);
    packets.push_back(
        EventPacket{k == 0, timestamp,
                    TelephoneEvent{event, last, config.volume, toUnits(sofar, config.clockRate)},
                    interval * static_cast<int>(k)});
  }
  for (int copy = 1; copy < kEndPacketCopies; ++copy) {
    EventPacket again = packets.back();
    again.marker = false;
    again.sendAfter += interval;
    packets.push_back(again);
  }
  return packets;
}

TelephoneEventSender::TelephoneEventSender(const common::Clock& clock, EventSenderConfig config)
    : clock_(clock), config_(config) {}

bool TelephoneEventSender::press(char key, std::uint32_t timestamp) {
  const auto event = dtmfEventOf(key);
  if (!event || !idle()) return false;
  plan_ = keyPressPackets(*event, timestamp, config_);
  next_ = 0;
  pressedAt_ = clock_.now();
  return true;
}

std::optional<EventPacket> TelephoneEventSender::poll() {
  if (idle() || clock_.now() - pressedAt_ < plan_[next_].sendAfter) return std::nullopt;
  return plan_[next_++];
}

} // namespace sb::rtp

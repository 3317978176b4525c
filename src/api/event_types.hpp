#pragma once
// The event types Switchboard publishes, on the WebSocket and to webhooks.
#include <array>
#include <string_view>

namespace sb::api {

inline constexpr std::array<std::string_view, 15> kEventTypes{
    "call.started",        // a call arrived (admins)
    "call.offered",        // a user is rung, with the screen-pop summary
    "call.offer_withdrawn", // the offer ended without this user answering; says who took it
    "call.accepted",       // a user took the call, with the full lead
    "call.ended",
    "voicemail.left",
    "follow_up.updated",   // opened, merged or closed
    "user.availability",
    "user.cool_down",      // started or ended
    "lead.assigned",
    "call.logged",         // notes, disposition, sentiment
    "call.transfer_started", // a transfer rings its target (to who transferred)
    "call.transferred",    // the target took the call (to both users)
    "call.transfer_failed", // declined, no answer, failed or cancelled (to who transferred)
    "lead.exception",      // a distributed lead nobody took (admins)
};

inline bool isEventType(std::string_view type) {
  for (auto known : kEventTypes)
    if (known == type) return true;
  return false;
}

} // namespace sb::api

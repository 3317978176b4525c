#pragma once
// What routing tells the B2BUA to do next for a call, and why (the routing trace, R-4).
#include <cstddef>
#include <string>
#include <vector>

#include "routing/model.hpp"

namespace sb::routing {

// One line of the call's routing trace.
struct TraceLine {
  std::string userId; // empty for step-level lines
  // "step", "offer", "skip", "dial", "voicemail", "hangup", "exhausted"
  std::string action;
  // e.g. "unavailable: lunch", "cool-down 12 s left", "on a call", "unreachable: no device",
  // "declined this call", "missed this call", "not in filter", "owner has no assigned number"
  std::string reason;

  bool operator==(const TraceLine&) const = default;
};

struct Decision {
  enum class Kind { Offer, Dial, Voicemail, Hangup };
  Kind kind = Kind::Hangup;
  // Offer: ring these users now, in this order (ring all: longest idle first). At most the
  // ring-all batch; ringing each user's devices is the caller's job.
  std::vector<std::string> users;
  std::string number; // Dial: the E.164 number to call through the trunk
  int ringTimeoutSeconds = 20;
  bool confirm = false;      // the step asks for a key press
  std::size_t stepIndex = 0; // the step that decided (flow index; default chain 0..4)
  StepType stepType = StepType::Owner;
  std::vector<TraceLine> trace; // every step passed and user considered, with the reason
};

std::string_view toString(Decision::Kind kind); // "offer", "dial", "voicemail", "hangup"

} // namespace sb::routing

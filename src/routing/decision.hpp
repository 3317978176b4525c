#pragma once
// What routing tells the B2BUA to do next for a call, and why (the routing trace, R-4).
#include <cstddef>
#include <string>
#include <vector>

#include "routing/model.hpp"
#include "routing/trace.hpp"

namespace sb::routing {

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
  std::vector<TraceLine> trace; // every step passed and user considered (see TraceLine: lifetime)
};

std::string_view toString(Decision::Kind kind); // "offer", "dial", "voicemail", "hangup"

} // namespace sb::routing

#pragma once
// The routing decision (R-2 .. ): given a call, the agents' live states and
// the flow, what to ring next and why. Pure: no I/O, no clock (the time comes in ctx.now).
#include <cstdint>
#include <map>
#include <string>

#include "routing/agent_board.hpp"
#include "routing/decision.hpp"
#include "routing/group.hpp"
#include "routing/lead_index.hpp"
#include "routing/model.hpp"
#include "routing/progress.hpp"

namespace sb::routing {

// Everything one decision reads. References: the caller keeps these alive for the call.
struct CallContext {
  const NumberInfo& number;
  const CallFlow* flow; // nullptr: the default chain
  const LeadInfo* lead; // the caller's lead; nullptr if none or ambiguous
  const Settings& settings;
  const AgentBoard& agents;
  const std::map<std::string, Group>& groups; // by group id
  EpochMs now;
  std::uint64_t randomSeed; // Strategy::Random draws from it, so tests are reproducible
};

// The next thing to do for the call. Call it at the start, and again whenever everything
// from the previous decision is over without an acceptance (every offer declined, missed
// or failed, the dial failed, voicemail could not start).
//
// A step continues while anyone eligible is left (the next ring-all batch, the next user
// for the one-at-a-time strategies), then the next step runs; a step with nobody to ring
// is skipped with a trace line. After the last step: Voicemail when settings enable it
// and it was not already tried, else Hangup.
//
// The default chain (R-2, ctx.flow == nullptr) is five steps: 0 the number's assigned user
// (if settings.ringAssignedUser), 1 the lead's owner (if the owner has an assigned
// number), 2 the forwarding number (Dial), 3 the company phone (Dial), 4 voicemail.
//
// Offered users are added to progress.done here; report declines and misses with
// markDone(progress, user, outcome) so later skips say why. The caller also tells the
// board (AgentBoard::offered / missed / declined), which next() only reads.
//
// The decision's trace refers to ids and words in what ctx refers to (see TraceLine):
// write it out before the board, the groups, the flow or the lead change.
Decision next(const CallContext& ctx, Progress& progress);

} // namespace sb::routing

#pragma once
// What routing remembers about one call between decisions, and eligibility.
// The caller (the B2BUA) owns one Progress per call and hands it to every next().
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "routing/agent_board.hpp"

namespace sb::routing {

// How an offer of this call to a user ended, for the trace of later skips.
enum class OfferOutcome { Offered, Declined, Missed };

struct Progress {
  std::size_t stepIndex = 0;
  bool stepStarted = false; // the current step has already produced a decision
  // Users offered this call (next() adds them as it offers), declined or missed it: never
  // offered this call again.
  std::set<std::string> done;
  std::map<std::string, OfferOutcome> outcomes; // why a user in `done` is; absent: Offered
  std::size_t sequentialNext = 0;               // sequential: next position in the step's order
  std::vector<std::uint64_t>
      tracedInStep;            // (user, reason) lines already in this step's trace, sorted
  std::uint64_t decisions = 0; // decisions made; varies the random draw
  bool voicemailGiven = false;
  bool finished = false; // a Hangup was decided; every later next() hangs up too
};

// Records that this call is over for the user (declined, missed, or their offer ended
// otherwise), so next() never offers it to them again. markDone without an outcome keeps
// a known outcome and otherwise records Offered.
void markDone(Progress& progress, const std::string& userId);
void markDone(Progress& progress, const std::string& userId, OfferOutcome outcome);

// R-4 eligibility alone, for previews ("who could take a call now"): nullopt when the
// user may be offered this call, else the reason shown in the trace: "declined this call",
// "missed this call", "already offered this call", "unavailable[: <reason>]", "on a call",
// "cool-down 12 s left", "unreachable: no device". Group filters are checked apart.
std::optional<std::string> skipReason(const AgentState& agent, const Progress& progress,
                                      EpochMs now);
// The same from the board's packed record of the user (what group steps read).
std::optional<std::string> skipReason(const AgentHot& agent, const std::string& userId,
                                      const Progress& progress, EpochMs now);

} // namespace sb::routing

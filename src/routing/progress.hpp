#pragma once
// What routing remembers about one call between decisions, and eligibility.
// The caller (the B2BUA) owns one Progress per call and hands it to every next().
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routing/agent_board.hpp"
#include "routing/trace.hpp"

namespace sb::routing {

// How an offer of this call to a user ended, for the trace of later skips.
enum class OfferOutcome { Offered, Declined, Missed };

// The users this call is over for, with how it ended for each. A flat table sorted by the
// board's id hash whose ids share one buffer: marking the ten users of a ring-all batch
// costs no allocation per user, where a std::set of strings cost two (bench/routing).
class DoneUsers {
public:
  // Adds the user with this outcome, or updates it; nullopt keeps a known outcome and
  // otherwise records Offered.
  void mark(std::string_view userId, std::optional<OfferOutcome> outcome);
  // How the call ended for the user; nullopt while it has not.
  std::optional<OfferOutcome> find(std::string_view userId) const;
  // The same with the id's AgentBoard::hashOf, which the board keeps for every user.
  std::optional<OfferOutcome> find(std::uint64_t idHash, std::string_view userId) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0; // the id's place in ids_
    std::uint32_t length = 0;
    OfferOutcome outcome = OfferOutcome::Offered;
  };
  Entry* entryOf(std::uint64_t hash, std::string_view userId);
  std::string_view idOf(const Entry& entry) const {
    return {ids_.data() + entry.offset, entry.length};
  }

  std::vector<Entry> entries_; // sorted by hash
  std::string ids_;            // every id, back to back
};

struct Progress {
  std::size_t stepIndex = 0;
  bool stepStarted = false; // the current step has already produced a decision
  // Users offered this call (next() adds them as it offers), declined or missed it: never
  // offered this call again.
  DoneUsers done;
  std::size_t sequentialNext = 0; // sequential: next position in the step's order
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
// The same as a trace reason, not formatted (what next() writes). An Unavailable reason
// refers to the user's AgentState for its words.
std::optional<TraceReason> skipCode(const AgentHot& agent, std::string_view userId,
                                    const Progress& progress, EpochMs now);

} // namespace sb::routing

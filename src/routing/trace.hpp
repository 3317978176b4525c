#pragma once
// The call's routing trace: one line per step passed and per user considered, with
// the reason. Lines refer to the ids and words routing read rather than copying them, so
// a decision that passes over forty users does not build eighty strings (bench/routing).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace sb::routing {

// Why a line was written. The reasons a user is passed over are kept as a code (with the
// seconds or the user's own words) and formatted only when text() is asked for.
class TraceReason {
public:
  enum class Code : std::uint8_t {
    Text,             // free text, owned (step-level lines)
    Literal,          // text with static storage ("ring_all", "lead owner")
    UnknownUser,      // "unknown user"
    NoAssignedNumber, // "owner has no assigned number"
    NotInFilter,      // "not in filter"
    Declined,         // "declined this call"
    Missed,           // "missed this call"
    AlreadyOffered,   // "already offered this call"
    Unavailable,      // "unavailable", or "unavailable: <the user's reason>"
    OnCall,           // "on a call"
    CoolDown,         // "cool-down <seconds> s left"
    Unreachable,      // "unreachable: no device"
  };

  TraceReason() = default;
  // Free text, e.g. {"", "note", "..."}: implicit so that a line reads like its text.
  TraceReason(std::string text) : text_(std::move(text)) {} // NOLINT(google-explicit-constructor)
  TraceReason(const char* text) : text_(text) {}            // NOLINT(google-explicit-constructor)

  // `text` must have static storage: it is not copied.
  static TraceReason literal(std::string_view text);
  // `words` (Unavailable: the user's reason) must outlive the line: it is not copied.
  static TraceReason of(Code code, std::int64_t seconds = 0, std::string_view words = {});

  Code code() const { return code_; }
  std::int64_t seconds() const { return seconds_; }
  // The words the line holds besides its code: the free text, the literal or the user's.
  std::string_view words() const { return code_ == Code::Text ? std::string_view(text_) : words_; }
  // What the trace shows, e.g. "cool-down 12 s left".
  std::string text() const;

  bool operator==(const TraceReason& other) const { return text() == other.text(); }

private:
  Code code_ = Code::Text;
  std::int64_t seconds_ = 0;
  std::string_view words_;
  std::string text_;
};

// One line of the call's routing trace.
//
// Lifetime: userId (and an Unavailable reason's words) point into what the decision read:
// the AgentBoard's AgentState, the group's member list, the flow, the number or the lead of
// the CallContext. They stay valid until one of those changes or goes away; the caller
// writes the trace out right after next() returns (CallRoutingService::writeTrace).
struct TraceLine {
  std::string_view userId; // empty for step-level lines
  // A literal: "step", "offer", "skip", "dial", "voicemail", "hangup", "exhausted", "note"
  std::string_view action;
  // e.g. "unavailable: lunch", "cool-down 12 s left", "on a call", "unreachable: no device",
  // "declined this call", "missed this call", "not in filter", "owner has no assigned number"
  TraceReason reason;

  bool operator==(const TraceLine&) const = default;
};

} // namespace sb::routing

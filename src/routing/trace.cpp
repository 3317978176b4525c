// Formats the trace's reasons: the texts users and admins read in the call's trace.
#include "routing/trace.hpp"

namespace sb::routing {

TraceReason TraceReason::literal(std::string_view text) {
  TraceReason r;
  r.code_ = Code::Literal;
  r.words_ = text;
  return r;
}

TraceReason TraceReason::of(Code code, std::int64_t seconds, std::string_view words) {
  TraceReason r;
  r.code_ = code;
  r.seconds_ = seconds;
  r.words_ = words;
  return r;
}

std::string TraceReason::text() const {
  switch (code_) {
  case Code::Text:
    return text_;
  case Code::Literal:
    return std::string(words_);
  case Code::UnknownUser:
    return "unknown user";
  case Code::NoAssignedNumber:
    return "owner has no assigned number";
  case Code::NotInFilter:
    return "not in filter";
  case Code::Declined:
    return "declined this call";
  case Code::Missed:
    return "missed this call";
  case Code::AlreadyOffered:
    return "already offered this call";
  case Code::Unavailable:
    return words_.empty() ? std::string("unavailable") : "unavailable: " + std::string(words_);
  case Code::OnCall:
    return "on a call";
  case Code::CoolDown:
    return "cool-down " + std::to_string(seconds_) + " s left";
  case Code::Unreachable:
    return "unreachable: no device";
  }
  return "?";
}

} // namespace sb::routing

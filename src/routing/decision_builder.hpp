#pragma once
// Internal to routing: builds one Decision and its trace while next() walks the steps.
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "routing/router.hpp"

namespace sb::routing {

class DecisionBuilder {
public:
  DecisionBuilder(const CallContext& ctx, Progress& progress) : ctx_(ctx), progress_(progress) {}

  const CallContext& ctx() const { return ctx_; }
  Progress& progress() { return progress_; }
  std::optional<TraceReason> ineligible(const AgentState& agent) const {
    return skipCode(AgentHot::of(agent), agent.userId, progress_, ctx_.now);
  }
  std::optional<TraceReason> ineligible(const AgentHot& agent, std::string_view userId) const {
    return skipCode(agent, userId, progress_, ctx_.now);
  }

  // Room for this many more lines, so that a big group's trace is one allocation rather
  // than a chain of growing ones (a third of a decision's time in bench/routing).
  void expectLines(std::size_t more) {
    auto& trace = decision_.trace;
    trace.reserve(trace.size() + std::min(more, kMaxSkipLines + 16));
    newKeys_.reserve(newKeys_.size() + std::min(more, kMaxSkipLines + 16));
  }

  // Step-level lines.
  void stepLine(std::string reason) { line({}, "step", std::move(reason)); }
  void skipStep(std::string reason) { line({}, "skip", std::move(reason)); }
  void exhaustedLine(std::string reason) { line({}, "exhausted", std::move(reason)); }
  // The lines refer to user ids rather than copy them: every userId given to skipUser and
  // offer must live in what the CallContext refers to (see TraceLine).
  // A user passed over. Written once per (user, reason) in a step, so a continued step
  // does not repeat its skips, and at most kMaxSkipLines per decision (a group of every
  // user could otherwise write thousands); flushSuppressed() counts the rest.
  void skipUser(std::string_view userId, TraceReason reason);
  void flushSuppressed();

  // The decision itself; each ends the walk over the steps.
  // `why` has static storage (a strategy's name, "lead owner").
  void offer(const Step& step, std::span<const std::string_view> users, std::string_view why);
  void dial(const Step& step, std::string number, std::string why);
  void voicemail(std::string why);
  void hangup(std::string why);

  // The walk moves on to the next step: its skips are traced afresh.
  void stepOver();
  // The finished decision; its lines are remembered for the rest of the step.
  Decision take();

  static constexpr std::size_t kMaxSkipLines = 100;

private:
  void line(std::string_view userId, std::string_view action, TraceReason reason) {
    decision_.trace.push_back(TraceLine{userId, action, std::move(reason)});
  }
  void settle(const Step& step, Decision::Kind kind);

  const CallContext& ctx_;
  Progress& progress_;
  Decision decision_;
  std::vector<std::uint64_t>
      newKeys_; // lines written by this decision (see Progress::tracedInStep)
  std::size_t skipLines_ = 0;
  std::size_t suppressed_ = 0;
};

// Steps that ring a group (group_step.cpp); true when they produced an offer.
bool runGroupStep(DecisionBuilder& builder, const Step& step);

} // namespace sb::routing

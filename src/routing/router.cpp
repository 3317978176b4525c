// next(): walks the flow's steps (or the default chain, R-2) from where the call is.
#include "routing/router.hpp"

#include "routing/decision_builder.hpp"

namespace sb::routing {

namespace {

constexpr std::size_t kAssignedUserStep = 0; // default chain step 1

// R-2 as steps, so that the default chain and flows share one walk.
std::vector<Step> defaultChain(const CallContext& ctx) {
  std::vector<Step> chain(5);
  const StepType types[] = {StepType::User, StepType::Owner, StepType::Forwarding,
                            StepType::Company, StepType::Voicemail};
  for (std::size_t i = 0; i < chain.size(); ++i) {
    chain[i].type = types[i];
    chain[i].ringTimeoutSeconds = ctx.settings.defaultRingTimeoutSeconds;
  }
  chain[kAssignedUserStep].userId = ctx.number.assignedUserId.value_or("");
  return chain;
}

// Appends what the step is to `out`, e.g. "group Sales (ring_all)".
void describe(const CallContext& ctx, const Step& step, std::string& out) {
  bool chain = ctx.flow == nullptr;
  switch (step.type) {
  case StepType::Owner:
    out += "lead owner";
    return;
  case StepType::User:
    out += chain ? "assigned user" : "user " + step.userId;
    return;
  case StepType::Group: {
    auto it = ctx.groups.find(step.groupId);
    out += "group ";
    out += it == ctx.groups.end() ? step.groupId : it->second.name;
    out += " (";
    out += toString(step.strategy);
    out += ")";
    return;
  }
  case StepType::Number:
    out += "number " + step.number;
    return;
  case StepType::Forwarding:
    out += "forwarding number";
    return;
  case StepType::Company:
    out += "company phone";
    return;
  case StepType::Voicemail:
    out += "voicemail";
    return;
  case StepType::Hangup:
    out += "hangup";
    return;
  }
  out += "?";
}

// "2/3 group Sales (ring_all)", built in one buffer: it is written on every decision.
std::string stepText(const CallContext& ctx, const Step& step, std::size_t index, std::size_t steps,
                     bool continued) {
  std::string text;
  text.reserve(64);
  text += std::to_string(index + 1);
  text += '/';
  text += std::to_string(steps);
  text += ' ';
  describe(ctx, step, text);
  if (continued) text += " (continued)";
  return text;
}

// One user: the flow's user, the number's assigned user, or the lead's owner. `userId`
// lives in the flow, the number or the lead, so the trace may refer to it (see TraceLine).
bool offerOne(DecisionBuilder& b, const Step& step, const std::string& userId, std::string_view why,
              bool needsAssignedNumber) {
  using Code = TraceReason::Code;
  const AgentState* agent = b.ctx().agents.find(userId);
  if (agent == nullptr) {
    b.skipUser(userId, TraceReason::of(Code::UnknownUser));
    return false;
  }
  if (needsAssignedNumber && !agent->hasAssignedNumber) {
    b.skipUser(agent->userId, TraceReason::of(Code::NoAssignedNumber));
    return false;
  }
  if (auto reason = b.ineligible(*agent)) {
    b.skipUser(agent->userId, std::move(*reason));
    return false;
  }
  const std::string_view chosen[] = {agent->userId};
  b.offer(step, chosen, why);
  return true;
}

bool runUserStep(DecisionBuilder& b, const Step& step) {
  bool chain = b.ctx().flow == nullptr;
  if (chain && !b.ctx().settings.ringAssignedUser) {
    b.skipStep("ring user assigned to number is off");
    return false;
  }
  if (step.userId.empty()) {
    b.skipStep(chain ? "number has no assigned user" : "step has no user");
    return false;
  }
  // The default chain's step is a copy that dies with next(); the number outlives the trace.
  const std::string& userId = chain ? *b.ctx().number.assignedUserId : step.userId;
  return offerOne(b, step, userId, chain ? "assigned user" : "user step", false);
}

bool runOwnerStep(DecisionBuilder& b, const Step& step) {
  const LeadInfo* lead = b.ctx().lead;
  if (lead == nullptr) {
    b.skipStep("caller has no lead");
    return false;
  }
  if (!lead->ownerUserId || lead->ownerUserId->empty()) {
    b.skipStep("lead has no owner");
    return false;
  }
  // in the default chain the owner rings only if they have a number of their own.
  bool chain = b.ctx().flow == nullptr;
  return offerOne(b, step, *lead->ownerUserId, "lead owner", chain);
}

bool runDialStep(DecisionBuilder& b, const Step& step) {
  const CallContext& ctx = b.ctx();
  std::string number;
  std::string what;
  if (step.type == StepType::Number) {
    number = step.number;
    what = "number";
  } else if (step.type == StepType::Forwarding) {
    number = ctx.number.forwardingNumber;
    what = "forwarding number";
  } else {
    number = ctx.settings.companyPhone;
    what = "company phone";
  }
  if (number.empty()) {
    b.skipStep("no " + what);
    return false;
  }
  // Calling the dialled number again through the trunk would loop back to us.
  if (number == ctx.number.e164) {
    b.skipStep(what + " " + number + " is the number called");
    return false;
  }
  b.dial(step, std::move(number), std::move(what));
  return true;
}

bool runStep(DecisionBuilder& b, const Step& step) {
  switch (step.type) {
  case StepType::User:
    return runUserStep(b, step);
  case StepType::Owner:
    return runOwnerStep(b, step);
  case StepType::Group:
    return runGroupStep(b, step);
  case StepType::Number:
  case StepType::Forwarding:
  case StepType::Company:
    return runDialStep(b, step);
  case StepType::Voicemail:
    if (!b.ctx().settings.voicemailEnabled) {
      b.skipStep("voicemail disabled");
      return false;
    }
    b.voicemail("voicemail step");
    return true;
  case StepType::Hangup:
    b.hangup("hangup step");
    return true;
  }
  return false;
}

void nextStep(DecisionBuilder& b) {
  Progress& p = b.progress();
  ++p.stepIndex;
  p.stepStarted = false;
  p.sequentialNext = 0;
  b.stepOver();
}

// after the last step, voicemail once (if enabled), then hang up.
void exhausted(DecisionBuilder& b) {
  const Settings& settings = b.ctx().settings;
  Progress& p = b.progress();
  b.exhaustedLine("no step left");
  if (settings.voicemailEnabled && !p.voicemailGiven) {
    b.voicemail("routing exhausted");
    ++p.decisions;
    return;
  }
  b.hangup(settings.voicemailEnabled ? "voicemail already tried" : "voicemail disabled");
}

} // namespace

std::string_view toString(Decision::Kind kind) {
  switch (kind) {
  case Decision::Kind::Offer:
    return "offer";
  case Decision::Kind::Dial:
    return "dial";
  case Decision::Kind::Voicemail:
    return "voicemail";
  case Decision::Kind::Hangup:
    return "hangup";
  }
  return "?";
}

Decision next(const CallContext& ctx, Progress& p) {
  DecisionBuilder b(ctx, p);
  if (p.finished) {
    b.hangup("routing already ended");
    return b.take();
  }
  std::vector<Step> chain;
  if (ctx.flow == nullptr) chain = defaultChain(ctx);
  const std::vector<Step>& steps = ctx.flow == nullptr ? chain : ctx.flow->steps;
  while (p.stepIndex < steps.size()) {
    const Step& step = steps[p.stepIndex];
    // Only a group has more than one thing to try; any other step that already decided
    // has had its turn.
    if (p.stepStarted && step.type != StepType::Group) {
      nextStep(b);
      continue;
    }
    b.stepLine(stepText(ctx, step, p.stepIndex, steps.size(), p.stepStarted));
    if (runStep(b, step)) {
      p.stepStarted = true;
      ++p.decisions;
      return b.take();
    }
    nextStep(b);
  }
  exhausted(b);
  return b.take();
}

} // namespace sb::routing

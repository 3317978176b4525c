#pragma once
// A small world for router tests: agents, groups, a number, maybe a flow and a lead, and
// the call's Progress. Everything routing reads, with the time and the seed fixed.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "routing/router.hpp"

namespace sb::routing::testing {

inline constexpr EpochMs kNow = 1'700'000'000'000;

// An agent who could take a call now: available, idle, one device.
inline AgentState agent(std::string id, EpochMs idleSince = 0) {
  AgentState a;
  a.userId = id;
  a.name = std::move(id);
  a.devices = 1;
  a.idleSince = idleSince;
  return a;
}

inline Step groupStep(std::string groupId, Strategy strategy, int ringTimeout = 20) {
  Step s;
  s.type = StepType::Group;
  s.groupId = std::move(groupId);
  s.strategy = strategy;
  s.ringTimeoutSeconds = ringTimeout;
  return s;
}

inline Step typedStep(StepType type) {
  Step s;
  s.type = type;
  return s;
}

struct World {
  Settings settings;
  AgentBoard agents;
  std::map<std::string, Group> groups;
  NumberInfo number{"+15550100000", std::nullopt, "", std::nullopt};
  std::optional<CallFlow> flow;
  std::optional<LeadInfo> lead;
  EpochMs now = kNow;
  std::uint64_t seed = 42;
  Progress progress;

  void add(AgentState a) { agents.upsert(std::move(a)); }
  void addGroup(std::string id, std::vector<std::string> members, std::string filter = "") {
    auto group = makeGroup(id, "G-" + id, std::move(members), filter);
    EXPECT_TRUE(group.ok()) << (group.ok() ? "" : group.error().message);
    if (group.ok()) groups[id] = std::move(*group);
  }
  void useFlow(std::vector<Step> steps) { flow = CallFlow{"f1", "flow", std::move(steps)}; }
  void callerLead(std::optional<std::string> owner,
                  nlohmann::json attributes = nlohmann::json::object()) {
    lead = LeadInfo{"lead-1", std::move(owner), std::move(attributes), "Pat Caller", 0};
  }

  Decision next() {
    CallContext ctx{
        number, flow ? &*flow : nullptr, lead ? &*lead : nullptr, settings, agents, groups, now,
        seed};
    return routing::next(ctx, progress);
  }
  // Every user of an offer let it ring out (R-11 missed).
  void missAll(const Decision& d) {
    for (const auto& u : d.users)
      markDone(progress, u, OfferOutcome::Missed);
  }
};

// The reason of the first trace line for this user and action; "<none>" when absent.
inline std::string reasonOf(const Decision& d, const std::string& userId,
                            const std::string& action) {
  for (const auto& line : d.trace) {
    if (line.userId == userId && line.action == action) return line.reason.text();
  }
  return "<none>";
}

inline bool hasLine(const Decision& d, const TraceLine& line) {
  return std::find(d.trace.begin(), d.trace.end(), line) != d.trace.end();
}

inline bool hasLine(const Decision& d, const std::string& userId, const std::string& action,
                    const std::string& reason) {
  return hasLine(d, TraceLine{userId, action, reason});
}

inline std::string traceText(const Decision& d) {
  std::string out;
  for (const auto& l : d.trace)
    out += "[" + std::string(l.userId) + "|" + std::string(l.action) + "|" + l.reason.text() + "] ";
  return out;
}

} // namespace sb::routing::testing

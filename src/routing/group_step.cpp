// A group step: who of the group may ring now, and in what order.
#include <algorithm>
#include <array>

#include "routing/decision_builder.hpp"
#include "routing/filter_bound.hpp"

namespace sb::routing {

namespace {

// A user of the group: the board's packed record (what eligibility, the filter and the
// ordering read) and the id to trace and offer (the group's own string when it lists
// members, so the full record is not read for it).
struct Candidate {
  const AgentHot* hot;
  const std::string* userId;
};
using Candidates = std::vector<Candidate>;

// splitmix64: a fixed, portable mix, so a seed gives the same draw on every platform.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool longerIdle(const Candidate& a, const Candidate& b) {
  if (a.hot->idleSince != b.hot->idleSince) return a.hot->idleSince < b.hot->idleSince;
  return *a.userId < *b.userId;
}

bool lessRecentlyOffered(const Candidate& a, const Candidate& b) {
  if (a.hot->lastOfferedAt != b.hot->lastOfferedAt) {
    return a.hot->lastOfferedAt < b.hot->lastOfferedAt;
  }
  return longerIdle(a, b);
}

bool byName(const Candidate& a, const Candidate& b) {
  const std::string& x = a.hot->state->name;
  const std::string& y = b.hot->state->name;
  if (x != y) return x < y;
  return *a.userId < *b.userId;
}

// The group's users in the group's order: its members (unknown ids and filter misses are
// traced), or every user (filter misses are not traced: there may be thousands).
Candidates candidatesOf(DecisionBuilder& b, const Group& group, Strategy strategy,
                        const nlohmann::json& lead) {
  Candidates out;
  const AgentBoard& agents = b.ctx().agents;
  std::optional<BoundFilter> filter;
  if (group.filter) filter.emplace(*group.filter, agents.attributeTable(), lead);
  if (!group.memberIds.empty()) {
    std::vector<std::uint32_t> indexes;
    agents.resolveMembers(&group, group.memberIds, indexes);
    out.reserve(indexes.size());
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      const std::string& id = group.memberIds[i];
      if (indexes[i] == AgentBoard::kUnknown) {
        b.skipUser(id, TraceReason::of(TraceReason::Code::UnknownUser));
        continue;
      }
      const AgentHot& hot = agents.hot(indexes[i]);
      if (filter && !filter->matches(hot)) {
        b.skipUser(id, TraceReason::of(TraceReason::Code::NotInFilter));
      } else {
        out.push_back(Candidate{&hot, &id});
      }
    }
    return out;
  }
  for (std::uint32_t index : agents.byUserId()) {
    const AgentHot& hot = agents.hot(index);
    if (!filter || filter->matches(hot)) out.push_back(Candidate{&hot, &hot.state->userId});
  }
  if (strategy == Strategy::Sequential) std::sort(out.begin(), out.end(), byName);
  return out;
}

// Sequential: once through the group in order, from where the last offer left off.
bool offerSequential(DecisionBuilder& b, const Step& step, const Candidates& candidates) {
  Progress& p = b.progress();
  for (std::size_t i = p.sequentialNext; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    if (auto reason = b.ineligible(*c.hot, *c.userId)) {
      b.skipUser(*c.userId, std::move(*reason));
      continue;
    }
    p.sequentialNext = i + 1;
    const std::string_view chosen[] = {*c.userId};
    b.offer(step, chosen, "sequential");
    return true;
  }
  p.sequentialNext = candidates.size();
  return false;
}

// The other strategies choose among everyone eligible now.
bool offerChosen(DecisionBuilder& b, const Step& step, const Candidates& candidates) {
  Candidates eligible;
  eligible.reserve(candidates.size());
  for (const Candidate& c : candidates) {
    if (auto reason = b.ineligible(*c.hot, *c.userId)) {
      b.skipUser(*c.userId, std::move(*reason));
    } else {
      eligible.push_back(c);
    }
  }
  if (eligible.empty()) return false;
  // Ids from the board or the group, which outlive the trace (see TraceLine).
  std::array<std::string_view, kMaxRingAllBatch> chosen;
  std::size_t count = 1;
  switch (step.strategy) {
  case Strategy::RingAll: {
    // at most the batch (never over 10), those idle longest first.
    auto batch =
        static_cast<std::size_t>(std::clamp(b.ctx().settings.ringAllBatch, 1, kMaxRingAllBatch));
    count = std::min(batch, eligible.size());
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(count),
                      eligible.end(), longerIdle);
    for (std::size_t i = 0; i < count; ++i)
      chosen[i] = *eligible[i].userId;
    break;
  }
  case Strategy::LongestIdle:
    chosen[0] = *std::min_element(eligible.begin(), eligible.end(), longerIdle)->userId;
    break;
  case Strategy::RoundRobin:
    chosen[0] = *std::min_element(eligible.begin(), eligible.end(), lessRecentlyOffered)->userId;
    break;
  case Strategy::Random:
  case Strategy::Sequential: { // (sequential is offerSequential's; listed for -Wswitch)
    auto draw = mix(b.ctx().randomSeed ^ mix(b.progress().decisions));
    chosen[0] = *eligible[static_cast<std::size_t>(draw % eligible.size())].userId;
    break;
  }
  }
  b.offer(step, std::span(chosen.data(), count), toString(step.strategy));
  return true;
}

} // namespace

bool runGroupStep(DecisionBuilder& b, const Step& step) {
  auto it = b.ctx().groups.find(step.groupId);
  if (it == b.ctx().groups.end()) {
    b.skipStep("unknown group " + step.groupId);
    return false;
  }
  const Group& group = it->second;
  static const nlohmann::json kNoLead = nlohmann::json::object();
  const nlohmann::json& lead = b.ctx().lead != nullptr ? b.ctx().lead->attributes : kNoLead;
  b.expectLines((group.memberIds.empty() ? b.ctx().agents.size() : group.memberIds.size()) + 2);
  Candidates candidates = candidatesOf(b, group, step.strategy, lead);
  bool offered = step.strategy == Strategy::Sequential ? offerSequential(b, step, candidates)
                                                       : offerChosen(b, step, candidates);
  b.flushSuppressed();
  if (!offered) b.skipStep("nobody eligible in group " + group.name);
  return offered;
}

} // namespace sb::routing

#include "bench_world.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>

namespace sb::routing::bench {

namespace {

constexpr EpochMs kNow = 1'700'000'000'000;
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::array<const char*, 50> kStates{
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
    "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
    "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};
constexpr std::array<const char*, 8> kFirst{"Ana",  "Ben",  "Chloe", "Dev",
                                            "Elif", "Femi", "Grace", "Hugo"};
constexpr std::array<const char*, 8> kLast{"Garcia",   "Nguyen", "Smith",  "Okafor",
                                           "Kowalski", "Haddad", "Tanaka", "Johansson"};

// The store's id shape (26 characters, time prefix then random), so sizes are realistic.
std::string storeLikeId(std::mt19937_64& rng, std::int64_t epochMs) {
  std::string id(26, '0');
  auto time = static_cast<std::uint64_t>(epochMs);
  for (int i = 9; i >= 0; --i, time >>= 5)
    id[static_cast<std::size_t>(i)] = kCrockford[time & 31U];
  std::uint64_t r = rng();
  for (std::size_t i = 10; i < 26; ++i, r >>= 4)
    id[i] = kCrockford[(r & 15U) + (i & 1U) * 16];
  return id;
}

int uniform(std::mt19937_64& rng, int lo, int hi) { // inclusive
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

const char* randomState(std::mt19937_64& rng) {
  return kStates[static_cast<std::size_t>(uniform(rng, 0, 49))];
}

std::string leadPhone(int lead, bool second) {
  return "+1" + std::to_string((second ? 3'000'000'000LL : 2'000'000'000LL) + lead);
}

// Live state spread like a busy floor: most idle, some away, on calls, cooling down.
void liveState(AgentState& a, std::mt19937_64& rng) {
  int roll = uniform(rng, 0, 99);
  a.devices = uniform(rng, 1, 3);
  if (roll < 10) {
    a.available = false;
    a.unavailableReason = roll < 5 ? "lunch" : "meeting";
  } else if (roll < 17) {
    a.onCall = true;
  } else if (roll < 22) {
    a.coolDownUntil = kNow + uniform(rng, 1, 60) * 1000;
  } else if (roll < 25) {
    a.devices = 0;
  }
  a.idleSince = kNow - uniform(rng, 0, 3'600'000);
  a.lastOfferedAt = kNow - uniform(rng, 0, 3'600'000);
}

std::vector<std::string> buildAgents(BenchWorld& w, std::mt19937_64& rng) {
  std::vector<std::string> ids;
  for (int i = 0; i < w.size.users; ++i) {
    AgentState a;
    a.userId = storeLikeId(rng, kNow - 86'400'000 + i);
    a.name = std::string(kFirst[static_cast<std::size_t>(i) % 8]) + " " +
             kLast[static_cast<std::size_t>(i / 8) % 8];
    nlohmann::json states = nlohmann::json::array();
    for (int n = uniform(rng, 1, 5); static_cast<int>(states.size()) < n;) {
      std::string s = randomState(rng);
      if (std::find(states.begin(), states.end(), s) == states.end()) states.push_back(s);
    }
    nlohmann::json languages = {"en"};
    if (uniform(rng, 0, 9) < 3) languages.push_back("es");
    a.attributes = {{"states", std::move(states)}, {"languages", std::move(languages)}};
    a.hasAssignedNumber = uniform(rng, 0, 9) < 3;
    liveState(a, rng);
    ids.push_back(a.userId);
    w.agents.upsert(std::move(a));
  }
  return ids;
}

void buildGroupsAndFlows(BenchWorld& w, const std::vector<std::string>& users,
                         std::mt19937_64& rng) {
  for (int g = 0; g < w.size.groups; ++g) {
    std::vector<std::string> members = users;
    std::shuffle(members.begin(), members.end(), rng);
    members.resize(static_cast<std::size_t>(std::min<int>(w.size.membersPerGroup, w.size.users)));
    std::string id = "g" + std::to_string(g);
    auto group = makeGroup(id, "Group " + std::to_string(g), std::move(members),
                           g % 2 == 0 ? "user.states contains lead.state" : "");
    w.groups.emplace(id, std::move(*group));

    NumberInfo number;
    number.e164 = "+1555" + std::to_string(1'000'000 + g);
    number.callFlowId = "f" + std::to_string(g);
    Step groupStep;
    groupStep.type = StepType::Group;
    groupStep.groupId = id;
    Step owner;
    owner.type = StepType::Owner;
    Step voicemail;
    voicemail.type = StepType::Voicemail;
    w.flows.push_back(CallFlow{*number.callFlowId, "flow " + id, {groupStep, owner, voicemail}});
    w.numbers.push_back(std::move(number));
  }
}

void buildLeads(BenchWorld& w, const std::vector<std::string>& users, std::mt19937_64& rng) {
  Memory before = memoryNow();
  auto start = std::chrono::steady_clock::now();
  w.leads.reserve(static_cast<std::size_t>(w.size.leads));
  std::vector<std::string> phones;
  for (int i = 0; i < w.size.leads; ++i) {
    LeadInfo lead;
    lead.id = storeLikeId(rng, kNow - 365LL * 86'400'000 + i * 1000LL);
    lead.name = std::string(kFirst[static_cast<std::size_t>(uniform(rng, 0, 7))]) + " " +
                kLast[static_cast<std::size_t>(uniform(rng, 0, 7))];
    lead.createdAt = kNow - 365LL * 86'400'000 + i * 1000LL;
    if (uniform(rng, 0, 9) < 7)
      lead.ownerUserId = users[static_cast<std::size_t>(uniform(rng, 0, w.size.users - 1))];
    lead.attributes = {{"state", randomState(rng)}, {"score", uniform(rng, 0, 100)}};
    phones.clear();
    phones.push_back(leadPhone(i, false));
    if (i % 2 == 1) phones.push_back(leadPhone(i, true));
    if (i % 1000 == 999) phones.push_back(leadPhone(i - 1, false)); // a shared household phone
    w.phonesIndexed += phones.size();
    w.leads.upsert(lead, phones);
  }
  w.leadLoadSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Memory after = memoryNow();
  w.leadMemory = Memory{after.rssBytes - before.rssBytes, after.heapBytes - before.heapBytes};
}

} // namespace

Memory memoryNow() {
  Memory m;
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0;
  std::int64_t resident = 0;
  statm >> size >> resident;
  m.rssBytes = resident * sysconf(_SC_PAGESIZE);
  struct mallinfo2 info = mallinfo2();
  m.heapBytes = static_cast<std::int64_t>(info.uordblks + info.hblkhd);
  return m;
}

void build(BenchWorld& world, WorldSize size) {
  world.size = size;
  std::mt19937_64 rng(20240601);
  auto users = buildAgents(world, rng);
  buildGroupsAndFlows(world, users, rng);
  buildLeads(world, users, rng);
}

std::string callerPhone(const BenchWorld& world, std::mt19937_64& rng) {
  if (uniform(rng, 0, 9) == 0)
    return "+1" + std::to_string(4'000'000'000LL + uniform(rng, 0, 999'999));
  int lead = uniform(rng, 0, world.size.leads - 1);
  return leadPhone(lead, lead % 2 == 1 && uniform(rng, 0, 1) == 1);
}

} // namespace sb::routing::bench

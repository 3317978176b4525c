#pragma once
// The world the routing benchmark decides in: 10,000 users, 200 groups (half filtered on
// the lead's state), 200 numbers each with the flow [group ring_all, owner, voicemail],
// and 1,000,000 leads with 1-2 phones and {state, score}. Deterministic (fixed seeds).
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "routing/router.hpp"

namespace sb::routing::bench {

struct WorldSize {
  int users = 10'000;
  int groups = 200;
  int membersPerGroup = 50;
  int leads = 1'000'000;
};

struct Memory {
  std::int64_t rssBytes = 0;  // resident set, from /proc/self/statm
  std::int64_t heapBytes = 0; // bytes malloc has handed out (mallinfo2)
};
Memory memoryNow();

struct BenchWorld {
  WorldSize size;
  Settings settings;
  AgentBoard agents;
  std::map<std::string, Group> groups;
  std::vector<NumberInfo> numbers;
  std::vector<CallFlow> flows; // flows[i] is numbers[i]'s
  LeadIndex leads;
  std::size_t phonesIndexed = 0;
  // Measured around the lead load only.
  Memory leadMemory;
  double leadLoadSeconds = 0;
};

// Builds everything; the leads last, with the memory they take measured.
void build(BenchWorld& world, WorldSize size);

// The phone a caller presents: a known lead's phone (90%), or an unknown number.
std::string callerPhone(const BenchWorld& world, std::mt19937_64& rng);

} // namespace sb::routing::bench

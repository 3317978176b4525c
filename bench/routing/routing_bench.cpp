// Routing decision latency and lead-index memory (see README.md). Each iteration is timed
// on its own so that the table can show p50 and p99, which Google Benchmark does not.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "bench_world.hpp"

namespace sb::routing::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr EpochMs kNow = 1'700'000'000'000;
constexpr int kIterations = 200'000;

BenchWorld& world() {
  static BenchWorld w;
  static bool built = [] {
    build(w, WorldSize{});
    return true;
  }();
  (void)built;
  return w;
}

struct Samples {
  std::vector<std::int64_t> ns;    // wall time (steady clock)
  std::vector<std::int64_t> cpuNs; // this thread's CPU time: what a busy machine cannot steal
  std::int64_t offers = 0;
  std::int64_t traceLines = 0;
};
std::map<std::string, Samples>& samples() {
  static std::map<std::string, Samples> s;
  return s;
}

double percentileUs(std::vector<std::int64_t> ns, double p) {
  if (ns.empty()) return 0;
  auto k = static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1));
  std::nth_element(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(k), ns.end());
  return static_cast<double>(ns[k]) / 1000.0;
}

std::int64_t threadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

template <typename Work> void timed(benchmark::State& state, Samples& out, Work&& work) {
  auto cpu0 = threadCpuNs();
  auto t0 = Clock::now();
  work();
  auto t1 = Clock::now();
  auto cpu1 = threadCpuNs();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
  state.SetIterationTime(static_cast<double>(ns) / 1e9);
  out.ns.push_back(ns);
  out.cpuNs.push_back(cpu1 - cpu0);
}

void reportPercentiles(benchmark::State& state, const Samples& s) {
  state.counters["p50_us"] = percentileUs(s.ns, 0.50);
  state.counters["p99_us"] = percentileUs(s.ns, 0.99);
}

// One decision as the B2BUA makes it for a new call: find the caller's leads, then next().
void BM_Decision(benchmark::State& state) {
  BenchWorld& w = world();
  Samples& s = samples()["lookup + next()"];
  s.ns.reserve(kIterations);
  s.cpuNs.reserve(kIterations);
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    std::size_t n = rng() % w.numbers.size();
    std::string phone = callerPhone(w, rng);
    std::uint64_t seed = rng();
    timed(state, s, [&] {
      auto leads = w.leads.findByPhone(phone);
      const LeadInfo* lead = leads.size() == 1 ? &leads[0] : nullptr; // several ask the agent
      Progress progress;
      CallContext ctx{w.numbers[n], &w.flows[n], lead, w.settings, w.agents, w.groups, kNow, seed};
      Decision d = next(ctx, progress);
      benchmark::DoNotOptimize(d);
      s.offers += d.kind == Decision::Kind::Offer ? 1 : 0;
      s.traceLines += static_cast<std::int64_t>(d.trace.size());
    });
  }
  reportPercentiles(state, s);
}

void BM_LeadLookup(benchmark::State& state) {
  BenchWorld& w = world();
  Samples& s = samples()["lookup"];
  s.ns.reserve(kIterations);
  s.cpuNs.reserve(kIterations);
  std::mt19937_64 rng(8);
  for (auto _ : state) {
    std::string phone = callerPhone(w, rng);
    timed(state, s, [&] { benchmark::DoNotOptimize(w.leads.findByPhone(phone)); });
  }
  reportPercentiles(state, s);
}

void BM_NextOnly(benchmark::State& state) {
  BenchWorld& w = world();
  Samples& s = samples()["next()"];
  s.ns.reserve(kIterations);
  s.cpuNs.reserve(kIterations);
  std::mt19937_64 rng(9);
  for (auto _ : state) {
    std::size_t n = rng() % w.numbers.size();
    auto leads = w.leads.findByPhone(callerPhone(w, rng));
    const LeadInfo* lead = leads.size() == 1 ? &leads[0] : nullptr;
    std::uint64_t seed = rng();
    timed(state, s, [&] {
      Progress progress;
      CallContext ctx{w.numbers[n], &w.flows[n], lead, w.settings, w.agents, w.groups, kNow, seed};
      benchmark::DoNotOptimize(next(ctx, progress));
    });
  }
  reportPercentiles(state, s);
}

// No routing at all: ~5 µs of arithmetic timed the same way, so the table shows what the
// machine itself does to a p99. On a shared VM, something (interrupts, the hypervisor)
// takes ~40 µs from the thread about every 0.6 ms; a decision that long is hit ~1% of
// the time, so p99 lands on those hits even when the code has no slow path.
void BM_MachineFloor(benchmark::State& state) {
  Samples& s = samples()["(machine: 5 µs of arithmetic)"];
  s.ns.reserve(kIterations);
  s.cpuNs.reserve(kIterations);
  std::uint64_t x = 1;
  for (auto _ : state) {
    timed(state, s, [&] {
      for (int i = 0; i < 5000; ++i) {
        x = x * 6364136223846793005ULL + 1;
        benchmark::DoNotOptimize(x);
      }
    });
  }
  reportPercentiles(state, s);
}

BENCHMARK(BM_Decision)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LeadLookup)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NextOnly)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MachineFloor)->UseManualTime()->Iterations(kIterations)->Unit(benchmark::kMicrosecond);

void printTable() {
  const BenchWorld& w = world();
  auto leads = static_cast<double>(w.size.leads);
  std::printf("\n## routing_bench\n\n");
  std::printf(
      "World: %d users, %d groups of %d (half filtered on lead.state), %d leads, %zu phones\n",
      w.size.users, w.size.groups, w.size.membersPerGroup, w.size.leads, w.phonesIndexed);
  std::printf(
      "Lead index: loaded in %.2f s; %.0f bytes/lead (RSS delta), %.0f bytes/lead (heap delta)\n\n",
      w.leadLoadSeconds, static_cast<double>(w.leadMemory.rssBytes) / leads,
      static_cast<double>(w.leadMemory.heapBytes) / leads);
  std::printf("| measure | iterations | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | CPU p50 µs "
              "| CPU p99 µs |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, s] : samples()) {
    std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", name.c_str(),
                s.ns.size(), percentileUs(s.ns, 0.5), percentileUs(s.ns, 0.9),
                percentileUs(s.ns, 0.99), percentileUs(s.ns, 0.999), percentileUs(s.ns, 1.0),
                percentileUs(s.cpuNs, 0.5), percentileUs(s.cpuNs, 0.99));
  }
  std::printf(
      "\n(p50..max: wall time per iteration; CPU: the thread's CPU time, which excludes\n"
      "time the thread was preempted but includes ~1 µs for reading that clock, a system call.)\n");
  if (auto it = samples().find("lookup + next()");
      it != samples().end() && !it->second.ns.empty()) {
    auto n = static_cast<double>(it->second.ns.size());
    std::printf("\nDecisions that offered: %.1f%%; trace lines per decision: %.1f\n",
                100.0 * static_cast<double>(it->second.offers) / n,
                static_cast<double>(it->second.traceLines) / n);
  }
}

} // namespace

} // namespace sb::routing::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  sb::routing::bench::world(); // build before any timing
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  sb::routing::bench::printTable();
  return 0;
}

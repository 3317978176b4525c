#include "report.hpp"

#include <cstdio>

namespace sb::bench::media_relay {

namespace {

const char* verdict(const StepRow& row) {
  if (row.passed) return "pass";
  if (!row.generatorBehind) return "FAIL";
  return row.relayHeld ? "no count: generator behind" : "FAIL, generator behind";
}

double percentOfCore(std::uint64_t cpuNanos, std::uint64_t windowNanos) {
  if (windowNanos == 0) return 0;
  return 100.0 * static_cast<double>(cpuNanos) / static_cast<double>(windowNanos);
}

// The passing step with the most calls, of one relay.
std::optional<StepRow> best(const std::vector<StepRow>& rows, const std::string& relay) {
  std::optional<StepRow> found;
  for (const StepRow& row : rows)
    if (row.relay == relay && row.passed && (!found || row.calls > found->calls)) found = row;
  return found;
}

// What ended the relay's search: the relay, or the generator falling behind while the relay held.
std::string limitedBy(const std::vector<StepRow>& rows, const std::string& relay, std::size_t best) {
  const StepRow* next = nullptr;
  for (const StepRow& row : rows)
    if (row.relay == relay && !row.passed && row.calls > best && (!next || row.calls < next->calls)) next = &row;
  if (next == nullptr) return "not reached (--max-calls)";
  const char* by = next->relayHeld ? "generator" : next->generatorBehind ? "relay, generator behind too" : "relay";
  return std::string(by) + " at " + std::to_string(next->calls);
}

double cpuPer100(const StepRow& row) {
  return row.calls == 0 ? 0 : row.relayCpuPercent * 100.0 / static_cast<double>(row.calls);
}

} // namespace

StepRow summarize(const std::string& relay, std::size_t calls, const StepResult& result,
                  const PassLimits& limits) {
  StepRow row;
  row.relay = relay;
  row.calls = calls;
  row.lossPercent = result.lossPercent();
  row.p50Millis = result.delay.percentileMillis(50);
  row.p99Millis = result.delay.percentileMillis(99);
  row.relayCpuPercent = percentOfCore(result.relayCpuNanos, result.windowNanos);
  row.generatorCpuPercent = percentOfCore(result.generatorCpuNanos, result.windowNanos);
  row.machineBusyPercent = result.machineBusyPercent;
  row.sendLagP99Millis = result.sendLag.percentileMillis(99);
  row.sendErrors = result.sendErrors;
  row.generatorBehind = row.sendLagP99Millis >= limits.maxSendLagMillis;
  row.relayHeld = row.lossPercent < limits.maxLossPercent && row.p99Millis < limits.maxP99Millis;
  row.passed = row.relayHeld && !row.generatorBehind;
  return row;
}

void printStepLine(const StepRow& r) {
  std::printf("  %-22s %5zu calls: loss %6.3f%%  delay p50 %6.3f p99 %7.3f ms  relay CPU %5.1f%%"
              "  generator CPU %5.1f%% (send lag p99 %.3f ms)  machine %3.0f%% busy  %s\n",
              r.relay.c_str(), r.calls, r.lossPercent, r.p50Millis, r.p99Millis, r.relayCpuPercent,
              r.generatorCpuPercent, r.sendLagP99Millis, r.machineBusyPercent, verdict(r));
  std::fflush(stdout);
}

void printStepTable(const std::vector<StepRow>& rows) {
  std::printf("\n| relay | calls | loss | p50 / p99 delay | relay CPU (%% of a core) | generator CPU | "
              "machine busy (2 CPUs) | send lag p99 | |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
  for (const StepRow& r : rows) {
    std::printf("| %s | %zu | %.3f%% | %.3f / %.3f ms | %.1f%% | %.1f%% | %.0f%% | %.3f ms | %s |\n",
                r.relay.c_str(), r.calls, r.lossPercent, r.p50Millis, r.p99Millis,
                r.relayCpuPercent, r.generatorCpuPercent, r.machineBusyPercent,
                r.sendLagP99Millis, verdict(r));
  }
}

void printSummary(const std::vector<StepRow>& rows, const std::vector<std::string>& relays,
                  const std::string& reference, const PassLimits& limits) {
  const auto ref = best(rows, reference);
  std::printf("\nHighest number of calls held with loss < %.1f%% and p99 delay < %.0f ms "
              "(generator on time: send lag p99 < %.0f ms):\n\n",
              limits.maxLossPercent, limits.maxP99Millis, limits.maxSendLagMillis);
  std::printf("| relay | max calls | CPU per 100 calls (%% of a core) | p50 / p99 delay at max | "
              "loss at max | next step failed by | max calls / rtpengine | CPU per call / rtpengine |\n"
              "|---|---:|---:|---:|---:|---|---:|---:|\n");
  for (const std::string& relay : relays) {
    const auto row = best(rows, relay);
    if (!row) {
      std::printf("| %s | none passed | | | | | | |\n", relay.c_str());
      continue;
    }
    std::string ratio, cpuRatio;
    if (ref && relay != reference && cpuPer100(*ref) > 0 && cpuPer100(*row) > 0) {
      char text[64];
      std::snprintf(text, sizeof text, "%.2f×", static_cast<double>(row->calls) / static_cast<double>(ref->calls));
      ratio = text;
      std::snprintf(text, sizeof text, "%.2f×", cpuPer100(*row) / cpuPer100(*ref));
      cpuRatio = text;
    }
    std::printf("| %s | %zu | %.2f | %.3f / %.3f ms | %.3f%% | %s | %s | %s |\n", relay.c_str(),
                row->calls, cpuPer100(*row), row->p50Millis, row->p99Millis, row->lossPercent,
                limitedBy(rows, relay, row->calls).c_str(), ratio.c_str(), cpuRatio.c_str());
  }
}

} // namespace sb::bench::media_relay

#pragma once
// What a run prints: one line per load step as it ends, and at the end the steps and the
// summary (highest passing number of calls per relay, CPU per 100 calls, the ratio
// Switchboard / rtpengine) as Markdown tables, ready for docs/benchmarks.md.
#include "load_generator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::bench::media_relay {

struct PassLimits {
  double maxLossPercent = 0.5;
  double maxP99Millis = 5.0;
  // The generator must send on time: beyond this p99 lateness the relay was not offered the
  // load as specified (the machine's CPUs are shared), and the step does not count.
  double maxSendLagMillis = 5.0;
};

struct StepRow {
  std::string relay;
  std::size_t calls = 0;
  double lossPercent = 0;
  double p50Millis = 0;
  double p99Millis = 0;
  double relayCpuPercent = 0;     // of one core
  double generatorCpuPercent = 0; // of one core
  double machineBusyPercent = 0;  // of the whole machine (all CPUs)
  double sendLagP99Millis = 0;
  std::uint64_t sendErrors = 0;
  bool relayHeld = false;       // loss and p99 delay within the limits
  bool generatorBehind = false; // send lag over the limit
  bool passed = false;
};

StepRow summarize(const std::string& relay, std::size_t calls, const StepResult& result,
                  const PassLimits& limits);
void printStepLine(const StepRow& row);
void printStepTable(const std::vector<StepRow>& rows);
// `ours` names the relays compared with the one called `reference`.
void printSummary(const std::vector<StepRow>& rows, const std::vector<std::string>& relays,
                  const std::string& reference, const PassLimits& limits);

} // namespace sb::bench::media_relay

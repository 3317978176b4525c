#pragma once
// CPU time as the kernel counts it: of a process's threads (/proc/<pid>/task/<tid>/schedstat,
// nanoseconds on a CPU) and of the whole machine (/proc/stat), so the bench can say how much
// of a core the relay, the load generator and everything else used during a step.
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sb::bench::media_relay {

// The thread ids of a process, now.
std::vector<pid_t> threadsOf(pid_t pid);
// Nanoseconds the given threads of `pid` have run; a thread that has gone counts 0.
std::uint64_t threadCpuNanos(pid_t pid, const std::vector<pid_t>& tids);
// Nanoseconds all of the process's threads have run.
std::uint64_t processCpuNanos(pid_t pid);

// Idle jiffies of all CPUs (idle + iowait, from the first line of /proc/stat) and when they
// were read. Busy time is what is not idle: the kernel measures idle exactly on a tickless
// kernel, while its user/system counts sample ticks and miss short bursts of work.
struct MachineTicks {
  std::uint64_t idle = 0;
  std::uint64_t wallNanos = 0;
};
MachineTicks machineTicks();
// Percent of the machine busy between two samples.
double busyPercent(const MachineTicks& before, const MachineTicks& after);

std::string loadAverage(); // the first three fields of /proc/loadavg
std::string cpuModel();    // "model name" from /proc/cpuinfo

} // namespace sb::bench::media_relay

#include "cpu_time.hpp"

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sb::bench::media_relay {

std::vector<pid_t> threadsOf(pid_t pid) {
  std::vector<pid_t> tids;
  const std::string path = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return tids;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
      tids.push_back(static_cast<pid_t>(std::stol(entry->d_name)));
  }
  closedir(dir);
  return tids;
}

std::uint64_t threadCpuNanos(pid_t pid, const std::vector<pid_t>& tids) {
  std::uint64_t sum = 0;
  for (pid_t tid : tids) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/schedstat");
    std::uint64_t ns = 0;
    if (in >> ns) sum += ns;
  }
  return sum;
}

std::uint64_t processCpuNanos(pid_t pid) { return threadCpuNanos(pid, threadsOf(pid)); }

MachineTicks machineTicks() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  MachineTicks ticks;
  // user nice system idle iowait ...
  std::uint64_t field[5] = {};
  for (std::uint64_t& value : field) in >> value;
  ticks.idle = field[3] + field[4];
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  ticks.wallNanos = static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(now.tv_nsec);
  return ticks;
}

double busyPercent(const MachineTicks& before, const MachineTicks& after) {
  const double cpus = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
  const double ticksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double possible = cpus * ticksPerSecond * static_cast<double>(after.wallNanos - before.wallNanos) / 1e9;
  if (possible <= 0) return 0;
  const double idle = static_cast<double>(after.idle - before.idle);
  return std::clamp(100.0 * (1.0 - idle / possible), 0.0, 100.0);
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

} // namespace sb::bench::media_relay

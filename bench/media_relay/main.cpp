// media-relay-bench: how many bridged G.711 calls (both directions, 50 packets/s each way)
// Switchboard's media engine holds against rtpengine's userspace relay, on loopback, in one
// run; with the loopback baseline (no relay) that shows what the generator itself costs.
// See bench/README.md.
#include "cpu_time.hpp"
#include "load_generator.hpp"
#include "report.hpp"
#include "rtpengine_relay.hpp"
#include "switchboard_relay.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

using namespace sb::bench::media_relay;

namespace {

struct Options {
  std::size_t startCalls = 50;
  std::size_t maxCalls = 2000;
  unsigned refine = 2;  // bisection steps between the last pass and the first failure
  unsigned retries = 1; // runs again of a failed step
  StepTiming timing;
  unsigned generatorThreads = 2;
  unsigned rtpengineThreads = 0;
  std::string rtpengine = "rtpengine";
  std::string rtpengineLog = "/tmp/media-relay-bench-rtpengine.log";
  std::vector<std::string> relays = {"loopback", "switchboard-1", "switchboard-2", "rtpengine"};
  PassLimits limits;
};

[[noreturn]] void usage() {
  std::puts(
      "media-relay-bench [--max-calls N] [--start-calls N] [--step-seconds S] [--warmup-ms MS]\n"
      "  [--refine K] [--retries R] [--generator-threads T] [--relays loopback,switchboard-1,switchboard-2,rtpengine]\n"
      "  [--rtpengine PATH] [--rtpengine-threads T] [--rtpengine-log FILE]\n"
      "  [--max-loss PERCENT] [--max-p99-ms MS] [--max-send-lag-ms MS]");
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || i + 1 >= argc) usage();
    const std::string value = argv[++i];
    if (arg == "--max-calls") o.maxCalls = std::stoul(value);
    else if (arg == "--start-calls") o.startCalls = std::stoul(value);
    else if (arg == "--step-seconds") o.timing.measure = std::chrono::milliseconds(static_cast<long>(std::stod(value) * 1000));
    else if (arg == "--warmup-ms") o.timing.warmup = std::chrono::milliseconds(std::stol(value));
    else if (arg == "--refine") o.refine = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--retries") o.retries = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--generator-threads") o.generatorThreads = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--rtpengine") o.rtpengine = value;
    else if (arg == "--rtpengine-threads") o.rtpengineThreads = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--rtpengine-log") o.rtpengineLog = value;
    else if (arg == "--max-loss") o.limits.maxLossPercent = std::stod(value);
    else if (arg == "--max-p99-ms") o.limits.maxP99Millis = std::stod(value);
    else if (arg == "--max-send-lag-ms") o.limits.maxSendLagMillis = std::stod(value);
    else if (arg == "--relays") {
      o.relays.clear();
      std::stringstream list(value);
      for (std::string name; std::getline(list, name, ',');) o.relays.push_back(name);
    } else usage();
  }
  return o;
}

// Ours on [4000, 19999] (4,000 calls), rtpengine on [20000, 32000] (about 3,000 calls), the
// generator's sides on the kernel's ephemeral ports above 32768: no relay takes another's.
std::unique_ptr<Relay> makeRelay(const std::string& name, const Options& o) {
  if (name == "loopback") return std::make_unique<DirectPath>();
  if (name == "switchboard-1") return std::make_unique<SwitchboardRelay>(1, 4000, 19999);
  if (name == "switchboard-2") return std::make_unique<SwitchboardRelay>(2, 4000, 19999);
  if (name == "rtpengine") {
    RtpengineOptions options;
    options.binary = o.rtpengine;
    options.threads = o.rtpengineThreads;
    options.logFile = o.rtpengineLog;
    return std::make_unique<RtpengineRelay>(options);
  }
  throw std::runtime_error("unknown relay " + name);
}

StepRow runOne(Relay& relay, std::size_t calls, const Options& o) {
  CallSockets sockets(calls);
  const auto routes = relay.connect(sockets.sides());
  StepRow row;
  try {
    row = summarize(relay.name(), calls, runStep(sockets, routes, o.generatorThreads, o.timing, relay), o.limits);
  } catch (...) {
    relay.disconnect();
    throw;
  }
  relay.disconnect();
  printStepLine(row);
  return row;
}

// One step; a failed one is run again --retries times (the machine is shared, and one
// descheduled moment can fail a step). Every run is kept in `rows`; the last one decides.
bool step(Relay& relay, std::size_t calls, const Options& o, std::vector<StepRow>& rows) {
  for (unsigned attempt = 0;; ++attempt) {
    rows.push_back(runOne(relay, calls, o));
    if (rows.back().passed || attempt >= o.retries) return rows.back().passed;
  }
}

// Doubles the calls from --start-calls until a step fails, then bisects --refine times.
void search(Relay& relay, const Options& o, std::vector<StepRow>& rows) {
  std::optional<std::size_t> passed, failed;
  for (std::size_t n = o.startCalls; n <= o.maxCalls; n *= 2) {
    if (!step(relay, n, o, rows)) {
      failed = n;
      break;
    }
    passed = n;
  }
  for (unsigned i = 0; i < o.refine && passed && failed; ++i) {
    const std::size_t middle = (*passed + *failed) / 2 / 10 * 10;
    if (middle <= *passed || middle >= *failed) break;
    (step(relay, middle, o, rows) ? passed : failed) = middle;
  }
}

void raiseFileLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

void printMachine(const Options& o) {
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  std::printf("media-relay-bench, %s\nmachine: %u CPUs (%s), load average %s at start\n", when,
              std::thread::hardware_concurrency(), cpuModel().c_str(), loadAverage().c_str());
  std::printf("each step: %ld ms warm-up, %ld ms measured, %u generator threads; pass: loss < %.1f%%, "
              "p99 < %.1f ms, generator send lag p99 < %.1f ms\n",
              static_cast<long>(o.timing.warmup.count()), static_cast<long>(o.timing.measure.count()),
              o.generatorThreads, o.limits.maxLossPercent, o.limits.maxP99Millis,
              o.limits.maxSendLagMillis);
  std::puts("note: the load generator runs on the same CPUs as the relay; its CPU and how late it\n"
            "sent (send lag) are shown per step. delay is one-way, from the send to the packet's\n"
            "arrival at the receiving socket (kernel timestamp), through the relay; the loopback\n"
            "rows are the same generator with no relay: the kernel's and the generator's share.");
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  raiseFileLimit();
  printMachine(options);
  std::vector<StepRow> rows;
  std::vector<std::string> names;
  for (const std::string& relayName : options.relays) {
    try {
      auto relay = makeRelay(relayName, options);
      names.push_back(relay->name());
      std::printf("%s\n", relay->name().c_str());
      search(*relay, options, rows);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "%s: %s\n", relayName.c_str(), error.what());
    }
  }
  printStepTable(rows);
  printSummary(rows, names, "rtpengine (userspace)", options.limits);
  std::printf("\nload average at end: %s\n", loadAverage().c_str());
  return 0;
}

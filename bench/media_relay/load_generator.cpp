#include "load_generator.hpp"

#include "cpu_time.hpp"
#include "generator_thread.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <latch>
#include <stdexcept>
#include <thread>

namespace sb::bench::media_relay {

namespace {

constexpr std::size_t kBuckets = 100'000; // µs

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

} // namespace

DelayHistogram::DelayHistogram() : buckets_(kBuckets + 1, 0) {}

void DelayHistogram::add(std::uint64_t nanos) {
  ++buckets_[std::min<std::uint64_t>(nanos / 1000, kBuckets)];
  ++count_;
}

void DelayHistogram::merge(const DelayHistogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
}

double DelayHistogram::percentileMillis(double percent) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(percent / 100.0 * static_cast<double>(count_ - 1));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen > rank) return static_cast<double>(i) / 1000.0;
  }
  return static_cast<double>(kBuckets) / 1000.0;
}

double StepResult::lossPercent() const {
  if (sent == 0) return 100;
  const auto lost = sent > received ? sent - received : 0;
  return 100.0 * static_cast<double>(lost) / static_cast<double>(sent);
}

CallSockets::CallSockets(std::size_t calls) {
  sockets_.reserve(2 * calls);
  for (std::size_t i = 0; i < 2 * calls; ++i) sockets_.emplace_back();
}

std::vector<CallSides> CallSockets::sides() const {
  std::vector<CallSides> out;
  for (std::size_t i = 0; i < calls(); ++i) out.push_back({sockets_[2 * i].port(), sockets_[2 * i + 1].port()});
  return out;
}

StepResult runStep(const CallSockets& sockets, const std::vector<CallRoute>& routes,
                   unsigned threads, const StepTiming& timing, const Relay& relay) {
  threads = std::max(1u, threads);
  const std::size_t sideCount = 2 * sockets.calls();
  std::vector<std::vector<Side>> shares(threads);
  for (std::size_t call = 0; call < sockets.calls(); ++call) {
    for (std::uint32_t agent = 0; agent < 2; ++agent) {
      Side side;
      side.index = static_cast<std::uint32_t>(2 * call + agent);
      side.partner = side.index ^ 1u;
      side.fd = sockets.at(side.index).fd();
      side.destination = loopback(agent ? routes[call].agentSendsTo : routes[call].callerSendsTo);
      side.phase = side.index * kPacketTimeNanos / sideCount;
      side.ssrc = 0x5B000000u + side.index;
      side.sequence = static_cast<std::uint16_t>(side.index * 7919u);
      side.timestamp = side.index * 104729u;
      shares[call % threads].push_back(side);
    }
  }

  const auto ns = [](std::chrono::milliseconds ms) { return static_cast<std::uint64_t>(ms.count()) * 1'000'000u; };
  Window window;
  window.start = nowNanos() + 50'000'000;
  window.measureFrom = window.start + ns(timing.warmup);
  window.measureTo = window.measureFrom + ns(timing.measure);
  window.end = window.measureTo + ns(timing.drain);

  std::vector<StepResult> partial(threads);
  std::vector<pid_t> tids(threads);
  std::latch started(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      tids[t] = gettid();
      started.count_down();
      GeneratorThread(std::move(shares[t]), window).run(partial[t]);
    });
  }
  started.wait();
  const auto sleepUntil = [](std::uint64_t at) {
    const std::uint64_t now = nowNanos();
    if (at > now) std::this_thread::sleep_for(std::chrono::nanoseconds(at - now));
  };
  sleepUntil(window.measureFrom);
  const std::uint64_t relayBefore = relay.cpuNanos();
  const std::uint64_t generatorBefore = threadCpuNanos(getpid(), tids);
  const MachineTicks machineBefore = machineTicks();
  const std::uint64_t from = nowNanos();
  sleepUntil(window.measureTo);
  StepResult result;
  result.relayCpuNanos = relay.cpuNanos() - relayBefore;
  result.generatorCpuNanos = threadCpuNanos(getpid(), tids) - generatorBefore;
  result.machineBusyPercent = busyPercent(machineBefore, machineTicks());
  result.windowNanos = nowNanos() - from;
  for (std::thread& worker : workers) worker.join();
  for (const StepResult& part : partial) {
    result.sent += part.sent;
    result.received += part.received;
    result.sendErrors += part.sendErrors;
    result.delay.merge(part.delay);
    result.sendLag.merge(part.sendLag);
  }
  return result;
}

} // namespace sb::bench::media_relay

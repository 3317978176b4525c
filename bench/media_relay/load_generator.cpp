#include "load_generator.hpp"

#include "cpu_time.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace sb::bench::media_relay {

namespace {

constexpr std::uint64_t kPacketTimeNanos = 20'000'000;
constexpr std::size_t kBuckets = 100'000; // µs
constexpr unsigned kBatch = 16;

std::uint64_t nanos(const timespec& ts) {
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

// Pacing runs on the monotonic clock (std::chrono::steady_clock on Linux).
std::uint64_t nowNanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return nanos(ts);
}

// Delay is measured against the kernel's receive timestamp (SO_TIMESTAMPNS: when the packet
// reached the side's socket), so a generator thread that is late to read does not add to the
// relay's delay. That timestamp is on the real-time clock, so the send stamp is too.
std::uint64_t wallNanos() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return nanos(ts);
}

std::optional<std::uint64_t> receivedAt(const msghdr& message) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&message), c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      return nanos(ts);
    }
  }
  return std::nullopt;
}

// One side of one call, as its generator thread sees it.
struct Side {
  int fd = -1;
  sockaddr_in destination{};
  std::uint32_t index = 0;   // global: 2 * call (+1 for the agent)
  std::uint32_t partner = 0; // the index of the side it hears
  std::uint64_t phase = 0;   // its send offset in every 20 ms
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t count = 0;
};

struct Window {
  std::uint64_t start = 0; // first deadline of the step
  std::uint64_t measureFrom = 0;
  std::uint64_t measureTo = 0;
  std::uint64_t end = 0;
};

class GeneratorThread {
public:
  GeneratorThread(std::vector<Side> sides, const Window& window)
      : sides_(std::move(sides)), window_(window) {}

  void run(StepResult& result) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) throw std::runtime_error("epoll_create1 failed");
    for (std::uint32_t i = 0; i < sides_.size(); ++i) {
      const int on = 1;
      setsockopt(sides_[i].fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.u32 = i;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, sides_[i].fd, &event);
    }
    loop(result);
    ::close(epoll_);
  }

private:
  void loop(StepResult& result) {
    std::size_t cursor = 0;
    std::uint64_t cycle = 0;
    bool sending = !sides_.empty();
    std::uint64_t deadline = sending ? window_.start + sides_[0].phase : 0;
    std::array<epoll_event, 256> events{};
    for (;;) {
      std::uint64_t now = nowNanos();
      if (now >= window_.end) return;
      while (sending && deadline <= now) {
        now = send(sides_[cursor], deadline, result);
        if (++cursor == sides_.size()) {
          cursor = 0;
          ++cycle;
        }
        deadline = window_.start + cycle * kPacketTimeNanos + sides_[cursor].phase;
        sending = deadline < window_.measureTo;
      }
      const std::uint64_t wakeAt = sending ? deadline : window_.end;
      const std::uint64_t wait = wakeAt > now ? wakeAt - now : 0;
      const timespec timeout{static_cast<time_t>(wait / 1'000'000'000u),
                             static_cast<long>(wait % 1'000'000'000u)};
      const int ready = epoll_pwait2(epoll_, events.data(), static_cast<int>(events.size()),
                                     &timeout, nullptr);
      for (int i = 0; i < ready; ++i) receive(sides_[events[static_cast<std::size_t>(i)].data.u32], result);
    }
  }

  std::uint64_t send(Side& side, std::uint64_t deadline, StepResult& result) {
    const std::uint64_t now = nowNanos();
    writePacket(packet_, side.ssrc, side.sequence++, side.timestamp, {wallNanos(), side.index, side.count++});
    side.timestamp += static_cast<std::uint32_t>(kPcmuPayloadSize);
    // Counted by the count, so sender and receiver agree on which packets are in the window.
    const bool counted = inWindow(side.count - 1);
    const auto sent = ::sendto(side.fd, packet_.data(), packet_.size(), 0,
                               reinterpret_cast<const sockaddr*>(&side.destination),
                               sizeof side.destination);
    if (counted) {
      ++result.sent;
      result.sendLag.add(now - deadline);
      if (sent != static_cast<ssize_t>(packet_.size())) ++result.sendErrors;
    }
    return now;
  }

  void receive(const Side& side, StepResult& result) {
    std::array<mmsghdr, kBatch> messages{};
    std::array<iovec, kBatch> vectors{};
    for (unsigned i = 0; i < kBatch; ++i) {
      vectors[i] = {inbox_[i].data(), inbox_[i].size()};
      messages[i].msg_hdr.msg_iov = &vectors[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_control = control_[i].data();
      messages[i].msg_hdr.msg_controllen = control_[i].size();
    }
    const int got = recvmmsg(side.fd, messages.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (got <= 0) return;
    const std::uint64_t now = wallNanos();
    for (unsigned i = 0; i < static_cast<unsigned>(got); ++i) {
      const auto stamp = readPacket({inbox_[i].data(), messages[i].msg_len});
      if (!stamp || stamp->senderIndex != side.partner || !inWindow(stamp->count)) continue;
      const std::uint64_t at = receivedAt(messages[i].msg_hdr).value_or(now);
      ++result.received;
      result.delay.add(at > stamp->sendNanos ? at - stamp->sendNanos : 0);
    }
  }

  // The packets counted are the same numbers for every side: those whose deadline falls in
  // the measured window (each side sends one per 20 ms from window.start).
  bool inWindow(std::uint32_t count) const { return count >= firstCounted_ && count < lastCounted_; }

  std::vector<Side> sides_;
  Window window_;
  std::uint32_t firstCounted_ = static_cast<std::uint32_t>((window_.measureFrom - window_.start) / kPacketTimeNanos);
  std::uint32_t lastCounted_ = static_cast<std::uint32_t>((window_.measureTo - window_.start) / kPacketTimeNanos);
  int epoll_ = -1;
  PacketBuffer packet_{};
  std::array<std::array<std::uint8_t, 2048>, kBatch> inbox_{};
  std::array<std::array<std::uint8_t, 64>, kBatch> control_{};
};

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

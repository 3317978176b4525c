#include "generator_thread.hpp"

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <stdexcept>

namespace sb::bench::media_relay {

namespace {

std::uint64_t nanos(const timespec& ts) {
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
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

} // namespace

std::uint64_t nowNanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return nanos(ts);
}

void GeneratorThread::run(StepResult& result) {
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

void GeneratorThread::loop(StepResult& result) {
  std::size_t cursor = 0;
  std::uint64_t cycle = 0;
  bool sending = !sides_.empty();
  std::uint64_t deadline = sending ? window_.start + sides_[0].phase : 0;
  std::array<epoll_event, 256> events{};
  for (;;) {
    std::uint64_t now = nowNanos();
    if (now >= window_.end) return;
    // A generator that has fallen behind still reads between bursts of sends.
    for (unsigned burst = 0; sending && deadline <= now && burst < kBatch * 4; ++burst) {
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

std::uint64_t GeneratorThread::send(Side& side, std::uint64_t deadline, StepResult& result) {
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

void GeneratorThread::receive(const Side& side, StepResult& result) {
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

} // namespace sb::bench::media_relay

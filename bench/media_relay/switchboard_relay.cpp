#include "switchboard_relay.hpp"

#include "cpu_time.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace sb::bench::media_relay {

namespace {

sdp::AudioStream pcmuPeer(std::uint16_t port) {
  sdp::AudioStream stream;
  stream.codec = sdp::RtpMap{0, "PCMU", 8000, 1};
  stream.packetTime = 20;
  stream.remoteAddress = "127.0.0.1";
  stream.remoteRtpPort = port;
  // The bench's sides have no RTCP socket: RTCP goes to the RTP port, where it is ignored,
  // rather than to port + 1, which may be another side's RTP socket.
  stream.rtcpMux = true;
  stream.remoteRtcpAddress = "127.0.0.1";
  stream.remoteRtcpPort = port;
  return stream;
}

} // namespace

SwitchboardRelay::SwitchboardRelay(unsigned threads, std::uint16_t firstPort, std::uint16_t lastPort)
    : threads_(threads) {
  media::EngineConfig config;
  config.bindAddress = "127.0.0.1";
  config.advertisedAddress = "127.0.0.1";
  config.firstPort = firstPort;
  config.lastPort = lastPort;
  config.threads = threads;
  const auto before = threadsOf(getpid());
  engine_ = std::make_unique<media::Engine>(config, events_);
  for (pid_t tid : threadsOf(getpid()))
    if (std::find(before.begin(), before.end(), tid) == before.end()) engineThreads_.push_back(tid);
  if (engineThreads_.size() != threads)
    throw std::runtime_error("expected " + std::to_string(threads) + " engine threads, found " +
                             std::to_string(engineThreads_.size()));
  portsFree_ = engine_->stats().portsFree;
}

SwitchboardRelay::~SwitchboardRelay() { disconnect(); }

std::string SwitchboardRelay::name() const {
  return "switchboard, " + std::to_string(threads_) + (threads_ == 1 ? " thread" : " threads");
}

std::vector<CallRoute> SwitchboardRelay::connect(const std::vector<CallSides>& calls) {
  std::vector<CallRoute> routes;
  for (const CallSides& call : calls) {
    const std::string callId = "bench-" + std::to_string(++callSerial_);
    auto caller = engine_->openLeg(callId);
    auto agent = engine_->openLeg(callId);
    if (!caller || !agent) throw std::runtime_error("switchboard: no free port pair");
    legs_.push_back(caller->id);
    legs_.push_back(agent->id);
    engine_->configure(caller->id, pcmuPeer(call.callerPort));
    engine_->configure(agent->id, pcmuPeer(call.agentPort));
    engine_->bridge(caller->id, agent->id);
    routes.push_back({caller->rtpPort, agent->rtpPort});
  }
  return routes;
}

void SwitchboardRelay::disconnect() {
  for (media::LegId leg : legs_) engine_->closeLeg(leg);
  legs_.clear();
  // Legs close on their threads; the next step needs their ports back.
  const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engine_->stats().portsFree < portsFree_ && std::chrono::steady_clock::now() < giveUp)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

std::uint64_t SwitchboardRelay::cpuNanos() const { return threadCpuNanos(getpid(), engineThreads_); }

} // namespace sb::bench::media_relay

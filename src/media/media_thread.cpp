#include "media/media_thread.hpp"

#include "media/udp_transport.hpp"

#include "common/log.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace sb::media {

namespace asio = boost::asio;

namespace {
// Recordings advance and flush on this tick; silent peers are looked for on it too.
constexpr std::chrono::milliseconds kTick{100};
} // namespace

MediaThread::MediaThread(common::Duration mediaTimeout, LegContext context, PortPool& pool)
    : mediaTimeout_(mediaTimeout), context_(context), pool_(pool), work_(asio::make_work_guard(io_)),
      tickTimer_(io_), nextTick_(std::chrono::steady_clock::now()), thread_([this] { io_.run(); }) {
  asio::post(io_, [this] { scheduleTick(); });
}

MediaThread::~MediaThread() {
  shutdown();
  if (thread_.joinable()) thread_.join();
}

void MediaThread::shutdown() {
  asio::post(io_, [this] {
    stopping_ = true;
    tickTimer_.cancel();
    closeAll();
  });
  work_.reset();
}

void MediaThread::closeAll() {
  for (auto& recording : recordings_)
    recording->finish(steadyNow());
  recordings_.clear();
  for (auto& [id, leg] : legs_) {
    leg->setPartner(nullptr);
    leg->setCallRecording(nullptr);
    leg->close();
  }
  legs_.clear();
}

Leg* MediaThread::find(LegId id) {
  auto it = legs_.find(id);
  return it == legs_.end() ? nullptr : it->second.get();
}

void MediaThread::addLeg(LegId id, BoundPair ports) {
  if (stopping_) {
    pool_.release(ports.rtpPort);
    context_.counters.legsOpen.fetch_sub(1);
    return;
  }
  auto transport = std::make_shared<UdpTransport>(id, std::move(ports), pool_);
  auto leg = std::make_shared<Leg>(id, transport, transport->executor(), context_);
  leg->start();
  legs_.emplace(id, std::move(leg));
}

void MediaThread::addWebRtcLeg(LegId id, BoundPair ports, WebRtcLegSetup setup) {
  if (stopping_) {
    pool_.release(ports.rtpPort);
    context_.counters.legsOpen.fetch_sub(1);
    return;
  }
  auto transport = std::make_shared<WebRtcTransport>(id, std::move(ports), pool_, std::move(setup), context_.counters);
  auto leg = std::make_shared<Leg>(id, transport, transport->executor(), context_);
  leg->start();
  legs_.emplace(id, std::move(leg));
}

void MediaThread::configure(LegId id, const sdp::AudioStream& stream) {
  if (Leg* leg = find(id)) leg->configure(stream);
}

void MediaThread::bridge(LegId a, LegId b) {
  Leg* first = find(a);
  Leg* second = find(b);
  if (!first || !second || first == second) {
    SB_LOG_WARN("media: cannot bridge legs {} and {}", a, b);
    return;
  }
  if (first->partner() == second) return;
  unbridge(a);
  unbridge(b);
  first->setPartner(second);
  second->setPartner(first);
}

void MediaThread::unbridge(LegId id) {
  Leg* leg = find(id);
  if (!leg) return;
  endCallRecordings(id);
  if (Leg* partner = leg->partner()) {
    endCallRecordings(partner->id());
    partner->setPartner(nullptr);
    leg->setPartner(nullptr);
  }
}

void MediaThread::handOver(LegId kept, LegId next) {
  Leg* keptLeg = find(kept);
  Leg* nextLeg = find(next);
  if (!keptLeg || !nextLeg || keptLeg == nextLeg) {
    SB_LOG_WARN("media: cannot hand leg {} over to {}", kept, next);
    return;
  }
  Leg* old = keptLeg->partner();
  if (old == nextLeg) return;
  unbridge(next); // whatever `next` was part of ends; `kept`'s recording is not touched
  CallRecording* recording = keptLeg->callRecording();
  if (old) {
    old->setPartner(nullptr);
    if (old->callRecording() == recording) old->setCallRecording(nullptr);
  }
  keptLeg->setPartner(nextLeg);
  nextLeg->setPartner(keptLeg);
  if (recording && old) {
    recording->replaceLeg(old->id(), next);
    nextLeg->setCallRecording(recording);
  }
}

void MediaThread::play(LegId id, SharedPcm audio, bool loop, std::uint64_t playId) {
  if (Leg* leg = find(id)) leg->play(std::move(audio), loop, playId);
}

void MediaThread::stopPlaying(LegId id) {
  if (Leg* leg = find(id)) leg->stopPlaying();
}

void MediaThread::recordCall(LegId caller, LegId agent, const std::filesystem::path& wav) {
  Leg* callerLeg = find(caller);
  Leg* agentLeg = find(agent);
  if (!callerLeg || !agentLeg || callerLeg == agentLeg) {
    SB_LOG_WARN("media: cannot record legs {} and {}", caller, agent);
    return;
  }
  endCallRecordings(caller);
  endCallRecordings(agent);
  auto recording = CallRecording::start(caller, agent, wav, steadyNow());
  if (!recording) {
    SB_LOG_ERROR("media: cannot record the call to {}: {}", wav.string(),
                 recording.error().message);
    return;
  }
  callerLeg->setCallRecording(recording->get());
  agentLeg->setCallRecording(recording->get());
  recordings_.push_back(std::move(recording).value());
}

void MediaThread::endCallRecordings(LegId id) {
  const auto now = steadyNow();
  std::erase_if(recordings_, [&](const std::unique_ptr<CallRecording>& recording) {
    if (!recording->involves(id)) return false;
    for (LegId side : {recording->caller(), recording->agent()}) {
      if (Leg* leg = find(side); leg && leg->callRecording() == recording.get())
        leg->setCallRecording(nullptr);
    }
    recording->finish(now);
    return true;
  });
}

void MediaThread::recordLeg(LegId id, std::filesystem::path wav, common::Duration maxLength,
                            bool stopOnPound) {
  if (Leg* leg = find(id)) leg->recordPeer(std::move(wav), maxLength, stopOnPound);
}

void MediaThread::stopRecordingLeg(LegId id) {
  if (Leg* leg = find(id)) leg->stopRecordingPeer(RecordingEnd::Closed);
}

void MediaThread::closeLeg(LegId id) {
  auto it = legs_.find(id);
  if (it == legs_.end()) return;
  unbridge(id);
  endCallRecordings(id);
  it->second->close();
  legs_.erase(it);
}

// Due times follow from the first, not from when the last tick ran, so they do not drift.
void MediaThread::scheduleTick() {
  if (stopping_) return;
  nextTick_ += kTick;
  const auto now = std::chrono::steady_clock::now();
  if (nextTick_ < now - kTick * 10) nextTick_ = now; // far behind (suspended): start again
  tickTimer_.expires_at(nextTick_);
  tickTimer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    tick();
    scheduleTick();
  });
}

void MediaThread::tick() {
  const auto now = steadyNow();
  for (auto& recording : recordings_)
    recording->tick(now);
  // A leg's check may report to the signalling side, which may answer at once with a
  // command; that command is posted, so the map does not change under this loop.
  for (auto& [id, leg] : legs_)
    leg->tick(now, mediaTimeout_);
}

} // namespace sb::media

#include "media/engine.hpp"

#include "common/log.hpp"
#include "media/counters.hpp"
#include "media/media_thread.hpp"
#include "media/port_pool.hpp"
#include "media/webrtc/srtp.hpp"
#include "media/webrtc/webrtc_transport.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <functional>
#include <mutex>

namespace sb::media {

namespace asio = boost::asio;

namespace {
// A leg id carries the index of its media thread in its low byte, so commands are routed
// without a shared map: (sequence << 8) | thread.
constexpr unsigned kThreadBits = 8;
constexpr unsigned kMaxThreads = 1u << kThreadBits;
} // namespace

struct Engine::Impl {
  Impl(EngineConfig engineConfig, EngineEvents& engineEvents)
      : config(std::move(engineConfig)), events(engineEvents),
        pool(config.bindAddress, config.firstPort, config.lastPort) {
    const unsigned count = std::clamp(config.threads, 1u, kMaxThreads);
    for (unsigned i = 0; i < count; ++i) {
      threads.push_back(
          std::make_unique<MediaThread>(config.mediaTimeout, LegContext{events, counters}, pool));
    }
  }

  // The thread of a leg, or nullptr for an id no leg of ours ever had.
  MediaThread* threadOf(LegId leg) const {
    const auto index = static_cast<std::size_t>(leg & (kMaxThreads - 1));
    if ((leg >> kThreadBits) == 0 || index >= threads.size()) return nullptr;
    return threads[index].get();
  }

  template <typename Command> void post(LegId leg, Command command) {
    if (MediaThread* thread = threadOf(leg)) {
      asio::post(thread->io(),
                 [thread, command = std::move(command)]() mutable { command(*thread); });
    }
  }

  // The certificate of every WebRTC leg, made on first use (nullptr if that failed).
  std::shared_ptr<const webrtc::DtlsIdentity> identity() {
    std::call_once(identityMade, [this] {
      auto made = webrtc::DtlsIdentity::generate();
      if (made) {
        dtlsIdentity = std::move(made).value();
      } else {
        SB_LOG_ERROR("media: no DTLS certificate, WebRTC legs cannot be opened: {}", made.error().message);
      }
    });
    return dtlsIdentity;
  }

  EngineConfig config;
  EngineEvents& events; // the engine's owner, outlives it
  std::once_flag identityMade;
  std::shared_ptr<const webrtc::DtlsIdentity> dtlsIdentity;
  Counters counters;
  PortPool pool;
  std::atomic<std::uint64_t> nextSequence{1};
  std::vector<std::unique_ptr<MediaThread>> threads; // last: their legs use the above
};

Engine::Engine(EngineConfig config, EngineEvents& events)
    : impl_(std::make_unique<Impl>(std::move(config), events)) {
  // Here rather than on a media thread at the first browser call's DTLS: libsrtp's start
  // took 35-45 ms on the bench machine, all of it added to that call's click to audio.
  if (!webrtc::SrtpSession::initialiseLibrary()) SB_LOG_ERROR("media: libsrtp failed to initialise; WebRTC legs will fail");
}

Engine::~Engine() = default;

common::Result<LegAddress> Engine::openLeg(std::string_view callId, LegKind kind) {
  const std::size_t index = std::hash<std::string_view>{}(callId) % impl_->threads.size();
  MediaThread& thread = *impl_->threads[index];
  std::shared_ptr<const webrtc::DtlsIdentity> identity;
  if (kind == LegKind::WebRtc) {
    identity = impl_->identity();
    if (!identity) return common::makeError("no DTLS certificate for a WebRTC leg", 503);
  }
  auto ports = impl_->pool.acquire(thread.io());
  if (!ports) return ports.error();
  const LegId id = (impl_->nextSequence.fetch_add(1) << kThreadBits) | index;
  impl_->counters.legsOpen.fetch_add(1);
  LegAddress address{id, impl_->config.advertisedAddress, ports->rtpPort, std::nullopt};
  auto pair = std::make_shared<BoundPair>(std::move(ports).value());
  if (kind == LegKind::Rtp) {
    asio::post(thread.io(), [&thread, id, pair] { thread.addLeg(id, std::move(*pair)); });
    return address;
  }
  WebRtcLegSetup setup{webrtc::randomIceCredentials(), identity, impl_->config.consentTimeout};
  address.webrtc = sdp::WebRtcParameters{setup.ice.ufrag, setup.ice.pwd,
                                         sdp::Fingerprint{"sha-256", identity->fingerprint()},
                                         sdp::DtlsSetup::ActPass};
  asio::post(thread.io(), [&thread, id, pair, setup = std::move(setup)]() mutable {
    thread.addWebRtcLeg(id, std::move(*pair), std::move(setup));
  });
  return address;
}

void Engine::configure(LegId leg, const sdp::AudioStream& stream) {
  impl_->post(leg, [leg, stream](MediaThread& t) { t.configure(leg, stream); });
}

void Engine::bridge(LegId a, LegId b) {
  if (impl_->threadOf(a) != impl_->threadOf(b)) {
    SB_LOG_ERROR("media: legs {} and {} are on different media threads, not bridged", a, b);
    return;
  }
  impl_->post(a, [a, b](MediaThread& t) { t.bridge(a, b); });
}

void Engine::handOver(LegId kept, LegId next) {
  if (impl_->threadOf(kept) != impl_->threadOf(next)) {
    SB_LOG_ERROR("media: legs {} and {} are on different media threads, not bridged", kept, next);
    return;
  }
  impl_->post(kept, [kept, next](MediaThread& t) { t.handOver(kept, next); });
}

void Engine::unbridge(LegId leg) {
  impl_->post(leg, [leg](MediaThread& t) { t.unbridge(leg); });
}

void Engine::play(LegId leg, SharedPcm audio, bool loop, std::uint64_t playId) {
  impl_->post(leg, [leg, audio = std::move(audio), loop, playId](MediaThread& t) mutable {
    t.play(leg, std::move(audio), loop, playId);
  });
}

void Engine::stopPlaying(LegId leg) {
  impl_->post(leg, [leg](MediaThread& t) { t.stopPlaying(leg); });
}

void Engine::recordCall(LegId caller, LegId agent, std::filesystem::path wav) {
  if (impl_->threadOf(caller) != impl_->threadOf(agent)) {
    SB_LOG_ERROR("media: legs {} and {} are on different media threads, not recorded", caller,
                 agent);
    return;
  }
  impl_->post(caller, [caller, agent, wav = std::move(wav)](MediaThread& t) {
    t.recordCall(caller, agent, wav);
  });
}

void Engine::recordLeg(LegId leg, std::filesystem::path wav, common::Duration maxLength,
                       bool stopOnPound) {
  impl_->post(leg, [leg, wav = std::move(wav), maxLength, stopOnPound](MediaThread& t) mutable {
    t.recordLeg(leg, std::move(wav), maxLength, stopOnPound);
  });
}

void Engine::stopRecordingLeg(LegId leg) {
  impl_->post(leg, [leg](MediaThread& t) { t.stopRecordingLeg(leg); });
}

void Engine::closeLeg(LegId leg) {
  impl_->post(leg, [leg](MediaThread& t) { t.closeLeg(leg); });
}

EngineStats Engine::stats() const {
  const Counters& c = impl_->counters;
  EngineStats stats;
  stats.legsOpen = c.legsOpen.load();
  stats.packetsReceived = c.packetsReceived.load();
  stats.packetsSent = c.packetsSent.load();
  stats.packetsIgnored = c.packetsIgnored.load();
  stats.webrtcFailures = c.webrtcFailures.load();
  stats.portsFree = impl_->pool.freeCount();
  return stats;
}

} // namespace sb::media

#pragma once
// One media thread: an io_context run by its own std::thread, the legs that live on it,
// their bridges and call recordings, and the periodic check that advances recordings and
// watches for silent peers. Its command methods run on the thread itself (the engine posts
// them), so nothing here needs a lock.
#include "media/call_recording.hpp"
#include "media/engine.hpp"
#include "media/leg.hpp"
#include "media/port_pool.hpp"
#include "media/webrtc/webrtc_transport.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <thread>
#include <vector>

namespace sb::media {

class MediaThread {
public:
  MediaThread(common::Duration mediaTimeout, LegContext context, PortPool& pool);
  ~MediaThread(); // after shutdown(): waits for the thread to end
  MediaThread(const MediaThread&) = delete;
  MediaThread& operator=(const MediaThread&) = delete;

  boost::asio::io_context& io() { return io_; }
  // Closes every leg and lets the thread run out; call from any thread, then destroy.
  void shutdown();

  // Commands, on the thread.
  void addLeg(LegId id, BoundPair ports);
  void addWebRtcLeg(LegId id, BoundPair ports, WebRtcLegSetup setup);
  void configure(LegId id, const sdp::AudioStream& stream);
  void bridge(LegId a, LegId b);
  void unbridge(LegId id);
  void handOver(LegId kept, LegId next);
  void play(LegId id, SharedPcm audio, bool loop, std::uint64_t playId);
  void stopPlaying(LegId id);
  void recordCall(LegId caller, LegId agent, const std::filesystem::path& wav);
  void recordLeg(LegId id, std::filesystem::path wav, common::Duration maxLength, bool stopOnPound);
  void stopRecordingLeg(LegId id);
  void closeLeg(LegId id);

private:
  Leg* find(LegId id);
  void endCallRecordings(LegId id);
  void closeAll();
  void scheduleTick();
  void tick();

  common::Duration mediaTimeout_;
  LegContext context_;
  PortPool& pool_; // where a leg's ports go back
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer tickTimer_;
  std::chrono::steady_clock::time_point nextTick_;
  bool stopping_ = false;
  // Shared only so that pending socket and timer handlers can see a leg has gone (weak_ptr).
  std::map<LegId, std::shared_ptr<Leg>> legs_;
  std::vector<std::unique_ptr<CallRecording>> recordings_;
  std::thread thread_; // last: starts once everything above exists
};

} // namespace sb::media

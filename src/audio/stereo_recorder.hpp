#pragma once
// Records a call as stereo, caller on the left and agent on the right, aligned in time
// . Each side's audio is placed where its RTP timestamps say it belongs, anchored to
// wall time by the side's first packet, so jitter and reordering move nothing; a stretch
// that no packet covered stays silent. Frames are handed on once they are older than the
// jitter window, when no late packet can change them any more.
#include "common/clock.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace sb::audio {

class StereoRecorder {
public:
  enum class Side { Caller = 0, Agent = 1 }; // left, right

  class Listener {
  public:
    virtual ~Listener() = default;
    // Interleaved left/right frames, in time order, each exactly once.
    virtual void onStereoFrames(std::span<const std::int16_t> interleaved) = 0;
  };

  struct Config {
    std::uint32_t sampleRate = 8000;
    common::Duration jitterWindow{200};
    // A side whose timestamps stray this far from its packets' arrival times is anchored
    // again: the sender restarted its clock or drifted.
    common::Duration resyncAfter{1000};
  };

  StereoRecorder(Listener& listener, common::TimePoint start, Config config);
  StereoRecorder(Listener& listener, common::TimePoint start)
      : StereoRecorder(listener, start, Config{}) {}

  // One decoded frame from a side, `rtpTimestamp` in samples of the sample rate. A frame
  // that lands before what has been handed on is cut to what is still open.
  void add(Side side, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
           std::span<const std::int16_t> pcm, common::TimePoint arrival);
  // Hands on everything older than `now` minus the jitter window.
  void advance(common::TimePoint now);
  // Hands on everything up to `now` or the last sample placed, whichever is later.
  void finish(common::TimePoint now);

  // Frames handed on so far.
  std::int64_t framesWritten() const { return written_; }

private:
  struct Anchor {
    bool set = false;
    std::uint32_t ssrc = 0;
    std::int64_t position = 0; // frame index of `timestamp`
    std::uint32_t timestamp = 0;
  };

  std::int64_t framesAt(common::TimePoint t) const;
  std::int64_t positionOf(Side side, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
                          std::int64_t arrivalPosition);
  void emitUpTo(std::int64_t position);
  std::size_t slotOf(std::int64_t position) const {
    return static_cast<std::size_t>(position % capacity_);
  }

  Listener& listener_; // the call's recording, outlives this recorder
  common::TimePoint start_;
  Config config_;
  std::int64_t windowFrames_;
  std::int64_t resyncFrames_;
  std::int64_t capacity_;          // frames the ring holds
  std::vector<std::int16_t> ring_; // interleaved, frame p at slot p % capacity_
  std::int64_t written_ = 0;       // frames before this have been handed on
  std::int64_t highestPlaced_ = 0; // one past the last frame any side filled
  std::array<Anchor, 2> anchors_{};
};

} // namespace sb::audio

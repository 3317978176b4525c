#include "audio/stereo_recorder.hpp"

#include <algorithm>
#include <cstdlib>

namespace sb::audio {

StereoRecorder::StereoRecorder(Listener& listener, common::TimePoint start, Config config)
    : listener_(listener), start_(start), config_(config),
      windowFrames_(config.jitterWindow.count() * config.sampleRate / 1000),
      resyncFrames_(config.resyncAfter.count() * config.sampleRate / 1000),
      // Room for the window, a side running ahead by up to the resync limit, and a second.
      capacity_(windowFrames_ + resyncFrames_ + config.sampleRate),
      ring_(static_cast<std::size_t>(capacity_) * 2, 0) {}

std::int64_t StereoRecorder::framesAt(common::TimePoint t) const {
  return (t - start_).count() * config_.sampleRate / 1000;
}

// Within one SSRC a frame goes where its timestamp says, relative to the side's anchor; a
// new SSRC, or timestamps too far from the arrival time, anchor the side again at the
// frame's arrival.
std::int64_t StereoRecorder::positionOf(Side side, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
                                        std::int64_t arrivalPosition) {
  Anchor& anchor = anchors_[static_cast<std::size_t>(side)];
  if (anchor.set && anchor.ssrc == ssrc) {
    const auto offset = static_cast<std::int32_t>(rtpTimestamp - anchor.timestamp);
    const std::int64_t position = anchor.position + offset;
    if (std::llabs(position - arrivalPosition) <= resyncFrames_) return position;
  }
  anchor = Anchor{true, ssrc, arrivalPosition, rtpTimestamp};
  return arrivalPosition;
}

void StereoRecorder::add(Side side, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
                         std::span<const std::int16_t> pcm, common::TimePoint arrival) {
  const auto length = static_cast<std::int64_t>(pcm.size());
  // A packet arrives once its last sample was spoken: its first one is `length` earlier.
  const std::int64_t begin = positionOf(side, ssrc, rtpTimestamp, framesAt(arrival) - length);
  const std::int64_t end = begin + length;
  if (end <= written_) return;
  if (end - written_ > capacity_) emitUpTo(end - capacity_);
  const std::size_t channel = static_cast<std::size_t>(side);
  for (std::int64_t p = std::max(begin, written_); p < end; ++p) {
    ring_[slotOf(p) * 2 + channel] = pcm[static_cast<std::size_t>(p - begin)];
  }
  highestPlaced_ = std::max(highestPlaced_, end);
}

void StereoRecorder::emitUpTo(std::int64_t position) {
  while (written_ < position) {
    const std::size_t slot = slotOf(written_);
    const auto run =
        std::min<std::int64_t>(position - written_, capacity_ - static_cast<std::int64_t>(slot));
    const auto frames = std::span(ring_).subspan(slot * 2, static_cast<std::size_t>(run) * 2);
    listener_.onStereoFrames(frames);
    std::fill(frames.begin(), frames.end(), std::int16_t{0}); // silence until filled again
    written_ += run;
  }
}

void StereoRecorder::advance(common::TimePoint now) {
  emitUpTo(framesAt(now) - windowFrames_);
}

void StereoRecorder::finish(common::TimePoint now) {
  emitUpTo(std::max(framesAt(now), highestPlaced_));
}

} // namespace sb::audio

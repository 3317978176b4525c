#include "media/leg_recording.hpp"

#include "common/log.hpp"

#include <algorithm>

namespace sb::media {

namespace {
constexpr std::size_t kHoldBackSamples = 800; // 100 ms at 8 kHz
constexpr common::Duration kFlushEvery{1000};
// How long after the maximum length a silent peer's recording is ended by the clock.
constexpr common::Duration kOverdueGrace{500};
} // namespace

LegRecording::LegRecording(std::filesystem::path path, common::Duration maxLength, bool stopOnPound,
                           common::TimePoint now)
    : path_(std::move(path)),
      maxSamples_(static_cast<std::uint64_t>(std::max<std::int64_t>(maxLength.count(), 0)) * 8),
      maxLength_(maxLength), stopOnPound_(stopOnPound), started_(now), lastFlush_(now) {}

bool LegRecording::open() {
  auto writer = audio::WavWriter::create(path_, audio::WavFormat{1, 8000});
  if (!writer) {
    openError_ = writer.error().message;
    return false;
  }
  writer_ = std::move(writer).value();
  return true;
}

bool LegRecording::add(std::span<const std::int16_t> pcm) {
  if (!writer_) return false;
  const auto room = static_cast<std::size_t>(maxSamples_ - std::min(samples_, maxSamples_));
  const auto taken = pcm.first(std::min(room, pcm.size()));
  heldBack_.insert(heldBack_.end(), taken.begin(), taken.end());
  samples_ += taken.size();
  if (heldBack_.size() > kHoldBackSamples) {
    const std::size_t out = heldBack_.size() - kHoldBackSamples;
    write(std::span(heldBack_).first(out));
    heldBack_.erase(heldBack_.begin(), heldBack_.begin() + static_cast<std::ptrdiff_t>(out));
  }
  return samples_ >= maxSamples_;
}

bool LegRecording::overdue(common::TimePoint now) const {
  return now - started_ >= maxLength_ + kOverdueGrace;
}

void LegRecording::write(std::span<const std::int16_t> pcm) {
  writer_->write(pcm);
}

void LegRecording::tick(common::TimePoint now) {
  if (!writer_ || now - lastFlush_ < kFlushEvery) return;
  lastFlush_ = now;
  if (auto flushed = writer_->flush(); !flushed) {
    SB_LOG_WARN("media: leg recording flush failed: {}", flushed.error().message);
  }
}

LegRecordingResult LegRecording::finish(RecordingEnd end, bool dropHeldBack) {
  LegRecordingResult result;
  result.path = path_;
  result.end = end;
  if (!writer_) {
    result.end = RecordingEnd::Failed;
    result.error = openError_.empty() ? "recording already finished" : openError_;
    return result;
  }
  if (!dropHeldBack) write(heldBack_);
  heldBack_.clear();
  const std::uint64_t frames = writer_->frames();
  if (auto closed = writer_->close(); !closed) {
    result.end = RecordingEnd::Failed;
    result.error = closed.error().message;
  }
  writer_.reset();
  result.length = common::Duration{static_cast<std::int64_t>(frames / 8)};
  return result;
}

} // namespace sb::media

#include "media/call_recording.hpp"

#include "common/log.hpp"

namespace sb::media {

namespace {
constexpr common::Duration kFlushEvery{1000};
}

common::Result<std::unique_ptr<CallRecording>>
CallRecording::start(LegId caller, LegId agent, const std::filesystem::path& wav,
                     common::TimePoint now) {
  auto writer = audio::WavWriter::create(wav, audio::WavFormat{2, 8000});
  if (!writer) return writer.error();
  return std::unique_ptr<CallRecording>(
      new CallRecording(caller, agent, std::move(writer).value(), now));
}

CallRecording::CallRecording(LegId caller, LegId agent, std::unique_ptr<audio::WavWriter> writer,
                             common::TimePoint now)
    : caller_(caller), agent_(agent), writer_(std::move(writer)), recorder_(*this, now),
      lastFlush_(now) {}

CallRecording::~CallRecording() = default;

void CallRecording::add(LegId from, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
                        std::span<const std::int16_t> pcm, common::TimePoint arrival) {
  if (finished_) return;
  const auto side =
      from == caller_ ? audio::StereoRecorder::Side::Caller : audio::StereoRecorder::Side::Agent;
  recorder_.add(side, ssrc, rtpTimestamp, pcm, arrival);
}

void CallRecording::tick(common::TimePoint now) {
  if (finished_) return;
  recorder_.advance(now);
  if (now - lastFlush_ >= kFlushEvery) {
    lastFlush_ = now;
    flush();
  }
}

void CallRecording::flush() {
  if (auto flushed = writer_->flush(); !flushed) {
    SB_LOG_WARN("media: call recording flush failed: {}", flushed.error().message);
  }
}

void CallRecording::finish(common::TimePoint now) {
  if (finished_) return;
  recorder_.finish(now);
  finished_ = true;
  if (auto closed = writer_->close(); !closed) {
    SB_LOG_WARN("media: call recording close failed: {}", closed.error().message);
  }
}

void CallRecording::onStereoFrames(std::span<const std::int16_t> interleaved) {
  writer_->write(interleaved);
}

} // namespace sb::media

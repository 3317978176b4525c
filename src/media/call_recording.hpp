#pragma once
// One call being recorded: the audio both legs' peers send, placed in time by a
// StereoRecorder (caller left, agent right) and written to a WAV file as it goes, flushed at
// least once a second so a crash loses at most the last second.
#include "audio/stereo_recorder.hpp"
#include "audio/wav_writer.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "media/engine.hpp"

#include <filesystem>
#include <memory>

namespace sb::media {

class CallRecording final : private audio::StereoRecorder::Listener {
public:
  static common::Result<std::unique_ptr<CallRecording>>
  start(LegId caller, LegId agent, const std::filesystem::path& wav, common::TimePoint now);
  ~CallRecording() override;
  CallRecording(const CallRecording&) = delete;
  CallRecording& operator=(const CallRecording&) = delete;

  LegId caller() const { return caller_; }
  LegId agent() const { return agent_; }
  bool involves(LegId leg) const { return leg == caller_ || leg == agent_; }
  // Another leg takes `from`'s side from now on (a transfer, R-17); its audio is placed in
  // time from its own first packet.
  void replaceLeg(LegId from, LegId to) {
    if (caller_ == from) caller_ = to;
    if (agent_ == from) agent_ = to;
  }

  void add(LegId from, std::uint32_t ssrc, std::uint32_t rtpTimestamp,
           std::span<const std::int16_t> pcm, common::TimePoint arrival);
  // Hands settled frames to the file; flushes when a second has passed since the last flush.
  void tick(common::TimePoint now);
  // Writes what is left and closes the file.
  void finish(common::TimePoint now);

private:
  CallRecording(LegId caller, LegId agent, std::unique_ptr<audio::WavWriter> writer,
                common::TimePoint now);
  void onStereoFrames(std::span<const std::int16_t> interleaved) override;
  void flush();

  LegId caller_;
  LegId agent_;
  std::unique_ptr<audio::WavWriter> writer_;
  audio::StereoRecorder recorder_;
  common::TimePoint lastFlush_;
  bool finished_ = false;
};

} // namespace sb::media

#pragma once
// A voicemail-style recording of what one leg's peer sends, as a mono WAV written as it
// goes. The newest 100 ms are held back before they reach the file, so that when an in-band
// '#' ends the recording the tone that made it can be left out.
#include "audio/wav_writer.hpp"
#include "common/clock.hpp"
#include "media/engine.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace sb::media {

class LegRecording {
public:
  LegRecording(std::filesystem::path path, common::Duration maxLength, bool stopOnPound,
               common::TimePoint now);

  // Creates the file; on failure the recording is over and finish() reports why.
  bool open();
  // Decoded audio from the peer; true when it reached the maximum length.
  bool add(std::span<const std::int16_t> pcm);
  bool stopsOn(char digit) const { return stopOnPound_ && digit == '#'; }
  // Past the maximum length by the clock, for a peer that stopped sending.
  bool overdue(common::TimePoint now) const;
  // Flushes when a second has passed since the last flush.
  void tick(common::TimePoint now);
  // Closes the file. `dropHeldBack` leaves out the newest 100 ms (an in-band '#').
  LegRecordingResult finish(RecordingEnd end, bool dropHeldBack);

private:
  void write(std::span<const std::int16_t> pcm);

  std::filesystem::path path_;
  std::uint64_t maxSamples_;
  common::Duration maxLength_;
  bool stopOnPound_;
  common::TimePoint started_;
  common::TimePoint lastFlush_;
  std::unique_ptr<audio::WavWriter> writer_;
  std::string openError_;
  std::vector<std::int16_t> heldBack_;
  std::uint64_t samples_ = 0; // written plus held back
};

} // namespace sb::media

#pragma once
// Several pieces of prompt audio played as one: the whisper to an agent (R-9) is "Call
// from" + the caller's name + a pause + "press 1 to accept, 2 to pass it on". The media
// engine plays one SharedPcm at a time, so the pieces are joined here, with silence
// between them.
#include "prompts/pcm.hpp"

#include <chrono>
#include <initializer_list>
#include <vector>

namespace sb::prompts {

class Announcement {
public:
  // Appends a piece; a null piece (e.g. a name the synthesizer could not say) is skipped.
  Announcement& say(const SharedPcm& piece);
  // Appends silence.
  Announcement& pause(std::chrono::milliseconds length);
  // The pieces so far as one buffer.
  SharedPcm pcm() const;
  std::size_t samples() const { return pcm_.size(); }

private:
  Pcm pcm_;
};

// The non-null `pieces` in order with `gap` of silence between each two of them; nullptr
// when there is none.
SharedPcm joinWithPauses(std::initializer_list<SharedPcm> pieces,
                         std::chrono::milliseconds gap = std::chrono::milliseconds(250));

} // namespace sb::prompts

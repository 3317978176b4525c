#include "prompts/announcement.hpp"

namespace sb::prompts {

Announcement& Announcement::say(const SharedPcm& piece) {
  if (piece) pcm_.insert(pcm_.end(), piece->begin(), piece->end());
  return *this;
}

Announcement& Announcement::pause(std::chrono::milliseconds length) {
  pcm_.insert(pcm_.end(), samplesIn(length), std::int16_t{0});
  return *this;
}

SharedPcm Announcement::pcm() const {
  return std::make_shared<const Pcm>(pcm_);
}

SharedPcm joinWithPauses(std::initializer_list<SharedPcm> pieces, std::chrono::milliseconds gap) {
  Announcement joined;
  bool first = true;
  for (const SharedPcm& piece : pieces) {
    if (!piece) continue;
    if (!first) joined.pause(gap);
    joined.say(piece);
    first = false;
  }
  return first ? nullptr : joined.pcm();
}

} // namespace sb::prompts

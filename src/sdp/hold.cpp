#include "sdp/hold.hpp"

#include "sdp/direction.hpp"

namespace sb::sdp {

bool isOnHold(const Session& session, const Media& media) {
  if (media.isRejected()) return false;
  const Direction direction = effectiveDirection(session, media);
  if (direction == Direction::SendOnly || direction == Direction::Inactive) return true;
  const Connection* connection = session.connectionFor(media);
  return connection != nullptr && connection->isUnspecified();
}

bool isOnHold(const Session& session) {
  bool sawActiveAudio = false;
  for (const Media& media : session.media) {
    if (!media.isAudio() || media.isRejected()) continue;
    if (!isOnHold(session, media)) return false;
    sawActiveAudio = true;
  }
  return sawActiveAudio;
}

} // namespace sb::sdp

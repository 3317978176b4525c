#pragma once
// Hold detection: a peer holds a stream by marking it sendonly or inactive (RFC 3264 8.4,
// RFC 6337 5.3), or the RFC 2543 way, with c=0.0.0.0. recvonly is not hold: it is how a
// held party answers.
#include "sdp/session.hpp"

namespace sb::sdp {

// Whether this active media section of `session` is on hold.
bool isOnHold(const Session& session, const Media& media);
// Whether the session has active audio and every active audio stream is on hold.
bool isOnHold(const Session& session);

} // namespace sb::sdp

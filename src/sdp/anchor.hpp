#pragma once
// Rewriting a description so that its media goes through us: what each leg of an anchored
// call sees is the other leg's SDP with the engine's address and port in it.
#include "sdp/session.hpp"

#include <cstdint>
#include <string_view>

namespace sb::sdp {

// `session` with our address on c= (session level, and the audio section's own c= if it
// has one), our RTP port on the first active audio m= line and our RTCP port (port + 1,
// or port when RTCP is multiplexed) on its a=rtcp if present. Other active sections that
// took the session-level c= keep the old one on a c= of their own, so only audio moves.
// The o= version goes up by one when anything changed (RFC 3264 8). Precondition: port is
// below 65535 (RTP ports are even).
Session withMediaAddress(const Session& session, std::string_view ip, std::uint16_t port);

// Whether two descriptions say the same apart from their o= lines.
bool sameContent(const Session& a, const Session& b);

// `next` as the next description on a leg whose last one was `previous`: previous's o=
// line, its version one up if the content changed and the same if not (RFC 3264 8). This
// is how a leg keeps one origin while the other leg's offers come and go.
Session asUpdateOf(const Session& previous, Session next);

} // namespace sb::sdp

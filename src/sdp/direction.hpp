#pragma once
// Stream direction (RFC 8866 6.7, RFC 3264 5.1 and 6.1): a=sendrecv, a=sendonly, a=recvonly,
// a=inactive, at media level or as the session-level default, sendrecv when neither says.
// A direction is always seen from the side that wrote the SDP.
#include "sdp/session.hpp"

#include <optional>
#include <string_view>

namespace sb::sdp {

enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

std::string_view attributeName(Direction direction); // "sendrecv", ...
std::optional<Direction> directionFromName(std::string_view name);

bool sends(Direction direction);
bool receives(Direction direction);
Direction makeDirection(bool send, bool receive);

// The same stream seen from the other end: sendonly <-> recvonly.
Direction reversed(Direction direction);
// What both allow: sendrecv & sendonly = sendonly, sendonly & recvonly = inactive.
Direction intersect(Direction a, Direction b);

// The direction attribute of a list, if it has one (the first wins).
std::optional<Direction> directionOf(const std::vector<Attribute>& attributes);
// A media section's direction: its own attribute, else the session's, else sendrecv.
Direction effectiveDirection(const Session& session, const Media& media);
// Replaces any direction attribute of the list with `direction`, where the first one was
// (or at the end).
void setDirection(std::vector<Attribute>& attributes, Direction direction);

} // namespace sb::sdp

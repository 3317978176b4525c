#pragma once
// Writes a Session as an SDP body: lines in RFC 8866 order, each ended by CRLF. For any
// parsed session, parse(serialize(s)) == s.
#include "sdp/session.hpp"

#include <string>

namespace sb::sdp {

std::string serialize(const Session& session);

} // namespace sb::sdp

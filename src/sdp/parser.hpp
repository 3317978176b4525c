#pragma once
// Parses an SDP body (RFC 8866) from an untrusted peer into a Session. Never throws:
// malformed input is an Error naming the line, "line 5: m= needs a port".
//
// Lenient where real peers are: LF alone ends a line as well as CRLF, blank lines are
// skipped, fields may be separated by several spaces, a missing t= is accepted, and lines
// of known types may come out of the RFC's order (serialize() writes them in order).
// Strict where misreading would be worse: an unknown line type rejects the description
// (RFC 8866 5), and so does a malformed o=, c=, b=, t=, m=, rtpmap, fmtp, ptime,
// maxptime or rtcp.
#include "common/result.hpp"
#include "sdp/session.hpp"

#include <cstddef>
#include <string_view>

namespace sb::sdp {

using common::Error;
using common::Result;

// Caps on what a peer can make us hold. A WebRTC offer with audio, video and a data
// channel is about 100 lines and 6 KB.
struct Limits {
  std::size_t maxBytes = 64 * 1024;
  std::size_t maxLines = 1000;
  std::size_t maxLineLength = 4096;
};

Result<Session> parse(std::string_view text, const Limits& limits = {});

} // namespace sb::sdp

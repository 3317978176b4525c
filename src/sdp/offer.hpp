#pragma once
// Our side as the offerer (RFC 3264 5 and 7): the offer for a leg we call, and reading
// the answer that comes back.
#include "common/result.hpp"
#include "sdp/audio_stream.hpp"
#include "sdp/capabilities.hpp"
#include "sdp/session.hpp"

namespace sb::sdp {

using common::Result;

// One m=audio line with our codecs in preference order: static payload types where RFC
// 3551 has one (PCMU 0, PCMA 8), telephone-event at 101, other codecs from 96 up.
Session buildOffer(const Capabilities& ours, const LocalMedia& local);

// What the answer to `ourOffer` chose. An error when the answer does not fit the offer
// (another number of m= lines, RFC 3264 6), rejects our audio, or picks no codec we offered.
Result<AudioStream> readAnswer(const Session& ourOffer, const Session& answer);

} // namespace sb::sdp

#pragma once
// Answering a peer's offer for audio (RFC 3264 6).
//
// One answer m= line per offer m= line, in order. The first audio stream that is active,
// plain RTP (RTP/AVP or RTP/AVPF: this layer does no SRTP, WebRTC has its own transport)
// and has one of our codecs is accepted: with the first of our codecs the offer has, under
// the offer's payload type number, plus telephone-event at that codec's clock rate when
// offered (its payload type kept, its events narrowed to ours), the offer's a=ptime echoed
// and the direction answered (sendonly -> recvonly, recvonly -> sendonly, inactive ->
// inactive, narrowed by our own). Every other m= line is rejected with port 0.
#include "sdp/audio_stream.hpp"
#include "sdp/capabilities.hpp"
#include "sdp/session.hpp"

#include <optional>

namespace sb::sdp {

struct Answer {
  Session session;                  // the SDP to send back
  std::optional<AudioStream> audio; // none when no audio was accepted: answer 488 instead
};

Answer answerOffer(const Session& offer, const Capabilities& ours, const LocalMedia& local);

} // namespace sb::sdp

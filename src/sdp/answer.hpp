#pragma once
// Answering a peer's offer for audio (RFC 3264 6).
//
// One answer m= line per offer m= line, in order. The first audio stream that is active,
// of the leg's kind and has one of our codecs is accepted: plain RTP (RTP/AVP or RTP/AVPF)
// on an ordinary leg; on a WebRTC leg (LocalMedia::webrtc) only UDP/TLS/RTP/SAVPF(F) with
// ICE credentials, a fingerprint and a=rtcp-mux, answered with ours, a=ice-lite and the
// DTLS role answerSetup() picks. It is accepted with the first of our codecs the offer has, under
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

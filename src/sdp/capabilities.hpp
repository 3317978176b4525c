#pragma once
// What our side of a leg can do and where it listens: the input to building an offer and
// to answering one.
#include "sdp/codec.hpp"
#include "sdp/direction.hpp"
#include "sdp/session.hpp"
#include "sdp/telephone_events.hpp"
#include "sdp/webrtc_attributes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::sdp {

struct Capabilities {
  // In preference order. telephone-event is not a codec choice: it is negotiated next to
  // the chosen codec when the offer has it at the same clock rate.
  std::vector<Codec> codecs{Codec::pcmu(), Codec::pcma(), Codec::telephoneEvent()};
  EventSet events = EventSet::dtmf();        // the telephone-events we take
  std::uint32_t packetTime = 20;             // a=ptime of our offers; answers echo the offer's
  Direction direction = Direction::SendRecv; // what we are willing to do; sendonly holds
  bool rtcpMux = false;                      // accept and offer RTCP on the RTP port (RFC 5761)
};

// Where our media for one leg is: the address and RTP port written into its SDP, and the
// o= line of the descriptions we send on that leg (its version is the caller's to keep).
struct LocalMedia {
  Origin origin; // an empty address is filled from `address`, an empty sessionId is "0"
  std::string address;
  std::uint16_t port = 0; // RTP; RTCP is port + 1 unless multiplexed
  // A WebRTC leg's ICE credentials, certificate fingerprint and DTLS role: its offers and
  // answers are UDP/TLS/RTP/SAVPF with RTCP multiplexed, from an ICE-lite agent.
  std::optional<WebRtcParameters> webrtc;
};

// v=, o=, s=-, c= and t=0 0 of a description we write for `local`.
Session localSession(const LocalMedia& local);

} // namespace sb::sdp

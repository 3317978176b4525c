#pragma once
// The outcome of an offer/answer exchange for one leg's audio: what the media engine needs
// to send to and receive from the peer.
#include "sdp/direction.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/session.hpp"
#include "sdp/telephone_events.hpp"
#include "sdp/webrtc_attributes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace sb::sdp {

struct AudioStream {
  std::size_t mediaIndex = 0;              // the m= line, counted from 0
  RtpMap codec;                            // the chosen codec and the payload type it travels with
  std::optional<RtpMap> telephoneEvent;    // RFC 4733 payload type, when negotiated
  EventSet events;                         // the telephone-events both sides take
  std::optional<std::uint32_t> packetTime; // the peer's a=ptime: what it wants to receive

  // Where the peer receives. RTCP is the RTP port + 1 unless a=rtcp says otherwise or
  // RTCP is multiplexed (then it is the RTP address and port).
  std::string remoteAddress;
  std::uint16_t remoteRtpPort = 0;
  std::string remoteRtcpAddress;
  std::uint16_t remoteRtcpPort = 0;
  bool rtcpMux = false;

  // Ours: whether we send and receive. Sending is off when the peer's address is
  // 0.0.0.0 (RFC 3264 8.4), whatever the attributes say.
  Direction direction = Direction::SendRecv;
  bool onHold = false; // the peer has put the stream on hold (see hold.hpp)

  // On a WebRTC leg (UDP/TLS/RTP/SAVPF): the peer's ICE credentials and DTLS fingerprint,
  // with `setup` the DTLS role settled for the peer (active or passive). Where to send is
  // then found by ICE, not taken from the address above.
  std::optional<WebRtcParameters> webrtc;

  friend bool operator==(const AudioStream&, const AudioStream&) = default;
};

// The peer's side of a stream as its SDP describes it: address, ports, packet time and
// hold. The codec fields are left for the negotiation to fill; direction is `ours` with
// sending removed when the peer's address is unspecified.
AudioStream describePeer(const Session& peer, std::size_t mediaIndex, bool rtcpMux, Direction ours);

// A WebRTC stream's c=IN IP4 0.0.0.0 (and port 9) are placeholders when the address comes
// by ICE (RFC 8829 5.2.1): they neither hold the stream nor stop us sending. Sets
// direction to `ours` and hold from the direction attributes alone.
void describeIcePeer(AudioStream& stream, const Session& peer, Direction ours);

} // namespace sb::sdp

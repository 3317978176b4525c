#pragma once
// The audio m= section we write, in an offer or an answer.
#include "sdp/direction.hpp"
#include "sdp/rtp_attributes.hpp"
#include "sdp/session.hpp"
#include "sdp/telephone_events.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::sdp {

struct AudioSection {
  std::string proto = "RTP/AVP";
  std::uint16_t port = 0;
  std::vector<RtpMap> codecs; // in preference order
  std::optional<RtpMap> telephoneEvent;
  EventSet events; // written as the telephone-event fmtp
  std::optional<std::uint32_t> packetTime;
  Direction direction = Direction::SendRecv;
  bool rtcpMux = false;
};

// m=audio with every payload type, an rtpmap for each (static ones too, which peers
// expect), the telephone-event fmtp, a=ptime, a=rtcp-mux and the direction, always
// written out.
Media writeAudioSection(const AudioSection& section);

} // namespace sb::sdp

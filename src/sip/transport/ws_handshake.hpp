#pragma once
// The parts of the RFC 7118 WebSocket handshake that are SIP's own: the client must offer
// the "sip" subprotocol in Sec-WebSocket-Protocol and the server echoes it back.
#include <string_view>

namespace sb::sip::transport {

inline constexpr std::string_view kSipSubprotocol = "sip";

// Whether a Sec-WebSocket-Protocol value (a comma-separated token list, RFC 6455 11.3.4)
// offers "sip". Tokens are compared case-insensitively.
bool offersSipSubprotocol(std::string_view headerValue);

} // namespace sb::sip::transport

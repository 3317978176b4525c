#pragma once
// The checks a UAS makes after validate() and before acting on a message (RFC 3261
// 8.1.3.3, 8.2.2 - 8.2.3; the application-layer messages of RFC 4475 3.3). They depend on
// what this server supports, so they take it as input and stay out of validate().
// Pure functions: the server turns a Rejection into a response with makeRejection().
#include "sip/message/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip {

struct UasCapabilities {
  std::vector<std::string> uriSchemes{"sip", "sips"}; // Request-URI schemes served, else 416
  std::vector<std::string> extensions;                // option tags honoured in Require, else 420
  std::vector<std::string> bodyTypes{"application/sdp"};   // request bodies understood, else 415
  std::vector<std::string> answerTypes{"application/sdp"}; // bodies an INVITE's answer carries;
                                                           // an Accept without any of them is 406
};

struct Rejection {
  int code = 0;                // the status to answer with; 0 means drop (responses)
  std::string reason;          // why, for the log
  std::vector<Header> headers; // to add to the response: Unsupported (420), Accept (415)
};

// In order: 416 unsupported Request-URI scheme, 483 Max-Forwards 0 (except OPTIONS, which
// a UAS answers itself: a common next-hop ping), 420 Require with unknown option tags,
// 415 body type or encoding not understood, 406 an INVITE whose Accept excludes every
// answer type. ACK is never rejected. For a response: drop (code 0) when it has more
// than one Via, since it was not meant for us (RFC 3261 8.1.3.3, RFC 4475 3.3.10).
// Expects a message that passed validate(); nullopt means go ahead.
std::optional<Rejection> checkApplicationLayer(const Message& message,
                                               const UasCapabilities& capabilities);

// makeResponse() with the rejection's status and extra headers.
Message makeRejection(const Message& request, const Rejection& rejection,
                      std::string_view toTag = {});

} // namespace sb::sip

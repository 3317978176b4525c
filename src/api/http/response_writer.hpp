#pragma once
// Turns an ApiResponse into the HTTP message the server writes: status line, Content-Type,
// Content-Length, Cache-Control on JSON, the handler's extra headers, and for a file the
// Range handling, with HEAD answered by the same headers and no body.
#include "api/http/message.hpp"

#include <boost/beast/http/message_generator.hpp>

#include <string>

namespace sb::api::http {

struct ResponseContext {
  unsigned version = 11; // the request's HTTP version (11 = HTTP/1.1)
  bool keepAlive = true; // whether the connection stays open after this response
  bool head = false;     // answering HEAD: headers only
  std::string range;     // the request's Range header for a GET, or empty
};

// Never throws for anything a handler can put in `response`: a status outside 200..599 is
// logged and sent as a 500, and extra headers that could break the framing (CR, LF, NUL,
// Content-Length, Transfer-Encoding, Connection) are logged and left out.
boost::beast::http::message_generator buildResponse(ApiResponse response,
                                                    const ResponseContext& context);

} // namespace sb::api::http

#pragma once
// Cuts a TCP/TLS byte stream into SIP messages (RFC 3261 18.3) and CRLF keep-alives
// (RFC 5626 3.5.1). Pure: bytes in, frames out; the connection owns one per stream.
#include "common/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::sip::transport {

struct StreamFrame {
  enum class Kind {
    Message, // one SIP message, `bytes` holds it
    Ping,    // "\r\n\r\n": answer with a single "\r\n"
    Pong,    // "\r\n" followed by something else: the peer answering our ping
  };
  Kind kind = Kind::Message;
  std::string bytes;
};

class StreamFramer {
public:
  explicit StreamFramer(std::size_t maxMessageSize) : maxMessageSize_(maxMessageSize) {}

  void append(std::string_view bytes) { buffer_.append(bytes); }

  // The next complete frame; nullopt when more bytes are needed. An error means the stream
  // can no longer be framed (bad Content-Length, oversized message): close the connection.
  common::Result<std::optional<StreamFrame>> next();

  std::size_t buffered() const { return buffer_.size(); }

private:
  std::optional<StreamFrame> nextKeepAlive();
  std::string take(std::size_t length);

  std::size_t maxMessageSize_;
  std::string buffer_;
};

} // namespace sb::sip::transport

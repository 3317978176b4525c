#include "sip/transport/stream_framer.hpp"

#include "sip/message/message.hpp"

namespace sb::sip::transport {

std::string StreamFramer::take(std::size_t length) {
  std::string frame = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return frame;
}

// Keep-alives are recognised here rather than by frameLength() so that a ping split
// across two reads ("\r\n" then "\r\n") is still one ping: a lone "\r\n" at the end of
// the buffer waits for the next bytes to tell a pong from half a ping.
std::optional<StreamFrame> StreamFramer::nextKeepAlive() {
  if (buffer_.starts_with("\r\n\r\n")) return StreamFrame{StreamFrame::Kind::Ping, take(4)};
  if (buffer_.size() > 2 && buffer_.starts_with("\r\n") && buffer_[2] != '\r')
    return StreamFrame{StreamFrame::Kind::Pong, take(2)};
  return std::nullopt;
}

common::Result<std::optional<StreamFrame>> StreamFramer::next() {
  if (auto keepAlive = nextKeepAlive()) return std::optional<StreamFrame>(std::move(*keepAlive));
  if (buffer_.empty() || buffer_ == "\r\n" || buffer_ == "\r\n\r")
    return std::optional<StreamFrame>();

  auto length = frameLength(buffer_, maxMessageSize_);
  if (!length) return length.error();
  if (*length == 0) {
    // frameLength() bounds the headers; this bounds a body that never finishes arriving.
    if (buffer_.size() > maxMessageSize_)
      return common::makeError("message exceeds " + std::to_string(maxMessageSize_) + " bytes",
                               513);
    return std::optional<StreamFrame>();
  }
  std::string frame = take(*length);
  if (isKeepAlive(frame)) return next(); // frameLength() skipped CRLFs we left: nothing to do
  return std::optional<StreamFrame>(StreamFrame{StreamFrame::Kind::Message, std::move(frame)});
}

} // namespace sb::sip::transport

// parseMessage() and frameLength(): from bytes to the message model (RFC 3261 7, 18.3).
#include "sip/message/header_names.hpp"
#include "sip/message/message.hpp"
#include "sip/message/scan.hpp"

namespace sb::sip {

using common::makeError;

namespace {

// Bodies above this are refused outright; no SIP message we handle comes near it.
constexpr std::uint64_t kMaxContentLength = std::uint64_t{16} * 1024 * 1024;

// Reads the line at `pos` (terminated by LF, an optional CR before it dropped) and moves
// `pos` past it. Returns false at the end of the bytes.
bool nextLine(std::string_view bytes, std::size_t& pos, std::string_view& line) {
  if (pos >= bytes.size()) return false;
  std::size_t end = bytes.find('\n', pos);
  const std::size_t next = end == std::string_view::npos ? bytes.size() : end + 1;
  if (end == std::string_view::npos) end = bytes.size();
  line = bytes.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = next;
  return true;
}

// A request that frames is answered (400); a broken response can only be dropped (0).
int errorCode(const Message& message) {
  return message.isRequest() ? 400 : 0;
}

std::optional<Error> parseStatusLine(std::string_view line, Message& message) {
  const std::size_t space = line.find(' ');
  const std::string_view version = line.substr(0, space);
  if (!scan::iequals(version, "SIP/2.0")) return makeError("response with a bad version", 0);
  const std::string_view rest = space == std::string_view::npos ? "" : line.substr(space + 1);
  const std::string_view digits = rest.substr(0, 3);
  if (digits.size() != 3 || (rest.size() > 3 && rest[3] != ' ')) {
    return makeError("status code is not three digits", 0);
  }
  const auto code = scan::parseDecimal(digits, 699);
  if (!code || *code < 100) return makeError("status code out of range", 0);
  message.statusCode = static_cast<int>(*code);
  message.version = "SIP/2.0";
  message.reason = std::string(rest.size() > 4 ? rest.substr(4) : "");
  return std::nullopt;
}

// Lenient on purpose: validate() re-checks the request line strictly so that a request
// with a malformed line can still be answered with a 400 (RFC 4475 3.1.2.7 - 3.1.2.10).
std::optional<Error> parseRequestLine(std::string_view line, Message& message) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos || !scan::isToken(line.substr(0, space))) {
    return makeError("not a SIP message", 0);
  }
  const std::string_view trimmed = scan::trimRight(line);
  const std::size_t lastSpace = trimmed.find_last_of(" \t");
  const std::string_view version = trimmed.substr(lastSpace + 1);
  if (lastSpace < space || !scan::istartsWith(version, "SIP/")) {
    return makeError("not a SIP request line", 0);
  }
  message.method = std::string(line.substr(0, space));
  message.version = scan::toUpper(version);
  message.requestLine = std::string(line);
  const std::size_t uriStart = space + 1;
  const std::string_view uriText =
      lastSpace > uriStart ? scan::trim(trimmed.substr(uriStart, lastSpace - uriStart)) : "";
  auto uri = Uri::parse(uriText);
  if (uri) message.requestUri = std::move(uri.value());
  return std::nullopt;
}

std::optional<Error> parseHeaderLine(std::string_view line, Message& message) {
  if (scan::isWsp(line.front())) {
    // Folding (RFC 3261 7.3.1): the CRLF and leading whitespace become one SP.
    if (message.headers.empty()) return makeError("continuation before any header", 400);
    const std::string_view more = scan::trim(line);
    std::string& value = message.headers.back().value;
    if (!more.empty()) {
      if (!value.empty()) value += ' ';
      value.append(more);
    }
    return std::nullopt;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return makeError("header line without ':'", 400);
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && scan::isWsp(name.back()))
    name.remove_suffix(1);
  if (!scan::isToken(name)) return makeError("bad header name", 400);
  message.headers.push_back(
      Header{canonicalHeaderName(name), std::string(scan::trim(line.substr(colon + 1)))});
  return std::nullopt;
}

// Start line and headers; returns the offset where the body starts.
Result<std::size_t> parseHead(std::string_view bytes, Message& message) {
  std::size_t pos = 0;
  while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n'))
    ++pos; // RFC 3261 7.5
  std::string_view line;
  if (!nextLine(bytes, pos, line) || line.empty()) return makeError("empty message", 0);
  const bool isResponse = scan::istartsWith(line, "SIP/");
  auto startError = isResponse ? parseStatusLine(line, message) : parseRequestLine(line, message);
  if (startError) return *startError;
  message.headers.reserve(16);
  while (nextLine(bytes, pos, line)) {
    if (line.empty()) return pos;
    if (auto error = parseHeaderLine(line, message)) {
      error->code = errorCode(message);
      return *error;
    }
  }
  return pos; // a datagram may end right after the last header line
}

Result<Message> parseWithBody(std::string_view bytes) {
  Message message;
  auto bodyStart = parseHead(bytes, message);
  if (!bodyStart) return bodyStart.error();
  const std::string_view rest = bytes.substr(*bodyStart);
  const std::string* contentLength = message.header("Content-Length");
  if (contentLength == nullptr) {
    message.body = std::string(rest); // a datagram without Content-Length: the rest is body
    return message;
  }
  const auto length = scan::parseDecimal(*contentLength, kMaxContentLength);
  if (!length) return makeError("bad Content-Length", errorCode(message));
  if (*length > rest.size()) {
    return makeError("Content-Length larger than the message", errorCode(message));
  }
  message.body = std::string(rest.substr(0, *length)); // RFC 3261 18.3: extra bytes ignored
  return message;
}

} // namespace

Result<Message> parseMessage(std::string_view bytes) {
  return parseWithBody(bytes);
}

Result<Message> parseHeadersOnly(std::string_view bytes) {
  Message message;
  auto bodyStart = parseHead(bytes, message);
  if (!bodyStart) return bodyStart.error();
  return message;
}

namespace {

// Offset just past the blank line ending the header block, or npos.
std::size_t headerBlockEnd(std::string_view buffer) {
  const std::size_t crlf = buffer.find("\r\n\r\n");
  const std::size_t lf = buffer.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) {
    return crlf + 4;
  }
  return lf + 2;
}

// The Content-Length of a header block; streams cannot frame without it (RFC 3261 18.3).
Result<std::size_t> streamContentLength(std::string_view head) {
  std::optional<std::uint64_t> found;
  std::size_t pos = 0;
  std::string_view line;
  nextLine(head, pos, line); // start line
  while (nextLine(head, pos, line)) {
    const std::size_t colon = line.find(':');
    if (line.empty() || scan::isWsp(line.front()) || colon == std::string_view::npos) continue;
    const std::string_view name = scan::trimRight(line.substr(0, colon));
    if (header_names::known(name) != "Content-Length") continue;
    const auto length = scan::parseDecimal(scan::trim(line.substr(colon + 1)), kMaxContentLength);
    if (!length) return makeError("bad Content-Length", 400);
    if (found && *found != *length) return makeError("conflicting Content-Length", 400);
    found = length;
  }
  if (!found) return makeError("Content-Length is required on stream transports", 400);
  return static_cast<std::size_t>(*found);
}

} // namespace

Result<std::size_t> frameLength(std::string_view buffer, std::size_t maxMessageSize) {
  if (buffer.empty()) return std::size_t{0};
  if (buffer.front() == '\r' || buffer.front() == '\n') {
    std::size_t n = 0;
    while (n < buffer.size() && (buffer[n] == '\r' || buffer[n] == '\n'))
      ++n;
    if (buffer[n - 1] == '\r' && n == buffer.size()) --n; // its LF has not arrived yet
    return n;
  }
  const std::size_t headEnd = headerBlockEnd(buffer);
  if (headEnd == std::string_view::npos) {
    if (buffer.size() > maxMessageSize) return makeError("header block too large", 513);
    return std::size_t{0};
  }
  if (headEnd > maxMessageSize) return makeError("header block too large", 513);
  auto length = streamContentLength(buffer.substr(0, headEnd));
  if (!length) return length.error();
  if (*length > maxMessageSize - headEnd) return makeError("message too large", 513);
  const std::size_t total = headEnd + *length;
  return buffer.size() < total ? std::size_t{0} : total;
}

bool isKeepAlive(std::string_view frame) {
  if (frame.empty()) return false;
  for (char c : frame) {
    if (c != '\r' && c != '\n') return false;
  }
  return true;
}

} // namespace sb::sip

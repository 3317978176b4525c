// Via and CSeq: the typed header values every transaction relies on.
#include "sip/message/message.hpp"
#include "sip/message/scan.hpp"

namespace sb::sip {

using common::makeError;

namespace {

// A small cursor over one header value; SWS around separators is skipped explicitly.
struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  bool atEnd() const { return pos >= text.size(); }
  std::size_t skipWsp() {
    const std::size_t start = pos;
    while (pos < text.size() && scan::isWsp(text[pos]))
      ++pos;
    return pos - start;
  }
  std::string_view token() {
    const std::size_t start = pos;
    while (pos < text.size() && scan::isTokenChar(text[pos]))
      ++pos;
    return text.substr(start, pos - start);
  }
  // SWS c SWS
  bool separator(char c) {
    skipWsp();
    if (atEnd() || text[pos] != c) return false;
    ++pos;
    skipWsp();
    return true;
  }
};

bool readSentBy(Cursor& in, Via& via) {
  const std::size_t start = in.pos;
  if (!in.atEnd() && in.text[in.pos] == '[') {
    const std::size_t close = in.text.find(']', in.pos);
    if (close == std::string_view::npos) return false;
    in.pos = close + 1;
  } else {
    while (!in.atEnd() &&
           (scan::isAlnum(in.text[in.pos]) || in.text[in.pos] == '-' || in.text[in.pos] == '.')) {
      ++in.pos;
    }
  }
  const std::string_view host = in.text.substr(start, in.pos - start);
  if (!scan::isHost(host)) return false;
  via.host = scan::toLower(host);
  const std::size_t beforeColon = in.pos;
  if (!in.separator(':')) {
    in.pos = beforeColon;
    return true;
  }
  const std::size_t portStart = in.pos;
  while (!in.atEnd() && scan::isDigit(in.text[in.pos]))
    ++in.pos;
  const auto port = scan::parseDecimal(in.text.substr(portStart, in.pos - portStart), 65535);
  if (!port || *port == 0) return false;
  via.port = static_cast<std::uint16_t>(*port);
  return true;
}

} // namespace

Result<Via> Via::parse(std::string_view text) {
  Cursor in{scan::trim(text)};
  Via via;
  if (!scan::iequals(in.token(), "SIP") || !in.separator('/')) {
    return makeError("Via: bad sent-protocol", 400);
  }
  if (in.token() != "2.0" || !in.separator('/')) return makeError("Via: bad SIP version", 400);
  const std::string_view transport = in.token();
  if (transport.empty() || in.skipWsp() == 0) return makeError("Via: bad transport", 400);
  via.transport = scan::toUpper(transport);
  if (!readSentBy(in, via)) return makeError("Via: bad sent-by", 400);
  if (!scan::parseGenericParams(in.text.substr(in.pos), via.params)) {
    return makeError("Via: bad parameters", 400);
  }
  return via;
}

std::string Via::branch() const {
  return paramValue(params, "branch").value_or("");
}

bool Via::hasMagicCookie() const {
  const std::string b = branch();
  return b.size() > 7 && b.compare(0, 7, "z9hG4bK") == 0;
}

std::string Via::str() const {
  std::string out = "SIP/2.0/";
  out += transport;
  out += ' ';
  out += host;
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  scan::appendParams(out, params);
  return out;
}

Result<CSeq> CSeq::parse(std::string_view text) {
  Cursor in{scan::trim(text)};
  const std::size_t start = in.pos;
  while (!in.atEnd() && scan::isDigit(in.text[in.pos]))
    ++in.pos;
  const auto number = scan::parseDecimal(in.text.substr(start, in.pos - start), 0x7FFFFFFF);
  if (!number) return makeError("CSeq: bad sequence number", 400);
  if (in.skipWsp() == 0) return makeError("CSeq: no method", 400);
  const std::string_view method = in.token();
  if (method.empty() || !in.atEnd()) return makeError("CSeq: bad method", 400);
  return CSeq{static_cast<std::uint32_t>(*number), std::string(method)};
}

std::string CSeq::str() const {
  return std::to_string(number) + ' ' + method;
}

} // namespace sb::sip

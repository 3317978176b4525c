// validate(): the syntax checks every transaction needs before it can act on a message
// (RFC 3261 8.2 and the syntactically invalid messages of RFC 4475 3.1.2).
#include "sip/message/message.hpp"
#include "sip/message/scan.hpp"

#include <array>

namespace sb::sip {

using common::makeError;

namespace {

constexpr std::uint64_t kMaxDeltaSeconds = 0xFFFFFFFFu; // RFC 3261 20.19: 2^32 - 1
constexpr std::uint64_t kMaxMaxForwards = 255;          // RFC 3261 20.22

// Headers that RFC 3261 allows only once; a second one makes the message ambiguous
// (RFC 4475 3.3.8 multi01, 3.3.9 mcl01).
constexpr std::array<std::string_view, 10> kSingleHeaders = {
    "From",           "To",           "Call-ID", "CSeq", "Max-Forwards",
    "Content-Length", "Content-Type", "Expires", "Date", "Min-Expires"};

bool isSipVersionSyntax(std::string_view version) {
  if (!scan::istartsWith(version, "SIP/")) return false;
  const std::string_view number = version.substr(4);
  const std::size_t dot = number.find('.');
  if (dot == std::string_view::npos) return false;
  return scan::parseDecimal(number.substr(0, dot), 999).has_value() &&
         scan::parseDecimal(number.substr(dot + 1), 999).has_value();
}

// Request-Line = Method SP Request-URI SP SIP-Version, with exactly single spaces.
std::optional<Error> checkRequestLine(const Message& m) {
  if (!scan::isToken(m.method)) return makeError("bad method", 400);
  if (m.requestLine.empty()) { // built in code, not parsed
    if (m.version != "SIP/2.0") return makeError("SIP version not supported", 505);
    if (m.requestUri.scheme.empty()) return makeError("no Request-URI", 400);
    return std::nullopt;
  }
  const std::string_view line = m.requestLine;
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || last <= first) return makeError("bad request line", 400);
  const std::string_view version = line.substr(last + 1);
  if (!isSipVersionSyntax(version)) return makeError("bad SIP version in request line", 400);
  if (!scan::iequals(version, "SIP/2.0")) return makeError("SIP version not supported", 505);
  const std::string_view uriText = line.substr(first + 1, last - first - 1);
  auto uri = Uri::parse(uriText);
  if (!uri) return makeError("bad Request-URI: " + uri.error().message, 400);
  if (!uri->headers.empty()) return makeError("Request-URI with headers", 400); // RFC 3261 19.1.1
  return std::nullopt;
}

std::optional<Error> checkHeaderCounts(const Message& m) {
  for (std::string_view name : {"Via", "From", "To", "Call-ID", "CSeq"}) {
    if (!m.hasHeader(name)) return makeError("missing " + std::string(name), 400);
  }
  for (std::string_view name : kSingleHeaders) {
    int count = 0;
    for (const Header& h : m.headers) {
      if (scan::iequals(h.name, name)) ++count;
    }
    if (count > 1) return makeError("more than one " + std::string(name), 400);
  }
  return std::nullopt;
}

bool isTwoDigits(std::string_view text, std::size_t pos) {
  return scan::isDigit(text[pos]) && scan::isDigit(text[pos + 1]);
}

bool isOneOf(std::string_view words, std::string_view word) {
  const std::size_t at = words.find(word);
  return word.size() == 3 && at != std::string_view::npos && at % 4 == 0;
}

// rfc1123-date: "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 3261 20.17, always GMT).
bool isRfc1123Date(std::string_view d) {
  if (d.size() != 29) return false;
  return isOneOf("Mon Tue Wed Thu Fri Sat Sun", d.substr(0, 3)) && d.substr(3, 2) == ", " &&
         isTwoDigits(d, 5) && d[7] == ' ' &&
         isOneOf("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", d.substr(8, 3)) &&
         d[11] == ' ' && isTwoDigits(d, 12) && isTwoDigits(d, 14) && d[16] == ' ' &&
         isTwoDigits(d, 17) && d[19] == ':' && isTwoDigits(d, 20) && d[22] == ':' &&
         isTwoDigits(d, 23) && d.substr(25) == " GMT";
}

// media-type = m-type SLASH m-subtype *(SEMI m-parameter)
bool isMediaType(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  if (!scan::isToken(scan::trim(text.substr(0, slash)))) return false;
  const std::string_view rest = scan::trimLeft(text.substr(slash + 1));
  std::size_t end = 0;
  while (end < rest.size() && scan::isTokenChar(rest[end]))
    ++end;
  Params params;
  return end > 0 && scan::parseGenericParams(rest.substr(end), params);
}

std::optional<Error> checkContacts(const Message& m) {
  auto contacts = m.contacts();
  if (!contacts) return contacts.error();
  for (const NameAddr& contact : *contacts) {
    if (contact.isStar && contacts->size() > 1) return makeError("'*' Contact with others", 400);
    const auto expires = paramValue(contact.params, "expires");
    if (expires && !scan::parseDecimal(*expires, kMaxDeltaSeconds)) {
      return makeError("Contact expires out of range", 400);
    }
  }
  return std::nullopt;
}

std::optional<Error> checkScalars(const Message& m) {
  if (const std::string* mf = m.header("Max-Forwards")) {
    if (!scan::parseDecimal(*mf, kMaxMaxForwards)) return makeError("bad Max-Forwards", 400);
  }
  if (const std::string* cl = m.header("Content-Length")) {
    const auto length = scan::parseDecimal(*cl, UINT32_MAX);
    if (!length || *length != m.body.size()) return makeError("bad Content-Length", 400);
  }
  if (const std::string* expires = m.header("Expires")) {
    if (!scan::parseDecimal(*expires, kMaxDeltaSeconds)) return makeError("bad Expires", 400);
  }
  if (const std::string* date = m.header("Date"); date && !isRfc1123Date(*date)) {
    return makeError("bad Date", 400);
  }
  if (const std::string* type = m.header("Content-Type"); type && !isMediaType(*type)) {
    return makeError("bad Content-Type", 400);
  }
  return std::nullopt;
}

std::optional<Error> checkTypedHeaders(const Message& m) {
  if (auto vias = m.vias(); !vias) return vias.error();
  if (auto from = m.from(); !from) return from.error();
  if (auto to = m.to(); !to) return to.error();
  const std::string callId = m.callId();
  if (callId.empty() || callId.find_first_of(" \t") != std::string::npos) {
    return makeError("bad Call-ID", 400);
  }
  auto cseq = m.cseq();
  if (!cseq) return cseq.error();
  if (m.isRequest() && cseq->method != m.method) {
    return makeError("CSeq method does not match the request", 400);
  }
  if (auto routes = m.routes(); !routes) return routes.error();
  if (auto recordRoutes = m.recordRoutes(); !recordRoutes) return recordRoutes.error();
  if (auto error = checkContacts(m)) return error;
  return checkScalars(m);
}

} // namespace

std::optional<Error> validate(const Message& message) {
  std::optional<Error> error;
  if (message.isRequest()) {
    error = checkRequestLine(message);
  } else if (message.statusCode < 100 || message.statusCode > 699) {
    error = makeError("status code out of range", 0);
  }
  if (!error) error = checkHeaderCounts(message);
  if (!error) error = checkTypedHeaders(message);
  // A response cannot be answered, only dropped (RFC 4475 3.1.2.5 scalarlg).
  if (error && message.isResponse()) error->code = 0;
  return error;
}

} // namespace sb::sip

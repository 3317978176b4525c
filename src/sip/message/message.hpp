#pragma once
// The SIP message model (RFC 3261 section 7): a start line, an ordered list of
// headers and a body. Headers are kept as (canonical name, raw value) so that
// unknown headers survive untouched; the headers the stack depends on have typed
// accessors that parse on demand and return an error for bad syntax.
//
// Parsing is two steps, so a request that frames but is malformed can still be
// answered with a 400 that routes back to its sender:
//   parseMessage()  framing, start line, header lines, body   -> drop on failure
//   validate()      the typed headers every transaction needs -> answer 400/505
#include "common/result.hpp"
#include "sip/message/uri.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip {

using common::Error;
using common::Result;

struct Header {
  std::string name;  // canonical long form: "Via", "Call-ID", "Content-Length"
  std::string value; // folding undone, surrounding whitespace trimmed

  friend bool operator==(const Header&, const Header&) = default;
};

struct Via {
  std::string transport; // "UDP", "TCP", "TLS", "WS", "WSS" (upper case)
  std::string host;      // IPv6 kept in brackets
  std::optional<std::uint16_t> port;
  Params params; // branch, received, rport, maddr, ttl, ...

  std::string branch() const; // "" when absent
  // Whether the branch carries the RFC 3261 magic cookie "z9hG4bK" with something after
  // it; without it the transaction layer falls back on RFC 2543 matching (RFC 4475 3.2.1).
  bool hasMagicCookie() const;
  std::string str() const;                    // "SIP/2.0/UDP host:port;params"
  static Result<Via> parse(std::string_view); // one Via value (not a comma list)

  friend bool operator==(const Via&, const Via&) = default;
};

struct CSeq {
  std::uint32_t number = 0;
  std::string method;
  std::string str() const;
  static Result<CSeq> parse(std::string_view); // number < 2^31 (RFC 3261 8.1.1.5)

  friend bool operator==(const CSeq&, const CSeq&) = default;
};

class Message {
public:
  // Start line. A request has a method; a response has a status code.
  std::string method; // requests: "INVITE", "ACK", ... (case kept; methods are case-sensitive)
  Uri requestUri;     // requests
  int statusCode = 0; // responses: 100..699
  std::string reason; // responses
  std::vector<Header> headers;
  std::string body;
  // SIP-Version of the start line as received, upper-cased ("SIP/2.0"); validate()
  // answers anything else in a request with 505.
  std::string version = "SIP/2.0";
  // Set by parseMessage() for requests: the request line exactly as received. The parser
  // is lenient about it (requestUri stays empty when the URI does not parse) so that
  // validate() can answer a malformed request line with 400 instead of dropping it.
  std::string requestLine;

  bool isRequest() const { return statusCode == 0; }
  bool isResponse() const { return statusCode != 0; }

  // Header access by name, case-insensitive, compact forms accepted ("v", "i", "m", ...).
  const std::string* header(std::string_view name) const; // first occurrence
  std::vector<std::string> headerValues(std::string_view name)
      const; // every value of every
             // occurrence, comma-separated lists split (respecting quotes and <>), empty items
             // left out; headers whose own grammar has commas (Date, Authorization,
             // WWW-Authenticate, From, To, ...) are returned whole
  bool hasHeader(std::string_view name) const { return header(name) != nullptr; }
  void addHeader(std::string_view name, std::string value); // appended
  void prependHeader(std::string_view name,
                     std::string value); // before the first of that name (or first)
  void setHeader(std::string_view name, std::string value); // replaces every occurrence
  void removeHeader(std::string_view name);                 // removes every occurrence

  // Typed accessors for the headers the stack relies on.
  Result<std::vector<Via>> vias() const;
  Result<Via> topVia() const;
  Result<NameAddr> from() const;
  Result<NameAddr> to() const;
  std::string callId() const; // "" when absent
  Result<CSeq> cseq() const;
  std::optional<int> maxForwards() const;         // nullopt when absent or not a number
  Result<std::vector<NameAddr>> contacts() const; // a "*" Contact gives one NameAddr with isStar
  Result<std::vector<NameAddr>> routes() const;
  Result<std::vector<NameAddr>> recordRoutes() const;
  std::optional<std::uint32_t> expires() const;
  std::string fromTag() const; // "" when absent or unparsable
  std::string toTag() const;

  // Wire form: start line, headers in order (Content-Length set from body), CRLF, body.
  std::string serialize() const;

  // Semantic equality: start line, headers in order, body (requestLine is not compared,
  // so parseMessage(m.serialize()) == m for a message with one correct Content-Length).
  friend bool operator==(const Message& a, const Message& b);
};

// Parses one message from bytes. Over UDP, pass the datagram: bytes after the body
// that Content-Length declares are ignored (RFC 3261 18.3). A Content-Length larger
// than what is there is an error (code 400). Errors carry code 400, or 0 to mean "drop":
// anything that is not SIP at all, or a response with a bad status line.
Result<Message> parseMessage(std::string_view bytes);

// Start line and headers only; Content-Length and the body are ignored. For answering a
// request that parseMessage() rejected with 400 (bad Content-Length, RFC 4475 clerr/ncl):
// the headers needed by makeResponse() are usually intact.
Result<Message> parseHeadersOnly(std::string_view bytes);

// Checks what every transaction needs: Via, From, To, Call-ID, CSeq (method matching the
// request's), Max-Forwards syntax, Content-Length, SIP version, Request-URI. Returns the
// error to answer with (code 400, or 505 for a version other than SIP/2.0), or nullopt.
// In detail: the request line is exactly "Method SP Request-URI SP SIP/2.0" and the
// Request-URI has no ?headers; Via, From, To, Call-ID and CSeq are present and parse;
// From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Content-Type, Expires, Date and
// Min-Expires appear at most once; CSeq < 2^31 with the request's method; Max-Forwards
// 0-255; Expires and Contact ;expires 0 - 2^32-1; Date is an RFC 1123 GMT date;
// Content-Type is type/subtype; Contact, Route and Record-Route parse. Max-Forwards may be
// absent (RFC 2543 peers). For a response the error code is always 0: it is dropped.
std::optional<Error> validate(const Message& message);

// For stream transports (RFC 3261 18.3): how many bytes the first complete message in
// `buffer` takes, 0 when more bytes are needed, or an error when the framing is broken
// (bad or missing Content-Length, oversized headers). Leading CRLF keep-alives count as
// a message of their own length with no content: callers skip them.
// Error codes: 400 for broken framing, 513 when the message would exceed maxMessageSize.
Result<std::size_t> frameLength(std::string_view buffer, std::size_t maxMessageSize = 65535);

// Whether a frame returned by frameLength() is a CRLF keep-alive (RFC 5626 3.5.1) rather
// than a message. A "\r\n\r\n" ping should be answered with a "\r\n" pong.
bool isKeepAlive(std::string_view frame);

// Canonical long name for a header name in any case or compact form ("i" -> "Call-ID").
std::string canonicalHeaderName(std::string_view name);

// Builds a response to `request` per RFC 3261 8.2.6: copies Via, From, To, Call-ID, CSeq
// as they came (so it works on a request that failed validate()), adds To tag `toTag`
// when given and the To has none (never on a 100), and sets Content-Length 0. Every Via is
// copied; of a repeated From/To/Call-ID/CSeq only the first; a 100 also gets Timestamp.
Message makeResponse(const Message& request, int statusCode, std::string_view reason = {},
                     std::string_view toTag = {});

// The default reason phrase for a status code ("Ringing" for 180).
std::string_view reasonPhrase(int statusCode);

} // namespace sb::sip

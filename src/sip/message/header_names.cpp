#include "sip/message/header_names.hpp"

#include "sip/message/message.hpp"
#include "sip/message/scan.hpp"

#include <array>
#include <utility>

namespace sb::sip {

namespace {

struct KnownHeader {
  std::string_view name;
  bool isList;
};

// Long forms. Order is irrelevant; lookups check the length first, which keeps the
// linear scan cheap enough for every header line of every message.
constexpr std::array kKnownHeaders = {
    KnownHeader{"Accept", true},
    KnownHeader{"Accept-Contact", true},
    KnownHeader{"Accept-Encoding", true},
    KnownHeader{"Accept-Language", true},
    KnownHeader{"Alert-Info", true},
    KnownHeader{"Allow", true},
    KnownHeader{"Allow-Events", true},
    KnownHeader{"Authentication-Info", false},
    KnownHeader{"Authorization", false},
    KnownHeader{"Call-ID", false},
    KnownHeader{"Call-Info", true},
    KnownHeader{"Contact", true},
    KnownHeader{"Content-Disposition", false},
    KnownHeader{"Content-Encoding", true},
    KnownHeader{"Content-Language", true},
    KnownHeader{"Content-Length", false},
    KnownHeader{"Content-Type", false},
    KnownHeader{"CSeq", false},
    KnownHeader{"Date", false},
    KnownHeader{"Error-Info", true},
    KnownHeader{"Event", false},
    KnownHeader{"Expires", false},
    KnownHeader{"From", false},
    KnownHeader{"Identity", false},
    KnownHeader{"Identity-Info", false},
    KnownHeader{"In-Reply-To", true},
    KnownHeader{"Max-Forwards", false},
    KnownHeader{"MIME-Version", false},
    KnownHeader{"Min-Expires", false},
    KnownHeader{"Min-SE", false},
    KnownHeader{"Organization", false},
    KnownHeader{"P-Asserted-Identity", true},
    KnownHeader{"P-Preferred-Identity", true},
    KnownHeader{"Path", true},
    KnownHeader{"Priority", false},
    KnownHeader{"Privacy", false},
    KnownHeader{"Proxy-Authenticate", false},
    KnownHeader{"Proxy-Authorization", false},
    KnownHeader{"Proxy-Require", true},
    KnownHeader{"RAck", false},
    KnownHeader{"Reason", true},
    KnownHeader{"Record-Route", true},
    KnownHeader{"Refer-To", false},
    KnownHeader{"Referred-By", false},
    KnownHeader{"Reject-Contact", true},
    KnownHeader{"Replaces", false},
    KnownHeader{"Reply-To", false},
    KnownHeader{"Request-Disposition", true},
    KnownHeader{"Require", true},
    KnownHeader{"Retry-After", false},
    KnownHeader{"Route", true},
    KnownHeader{"RSeq", false},
    KnownHeader{"Server", false},
    KnownHeader{"Service-Route", true},
    KnownHeader{"Session-Expires", false},
    KnownHeader{"Subject", false},
    KnownHeader{"Subscription-State", false},
    KnownHeader{"Supported", true},
    KnownHeader{"Timestamp", false},
    KnownHeader{"To", false},
    KnownHeader{"Unsupported", true},
    KnownHeader{"User-Agent", false},
    KnownHeader{"Via", true},
    KnownHeader{"Warning", true},
    KnownHeader{"WWW-Authenticate", false},
};

// Compact forms: RFC 3261 plus RFC 3265 (o, u), 3515 (r), 3892 (b), 4028 (x),
// 4474 (y, n), 3841 (a, j, d).
std::string_view compactForm(char letter) {
  switch (scan::lower(letter)) {
  case 'a':
    return "Accept-Contact";
  case 'b':
    return "Referred-By";
  case 'c':
    return "Content-Type";
  case 'd':
    return "Request-Disposition";
  case 'e':
    return "Content-Encoding";
  case 'f':
    return "From";
  case 'i':
    return "Call-ID";
  case 'j':
    return "Reject-Contact";
  case 'k':
    return "Supported";
  case 'l':
    return "Content-Length";
  case 'm':
    return "Contact";
  case 'n':
    return "Identity-Info";
  case 'o':
    return "Event";
  case 'r':
    return "Refer-To";
  case 's':
    return "Subject";
  case 't':
    return "To";
  case 'u':
    return "Allow-Events";
  case 'v':
    return "Via";
  case 'x':
    return "Session-Expires";
  case 'y':
    return "Identity";
  default:
    return {};
  }
}

// RFC 3261 21 and the extensions the stack uses.
constexpr std::pair<int, std::string_view> kReasonPhrases[] = {
    {100, "Trying"},
    {180, "Ringing"},
    {181, "Call Is Being Forwarded"},
    {182, "Queued"},
    {183, "Session Progress"},
    {200, "OK"},
    {202, "Accepted"},
    {204, "No Notification"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Moved Temporarily"},
    {305, "Use Proxy"},
    {380, "Alternative Service"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {410, "Gone"},
    {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"},
    {420, "Bad Extension"},
    {421, "Extension Required"},
    {422, "Session Interval Too Small"},
    {423, "Interval Too Brief"},
    {480, "Temporarily Unavailable"},
    {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"},
    {483, "Too Many Hops"},
    {484, "Address Incomplete"},
    {485, "Ambiguous"},
    {486, "Busy Here"},
    {487, "Request Terminated"},
    {488, "Not Acceptable Here"},
    {489, "Bad Event"},
    {491, "Request Pending"},
    {493, "Undecipherable"},
    {500, "Server Internal Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Server Time-out"},
    {505, "Version Not Supported"},
    {513, "Message Too Large"},
    {600, "Busy Everywhere"},
    {603, "Decline"},
    {604, "Does Not Exist Anywhere"},
    {606, "Not Acceptable"},
};

const KnownHeader* findKnown(std::string_view name) {
  for (const KnownHeader& h : kKnownHeaders) {
    if (h.name.size() == name.size() && scan::iequals(h.name, name)) return &h;
  }
  return nullptr;
}

} // namespace

namespace header_names {

std::string_view known(std::string_view name) {
  if (name.size() == 1) return compactForm(name[0]);
  const KnownHeader* h = findKnown(name);
  return h != nullptr ? h->name : std::string_view{};
}

bool isList(std::string_view canonicalName) {
  const KnownHeader* h = findKnown(canonicalName);
  // Unknown headers are assumed to follow the common list rule of RFC 3261 7.3.1.
  return h == nullptr || h->isList;
}

} // namespace header_names

std::string canonicalHeaderName(std::string_view name) {
  const std::string_view canonical = header_names::known(name);
  return std::string(canonical.empty() ? name : canonical);
}

std::string_view reasonPhrase(int statusCode) {
  for (const auto& [code, phrase] : kReasonPhrases) {
    if (code == statusCode) return phrase;
  }
  // Fall back on the class so that an unknown code still gets a sensible phrase.
  if (statusCode >= 100 && statusCode < 200) return "Trying";
  if (statusCode >= 200 && statusCode < 300) return "OK";
  if (statusCode >= 300 && statusCode < 400) return "Redirection";
  if (statusCode >= 400 && statusCode < 500) return "Client Error";
  if (statusCode >= 500 && statusCode < 600) return "Server Error";
  return "Global Failure";
}

} // namespace sb::sip

#include "sip/message/uas_checks.hpp"

#include "sip/message/scan.hpp"

#include <algorithm>

namespace sb::sip {

namespace {

bool containsIgnoringCase(const std::vector<std::string>& list, std::string_view item) {
  return std::any_of(list.begin(), list.end(),
                     [item](const std::string& s) { return scan::iequals(s, item); });
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// "application/sdp; charset=x" -> "application/sdp"
std::string_view mediaTypeOf(std::string_view value) {
  return scan::trim(value.substr(0, value.find(';')));
}

Rejection reject(int code, std::string reason) {
  return Rejection{code, std::move(reason), {}};
}

std::optional<Rejection> checkRequire(const Message& request, const UasCapabilities& caps) {
  std::vector<std::string> unsupported;
  for (const std::string& tag : request.headerValues("Require")) {
    if (!containsIgnoringCase(caps.extensions, tag)) unsupported.push_back(tag);
  }
  if (unsupported.empty()) return std::nullopt;
  Rejection rejection = reject(420, "Require: " + joined(unsupported));
  rejection.headers.push_back(Header{"Unsupported", joined(unsupported)});
  return rejection;
}

std::optional<Rejection> checkBody(const Message& request, const UasCapabilities& caps) {
  if (request.body.empty()) return std::nullopt;
  const std::string* type = request.header("Content-Type");
  const bool typeKnown =
      type == nullptr || containsIgnoringCase(caps.bodyTypes, mediaTypeOf(*type));
  const std::string* encoding = request.header("Content-Encoding");
  const bool encodingKnown = encoding == nullptr || scan::iequals(*encoding, "identity");
  if (typeKnown && encodingKnown) return std::nullopt;
  Rejection rejection = reject(415, "body of type " + (type ? *type : std::string("?")));
  rejection.headers.push_back(Header{"Accept", joined(caps.bodyTypes)});
  if (!encodingKnown) rejection.headers.push_back(Header{"Accept-Encoding", "identity"});
  return rejection;
}

// Accept entries match exactly, by "type/*" or by "*/*".
bool accepts(std::string_view accepted, std::string_view mediaType) {
  if (accepted == "*/*" || scan::iequals(accepted, mediaType)) return true;
  const std::size_t slash = mediaType.find('/');
  return accepted.size() > 2 && accepted.substr(accepted.size() - 2) == "/*" &&
         scan::iequals(accepted.substr(0, accepted.size() - 1), mediaType.substr(0, slash + 1));
}

std::optional<Rejection> checkAccept(const Message& request, const UasCapabilities& caps) {
  if (request.method != "INVITE") return std::nullopt;
  const std::vector<std::string> accepted = request.headerValues("Accept");
  if (accepted.empty()) return std::nullopt; // absent: application/sdp is assumed (RFC 3261 20.1)
  for (const std::string& entry : accepted) {
    for (const std::string& type : caps.answerTypes) {
      if (accepts(mediaTypeOf(entry), type)) return std::nullopt;
    }
  }
  return reject(406, "Accept excludes " + joined(caps.answerTypes));
}

std::optional<Rejection> checkRequest(const Message& request, const UasCapabilities& caps) {
  if (request.method == "ACK") return std::nullopt; // never answered
  if (!containsIgnoringCase(caps.uriSchemes, request.requestUri.scheme)) {
    return reject(416, "Request-URI scheme " + request.requestUri.scheme);
  }
  if (request.maxForwards() == 0 && request.method != "OPTIONS") {
    return reject(483, "Max-Forwards is 0");
  }
  if (request.method == "CANCEL") return std::nullopt; // matched to its INVITE as it is
  if (auto rejection = checkRequire(request, caps)) return rejection;
  if (auto rejection = checkBody(request, caps)) return rejection;
  return checkAccept(request, caps);
}

} // namespace

std::optional<Rejection> checkApplicationLayer(const Message& message,
                                               const UasCapabilities& capabilities) {
  if (message.isRequest()) return checkRequest(message, capabilities);
  if (message.headerValues("Via").size() > 1) {
    return reject(0, "response with more than one Via");
  }
  return std::nullopt;
}

Message makeRejection(const Message& request, const Rejection& rejection, std::string_view toTag) {
  Message response = makeResponse(request, rejection.code, {}, toTag);
  // Content-Length stays last; the extra headers go before it.
  response.headers.insert(response.headers.end() - 1, rejection.headers.begin(),
                          rejection.headers.end());
  return response;
}

} // namespace sb::sip

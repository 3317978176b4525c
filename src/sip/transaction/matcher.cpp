#include "sip/transaction/matcher.hpp"

#include <cctype>

namespace sb::sip::transaction {
namespace {

constexpr char kSeparator = '\x1f'; // cannot appear in any SIP token

std::string lowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string sentBy(const Via& via) {
  std::string out = lowerCase(via.host);
  out += ':';
  if (via.port) out += std::to_string(*via.port);
  return out;
}

std::string legacyKey(const Message& request, const Via& top, const CSeq& cseq,
                      std::string_view method) {
  std::string key = "L";
  for (const std::string& part : {request.requestUri.str(), request.fromTag(), request.callId(),
                                  std::to_string(cseq.number), top.str()}) {
    key += kSeparator;
    key += part;
  }
  key += kSeparator;
  key += method;
  return key;
}

} // namespace

bool hasMagicCookie(std::string_view branch) {
  return branch.substr(0, kMagicCookie.size()) == kMagicCookie;
}

std::string clientKey(std::string_view branch, std::string_view method) {
  std::string key;
  key.reserve(branch.size() + method.size() + 1);
  key += branch;
  key += kSeparator;
  key += method;
  return key;
}

std::optional<std::string> clientKeyOf(const Message& response) {
  auto via = response.topVia();
  auto cseq = response.cseq();
  if (!via || !cseq) return std::nullopt;
  std::string branch = via->branch();
  if (branch.empty()) return std::nullopt;
  return clientKey(branch, cseq->method);
}

std::optional<ServerKey> serverKeyOf(const Message& request, std::string_view method) {
  auto via = request.topVia();
  auto cseq = request.cseq();
  if (!via || !cseq) return std::nullopt;
  std::string branch = via->branch();
  if (!hasMagicCookie(branch)) return ServerKey{legacyKey(request, *via, *cseq, method), true};
  std::string key = "B";
  key += kSeparator;
  key += branch;
  key += kSeparator;
  key += sentBy(*via);
  key += kSeparator;
  key += method;
  return ServerKey{std::move(key), false};
}

bool legacyToTagMatches(const Message& incoming, const ServerTransaction& tx) {
  if (incoming.method == "ACK") return incoming.toTag() == tx.lastToTag();
  return incoming.toTag() == tx.request().toTag();
}

} // namespace sb::sip::transaction

#include "sip/transaction/layer_messages.hpp"

#include <strings.h>

#include <string>

namespace sb::sip::transaction {
namespace {

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Shared by ACK and CANCEL: both are hop-by-hop companions of the INVITE's transaction.
Message makeCompanion(const Message& invite, std::string method, const std::string* to) {
  Message m;
  m.method = std::move(method);
  m.requestUri = invite.requestUri;
  std::vector<std::string> vias = invite.headerValues("Via");
  if (!vias.empty()) m.addHeader("Via", vias.front());
  m.addHeader("Max-Forwards", "70");
  if (const std::string* from = invite.header("From")) m.addHeader("From", *from);
  if (to != nullptr) m.addHeader("To", *to);
  m.addHeader("Call-ID", invite.callId());
  auto cseq = invite.cseq();
  CSeq companion{cseq ? cseq->number : 0, m.method};
  m.addHeader("CSeq", companion.str());
  for (const Header& h : invite.headers) {
    if (sameName(h.name, "Route")) m.addHeader("Route", h.value);
  }
  return m;
}

} // namespace

bool isViaHeaderName(std::string_view name) {
  return sameName(name, "Via") || sameName(name, "v");
}

Message makeAckForFailure(const Message& invite, const Message& response) {
  return makeCompanion(invite, "ACK", response.header("To"));
}

Message makeCancel(const Message& invite, const std::vector<Header>& extraHeaders) {
  Message cancel = makeCompanion(invite, "CANCEL", invite.header("To"));
  for (const Header& h : extraHeaders)
    cancel.addHeader(h.name, h.value);
  return cancel;
}

Message makeLocalFailure(const Message& request, int statusCode) {
  return makeResponse(request, statusCode, reasonPhrase(statusCode));
}

} // namespace sb::sip::transaction

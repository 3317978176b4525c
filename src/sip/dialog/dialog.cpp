#include "sip/dialog/dialog.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <functional>

namespace sb::sip::dialog {

namespace {

std::vector<NameAddr> routeSetFrom(const Message& message, bool reverse) {
  auto rr = message.recordRoutes();
  if (!rr.ok()) return {};
  std::vector<NameAddr> set = rr.value();
  if (reverse) std::reverse(set.begin(), set.end());
  return set;
}

std::optional<net::TransportKind> transportOfParam(const Uri& uri) {
  auto t = paramValue(uri.params, "transport");
  if (!t) return uri.scheme == "sips" ? std::optional(net::TransportKind::Tls) : std::nullopt;
  std::string v = *t;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "udp") return net::TransportKind::Udp;
  if (v == "tcp") return uri.scheme == "sips" ? net::TransportKind::Tls : net::TransportKind::Tcp;
  if (v == "tls") return net::TransportKind::Tls;
  if (v == "ws") return net::TransportKind::Ws;
  if (v == "wss") return net::TransportKind::Wss;
  return std::nullopt;
}

} // namespace

Result<Dialog> Dialog::fromRequest(const Message& request, const std::string& localTag,
                                   const net::Endpoint& source) {
  auto from = request.from();
  auto to = request.to();
  auto cseq = request.cseq();
  auto contacts = request.contacts();
  if (!from.ok() || !to.ok() || !cseq.ok()) return common::makeError("bad dialog headers", 400);
  if (!contacts.ok() || contacts->size() != 1 || contacts->front().isStar)
    return common::makeError("a dialog-creating request needs one Contact", 400);
  Dialog d;
  d.callId = request.callId();
  d.localTag = localTag;
  d.remoteTag = from->tag();
  d.localParty = *to;
  setParam(d.localParty.params, "tag", localTag);
  d.remoteParty = *from;
  d.remoteTarget = contacts->front().uri;
  d.routeSet = routeSetFrom(request, false);
  d.remoteCSeq = cseq->number;
  d.peer = source;
  return d;
}

Result<Dialog> Dialog::fromResponse(const Message& request, const Message& response,
                                    const net::Endpoint& peer) {
  auto from = request.from();
  auto to = response.to();
  auto cseq = request.cseq();
  if (!from.ok() || !to.ok() || !cseq.ok()) return common::makeError("bad dialog headers", 400);
  Dialog d;
  d.callId = request.callId();
  d.localTag = from->tag();
  d.remoteTag = to->tag();
  d.localParty = *from;
  d.remoteParty = *to;
  auto contacts = response.contacts();
  if (contacts.ok() && !contacts->empty() && !contacts->front().isStar)
    d.remoteTarget = contacts->front().uri;
  else
    d.remoteTarget = request.requestUri;
  d.routeSet = routeSetFrom(response, true);
  d.localCSeq = cseq->number;
  d.peer = peer;
  return d;
}

Message Dialog::makeRequest(const std::string& method, std::optional<std::uint32_t> cseqOverride) {
  Message m;
  m.method = method;
  std::uint32_t number = cseqOverride ? *cseqOverride : ++localCSeq;
  std::vector<NameAddr> routes = routeSet;
  if (!routes.empty() && !hasParam(routes.front().uri.params, "lr")) {
    // Strict router (RFC 3261 12.2.1.1): the first route becomes the Request-URI and the
    // remote target goes last.
    m.requestUri = routes.front().uri;
    routes.erase(routes.begin());
    NameAddr target;
    target.uri = remoteTarget;
    routes.push_back(target);
  } else {
    m.requestUri = remoteTarget;
  }
  m.addHeader("Max-Forwards", "70");
  m.addHeader("From", localParty.str());
  m.addHeader("To", remoteParty.str());
  m.addHeader("Call-ID", callId);
  m.addHeader("CSeq", std::to_string(number) + " " + method);
  for (const auto& r : routes) m.addHeader("Route", r.str());
  return m;
}

bool Dialog::acceptRemoteCSeq(const Message& request) {
  auto cseq = request.cseq();
  if (!cseq.ok()) return false;
  if (request.method == "ACK" || request.method == "CANCEL") return true;
  if (remoteCSeq && cseq->number <= *remoteCSeq) return false;
  remoteCSeq = cseq->number;
  return true;
}

net::Endpoint Dialog::nextHop() const {
  if (!routeSet.empty()) {
    if (auto ep = endpointOfUri(routeSet.front().uri, peer.transport)) {
      if (*ep == peer) ep->connection = peer.connection;
      return *ep;
    }
  }
  return peer;
}

bool Dialog::matchesIncoming(const Message& message) const {
  if (message.callId() != callId) return false;
  if (message.isRequest()) return message.fromTag() == remoteTag && message.toTag() == localTag;
  return message.fromTag() == localTag && message.toTag() == remoteTag;
}

std::size_t DialogKeyHash::operator()(const DialogKey& k) const {
  std::hash<std::string> h;
  return h(k.callId) ^ (h(k.localTag) * 31) ^ (h(k.remoteTag) * 131);
}

DialogKey keyOfIncomingRequest(const Message& request) {
  return DialogKey{request.callId(), request.toTag(), request.fromTag()};
}

std::optional<net::Endpoint> endpointOfUri(const Uri& uri, net::TransportKind fallback) {
  std::string host = uri.host;
  if (auto maddr = paramValue(uri.params, "maddr")) host = *maddr;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned char buf[16];
  bool numeric = inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
  if (!numeric) return std::nullopt;
  net::Endpoint ep;
  ep.transport = transportOfParam(uri).value_or(fallback);
  ep.address = host;
  ep.port = uri.port ? *uri.port
                     : (ep.transport == net::TransportKind::Tls || ep.transport == net::TransportKind::Wss ? 5061 : 5060);
  return ep;
}

} // namespace sb::sip::dialog

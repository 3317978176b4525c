#include "sip/transaction/via_routing.hpp"

#include "sip/transaction/layer_messages.hpp"

#include <charconv>

namespace sb::sip::transaction {
namespace {

std::string withoutBrackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::string(host);
}

std::optional<std::uint16_t> portNumber(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  std::uint16_t port = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), port);
  if (ec != std::errc{} || end != text->data() + text->size() || port == 0) return std::nullopt;
  return port;
}

std::uint16_t defaultPort(net::TransportKind kind) {
  switch (kind) {
  case net::TransportKind::Tls:
    return 5061;
  case net::TransportKind::Wss:
    return 443;
  case net::TransportKind::Ws:
    return 80;
  case net::TransportKind::Udp:
  case net::TransportKind::Tcp:
    break;
  }
  return 5060;
}

// Puts the Via list back with the first entry replaced, each Via on its own line at the
// position of the first Via header, so a comma-joined Via line is handled too.
void replaceTopVia(Message& request, const Via& top) {
  std::vector<std::string> values = request.headerValues("Via");
  if (values.empty()) return;
  values.front() = top.str();
  auto& headers = request.headers;
  std::size_t first = headers.size();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (isViaHeaderName(headers[i].name)) {
      first = i;
      break;
    }
  }
  std::erase_if(headers, [](const Header& h) { return isViaHeaderName(h.name); });
  std::vector<Header> vias;
  for (std::string& value : values)
    vias.push_back(Header{"Via", std::move(value)});
  headers.insert(headers.begin() + static_cast<std::ptrdiff_t>(std::min(first, headers.size())),
                 vias.begin(), vias.end());
}

} // namespace

void stampReceived(Message& request, const net::Endpoint& source) {
  auto top = request.topVia();
  if (!top) return;
  bool rport = hasParam(top->params, "rport");
  if (!rport && withoutBrackets(top->host) == source.address) return;
  setParam(top->params, "received", source.address);
  if (rport) setParam(top->params, "rport", std::to_string(source.port));
  replaceTopVia(request, *top);
}

ResponseRoute responseRoute(const Message& request, const net::Endpoint& source) {
  auto top = request.topVia();
  if (!top) return ResponseRoute{source, std::nullopt};
  net::Endpoint viaTarget;
  viaTarget.transport = source.transport;
  std::optional<std::string> address = paramValue(top->params, "received");
  if (!address) address = paramValue(top->params, "maddr");
  viaTarget.address =
      address && !address->empty() ? withoutBrackets(*address) : withoutBrackets(top->host);
  std::optional<std::uint16_t> port = portNumber(paramValue(top->params, "rport"));
  viaTarget.port = port ? *port : top->port.value_or(defaultPort(source.transport));
  if (net::isReliable(source.transport)) return ResponseRoute{source, viaTarget};
  return ResponseRoute{viaTarget, std::nullopt};
}

} // namespace sb::sip::transaction

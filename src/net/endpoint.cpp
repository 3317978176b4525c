#include "net/endpoint.hpp"

namespace sb::net {

const char* viaToken(TransportKind k) {
  switch (k) {
  case TransportKind::Udp: return "UDP";
  case TransportKind::Tcp: return "TCP";
  case TransportKind::Tls: return "TLS";
  case TransportKind::Ws: return "WS";
  case TransportKind::Wss: return "WSS";
  }
  return "UDP";
}

std::string Endpoint::str() const {
  std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  std::string kind = viaToken(transport);
  for (auto& c : kind) c = static_cast<char>(c - 'A' + 'a');
  return kind + ":" + host + ":" + std::to_string(port);
}

} // namespace sb::net

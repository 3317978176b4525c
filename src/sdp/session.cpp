#include "sdp/session.hpp"

namespace sb::sdp {

std::string_view Connection::host() const {
  const std::string_view text = address;
  return text.substr(0, text.find('/'));
}

bool Connection::isUnspecified() const {
  const std::string_view ip = host();
  return ip == "0.0.0.0" || ip == "::" || ip == "0:0:0:0:0:0:0:0";
}

Connection Connection::forAddress(std::string_view ip) {
  Connection connection;
  connection.addrType = ip.find(':') == std::string_view::npos ? "IP4" : "IP6";
  connection.address = std::string(ip);
  return connection;
}

const Connection* Session::connectionFor(const Media& section) const {
  if (section.connection) return &*section.connection;
  if (connection) return &*connection;
  return nullptr;
}

const Attribute* findAttribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

bool hasAttribute(const std::vector<Attribute>& attributes, std::string_view name) {
  return findAttribute(attributes, name) != nullptr;
}

std::vector<const Attribute*> findAttributes(const std::vector<Attribute>& attributes,
                                             std::string_view name) {
  std::vector<const Attribute*> found;
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) found.push_back(&attribute);
  }
  return found;
}

int canonicalRank(char type) {
  // RFC 8866 section 5: i u e p come before c=, z k after the t= lines.
  constexpr std::string_view order = "iuepzk";
  const auto at = order.find(type);
  return at == std::string_view::npos ? static_cast<int>(order.size()) : static_cast<int>(at);
}

} // namespace sb::sdp

#include "sip/transport/ws_handshake.hpp"

#include <algorithm>
#include <cctype>

namespace sb::sip::transport {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

} // namespace

bool offersSipSubprotocol(std::string_view headerValue) {
  while (true) {
    const auto comma = headerValue.find(',');
    if (equalsIgnoreCase(trim(headerValue.substr(0, comma)), kSipSubprotocol)) return true;
    if (comma == std::string_view::npos) return false;
    headerValue.remove_prefix(comma + 1);
  }
}

} // namespace sb::sip::transport

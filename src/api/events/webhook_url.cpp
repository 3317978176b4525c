#include "api/events/webhook_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace sb::api::events {

namespace {

common::Error urlError(std::string message) {
  return common::fieldError("url", std::move(message));
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

bool validHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// Splits "host[:port]" or "[v6]:port" into url.host and url.port.
std::optional<common::Error> parseAuthority(std::string_view authority, WebhookUrl& url) {
  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return urlError("unterminated IPv6 address");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':')
      return urlError("unexpected text after the IPv6 address");
    if (!rest.empty()) portText = rest.substr(1);
    const bool v6 = std::all_of(url.host.begin(), url.host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
    if (!v6 || url.host.empty()) return urlError("invalid IPv6 address");
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) portText = authority.substr(colon + 1);
    if (url.host.empty()) return urlError("the URL has no host");
    if (!std::all_of(url.host.begin(), url.host.end(), validHostChar))
      return urlError("invalid character in the host");
  }
  if (portText.empty()) return std::nullopt; // the scheme's default
  unsigned port = 0;
  auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc{} || end != portText.data() + portText.size() || port == 0 || port > 65535)
    return urlError("invalid port");
  url.port = static_cast<std::uint16_t>(port);
  return std::nullopt;
}

} // namespace

common::Result<WebhookUrl> parseWebhookUrl(std::string_view text) {
  if (text.empty()) return urlError("required");
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
    return urlError("must not contain spaces or control characters");
  WebhookUrl url;
  if (startsWithNoCase(text, "https://")) {
    url.tls = true;
    url.port = 443;
    text.remove_prefix(8);
  } else if (startsWithNoCase(text, "http://")) {
    url.port = 80;
    text.remove_prefix(7);
  } else {
    return urlError("must start with http:// or https://");
  }
  if (text.find('#') != std::string_view::npos) return urlError("must not have a fragment (#...)");
  const auto authorityEnd = text.find_first_of("/?");
  const std::string_view authority = text.substr(0, authorityEnd);
  if (authority.find('@') != std::string_view::npos)
    return urlError("must not contain a user name or password");
  if (auto error = parseAuthority(authority, url)) return *error;
  const std::string_view rest =
      authorityEnd == std::string_view::npos ? std::string_view{} : text.substr(authorityEnd);
  url.target = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
  return url;
}

} // namespace sb::api::events

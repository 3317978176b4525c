#pragma once
// A webhook's target URL, parsed once when an admin registers it and again for each
// delivery: http:// or https:// only, no credentials, no fragment.
#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::api::events {

struct WebhookUrl {
  bool tls = false; // https
  std::string host; // a name or an IP address (IPv6 without its brackets)
  std::uint16_t port = 0;
  std::string target; // path and query as sent in the request line; "/" at least
};

// A URL that is not acceptable is a 400 whose field is "url".
common::Result<WebhookUrl> parseWebhookUrl(std::string_view url);

} // namespace sb::api::events

#pragma once
// One webhook delivery attempt on the wire: a single HTTP/1.1 POST over TCP or TLS (peer
// verified: chain, SNI, host name), bounded by one deadline, redirects never followed.
// Only the status line matters; the response body is not read.
#include "api/events/webhook_url.hpp"
#include "common/clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb::api::events {

struct WebhookPostRequest {
  WebhookUrl url;
  std::vector<std::pair<std::string, std::string>>
      headers; // besides Host, Content-Length, Connection
  std::string body;
  common::Duration timeout{10'000}; // for everything: resolve, connect, handshake, write, read
};

struct WebhookPostOutcome {
  std::optional<int> statusCode; // set when the receiver answered
  std::string error;             // why there is no answer ("connect: Connection refused", ...)
};

// A POST under way. Everything about it happens on the io_context it was started on.
class WebhookPost {
public:
  virtual ~WebhookPost() = default;
  // Abandons the attempt without reporting it; call on the io thread.
  virtual void cancel() = 0;
};

// Starts the POST; `done` runs once, on `io`, unless cancelled first. `tls` is used for
// https and must outlive the attempt.
std::shared_ptr<WebhookPost> startWebhookPost(boost::asio::io_context& io,
                                              boost::asio::ssl::context& tls,
                                              WebhookPostRequest request,
                                              std::function<void(WebhookPostOutcome)> done);

} // namespace sb::api::events

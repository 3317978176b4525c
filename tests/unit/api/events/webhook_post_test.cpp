// One POST over TLS: the receiver's certificate must chain to a trusted root and name
// the host the URL gave.
#include "api/events/webhook_post.hpp"
#include "net/self_signed.hpp"
#include "net/tls_context.hpp"
#include "unit/api/events/webhook_receiver.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdlib.h>

namespace sb::api::events {
namespace {

using testing::runUntil;
using testing::WebhookReceiver;

// A fresh certificate and key, removed with the fixture.
struct Certificate {
  explicit Certificate(net::SelfSignedRequest request) {
    std::string pattern = ::testing::TempDir() + "sb_webhook_tls_XXXXXX";
    dir = ::mkdtemp(pattern.data());
    certificate = dir + "/cert.pem";
    key = dir + "/key.pem";
    auto error = net::writeSelfSignedCertificate(certificate, key, request);
    EXPECT_FALSE(error.has_value()) << (error ? error->message : "");
  }
  ~Certificate() { std::filesystem::remove_all(dir); }
  std::string dir, certificate, key;
};

class WebhookPostTlsTest : public ::testing::Test {
protected:
  boost::asio::io_context io;

  std::unique_ptr<boost::asio::ssl::context> serverContext(const Certificate& certificate) {
    auto context = net::makeServerTlsContext(certificate.certificate, certificate.key);
    EXPECT_TRUE(context.ok());
    return context.ok() ? std::move(context.value()) : nullptr;
  }
  // A client that trusts `certificate` as its only root.
  static std::unique_ptr<boost::asio::ssl::context> trusting(const Certificate& certificate) {
    auto context =
        std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
    context->load_verify_file(certificate.certificate);
    context->set_verify_mode(boost::asio::ssl::verify_peer);
    return context;
  }
  WebhookPostOutcome post(boost::asio::ssl::context& client, const std::string& url) {
    auto parsed = parseWebhookUrl(url);
    EXPECT_TRUE(parsed.ok()) << url;
    WebhookPostRequest request;
    request.url = parsed.value();
    request.body = "{}";
    request.timeout = std::chrono::milliseconds{5'000};
    std::optional<WebhookPostOutcome> outcome;
    auto pending = startWebhookPost(io, client, request,
                                    [&](WebhookPostOutcome o) { outcome = std::move(o); });
    EXPECT_TRUE(runUntil(io, [&] { return outcome.has_value(); }));
    return outcome.value_or(WebhookPostOutcome{std::nullopt, "no outcome"});
  }
};

TEST_F(WebhookPostTlsTest, DeliversToACertificateThatNamesTheHost) {
  Certificate certificate{net::SelfSignedRequest{}}; // localhost, 127.0.0.1, ::1
  auto server = serverContext(certificate);
  WebhookReceiver receiver(io, server.get());
  auto client = trusting(certificate);
  const std::string port = std::to_string(receiver.port());

  auto byName = post(*client, "https://localhost:" + port + "/hook");
  EXPECT_EQ(byName.statusCode, 200) << byName.error;
  auto byAddress = post(*client, "https://127.0.0.1:" + port + "/hook");
  EXPECT_EQ(byAddress.statusCode, 200) << byAddress.error;
  ASSERT_EQ(receiver.requests.size(), 2u);
  EXPECT_EQ(receiver.requests[0]["Host"], "localhost:" + port);
  EXPECT_EQ(receiver.requests[0].body(), "{}");
}

TEST_F(WebhookPostTlsTest, RefusesACertificateForAnotherHost) {
  Certificate certificate{net::SelfSignedRequest{.commonName = "crm.example.test",
                                                 .dnsNames = {"crm.example.test"},
                                                 .ipAddresses = {},
                                                 .validDays = 30}};
  auto server = serverContext(certificate);
  WebhookReceiver receiver(io, server.get());
  auto client = trusting(certificate);
  for (const std::string host : {"localhost", "127.0.0.1"}) {
    auto outcome =
        post(*client, "https://" + host + ":" + std::to_string(receiver.port()) + "/hook");
    EXPECT_FALSE(outcome.statusCode.has_value()) << host;
    EXPECT_NE(outcome.error.find("tls"), std::string::npos) << outcome.error;
  }
  EXPECT_TRUE(receiver.requests.empty());
}

TEST_F(WebhookPostTlsTest, RefusesACertificateNoTrustedRootSigned) {
  Certificate certificate{net::SelfSignedRequest{}};
  auto server = serverContext(certificate);
  WebhookReceiver receiver(io, server.get());
  auto systemRoots = net::makeClientTlsContext(/*verifyPeer=*/true); // what the dispatcher uses
  auto outcome = post(*systemRoots, receiver.url());
  EXPECT_FALSE(outcome.statusCode.has_value());
  EXPECT_NE(outcome.error.find("certificate verify failed"), std::string::npos) << outcome.error;
  EXPECT_TRUE(receiver.requests.empty());
}

TEST_F(WebhookPostTlsTest, CancelledPostsDoNotReport) {
  WebhookReceiver receiver(io);
  receiver.silent = true;
  auto client = net::makeClientTlsContext(true);
  auto parsed = parseWebhookUrl(receiver.url());
  ASSERT_TRUE(parsed.ok());
  WebhookPostRequest request;
  request.url = parsed.value();
  request.timeout = std::chrono::milliseconds{50};
  bool reported = false;
  auto pending =
      startWebhookPost(io, *client, request, [&](WebhookPostOutcome) { reported = true; });
  ASSERT_TRUE(runUntil(io, [&] { return receiver.requests.size() == 1; }));
  pending->cancel();
  // Once its aborted operations have completed nothing refers to the attempt any more;
  // by then a timeout (50 ms) or the closed socket would have been reported.
  std::weak_ptr<WebhookPost> gone = pending;
  pending.reset();
  ASSERT_TRUE(runUntil(io, [&] { return gone.expired(); }));
  io.poll();
  EXPECT_FALSE(reported);
}

} // namespace
} // namespace sb::api::events

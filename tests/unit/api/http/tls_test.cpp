// HTTPS and WSS with a self-signed certificate.
#include "net/self_signed.hpp"
#include "unit/api/http/test_client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace sb::api::http {
namespace {

using namespace testing;

class TlsServerTest : public ServerFixture {
protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "sb_api_tls_XXXXXX";
    dir_ = ::mkdtemp(pattern.data());
    options.certificateFile = dir_ + "/cert.pem";
    options.privateKeyFile = dir_ + "/key.pem";
    auto error = sb::net::writeSelfSignedCertificate(options.certificateFile.string(),
                                                     options.privateKeyFile.string());
    ASSERT_FALSE(error.has_value()) << error->message;
    clientTls_.set_verify_mode(net::ssl::verify_none);
    router.add(Verb::get, "/api/v1/me", Access::User, [](ApiRequest& request) {
      return jsonResponse(200, {{"remote", request.remoteAddress}});
    });
    upgrade = [this](ApiRequest&, std::shared_ptr<WebSocketConnection> connection)
        -> common::Result<WebSocketHandlers> {
      WebSocketHandlers handlers;
      handlers.onMessage = [connection](std::string text) { connection->send("secure " + text); };
      handlers.onClose = [this] { events_.push("closed"); };
      return handlers;
    };
  }
  void TearDown() override {
    server.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  net::ssl::context clientTls_{net::ssl::context::tls_client};
  Events events_;
};

TEST_F(TlsServerTest, HttpsRequestsAreServed) {
  startServer();
  EXPECT_TRUE(server->tls());
  TlsClient client(port(), clientTls_);
  ASSERT_TRUE(client.connected) << client.error.message();
  for (int i = 0; i < 2; ++i) {
    auto response = client.request(bhttp::verb::get, "/api/v1/me");
    ASSERT_TRUE(response.has_value()) << client.error.message();
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_EQ(jsonBody(*response)["remote"], "127.0.0.1");
  }
}

TEST_F(TlsServerTest, WssCarriesMessages) {
  startServer();
  WssClient client(clientTls_);
  ASSERT_TRUE(client.open(port(), "/api/v1/events")) << client.error.message();
  ASSERT_TRUE(client.write("ping"));
  EXPECT_EQ(client.read(), "secure ping");
  EXPECT_EQ(server->openWebSockets(), 1u);
  ASSERT_TRUE(client.close());
  EXPECT_TRUE(events_.waitFor("closed"));
}

TEST_F(TlsServerTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
  startServer();
  Client client(port());
  ASSERT_TRUE(client.connected);
  bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/api/v1/me", 11};
  client.write(std::move(request));
  EXPECT_FALSE(client.read().has_value());
}

TEST_F(TlsServerTest, AMissingCertificateIsAStartError) {
  options.certificateFile = dir_ + "/missing.pem";
  HttpServer broken(
      options, [](ApiRequest&) { return ApiResponse{}; }, nullptr);
  auto error = broken.start();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("missing.pem"), std::string::npos) << error->message;
}

} // namespace
} // namespace sb::api::http

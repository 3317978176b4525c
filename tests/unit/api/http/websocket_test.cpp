// WebSocket upgrades through the server: accepted, refused, closed by either side, and a
// reader too slow to keep up.
#include "unit/api/http/test_client.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

using namespace testing;

class WebSocketTest : public ServerFixture {
protected:
  void SetUp() override {
    upgrade = [this](ApiRequest& request, std::shared_ptr<WebSocketConnection> connection)
        -> common::Result<WebSocketHandlers> {
      if (request.query.first("token") != "good")
        return common::makeError("a valid token is required", 401);
      events.push("upgrade " + request.path + " from " + connection->remoteAddress());
      connection->send("welcome"); // before the handshake has completed
      {
        std::lock_guard lock(mutex_);
        connection_ = connection;
      }
      WebSocketHandlers handlers;
      handlers.onMessage = [this, connection](std::string text) {
        events.push("message " + text);
        connection->send("echo " + text);
      };
      handlers.onClose = [this] { events.push("closed"); };
      return handlers;
    };
  }

  std::shared_ptr<WebSocketConnection> connection() {
    std::lock_guard lock(mutex_);
    return connection_;
  }

  Events events;
  std::mutex mutex_;
  std::shared_ptr<WebSocketConnection> connection_;
};

TEST_F(WebSocketTest, MessagesFlowBothWaysUntilTheClientCloses) {
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good")) << client.error.message();
  EXPECT_TRUE(events.waitFor("upgrade /api/v1/events from 127.0.0.1"));
  EXPECT_EQ(client.read(), "welcome");
  EXPECT_EQ(server->openWebSockets(), 1u);
  ASSERT_TRUE(client.write("hello"));
  EXPECT_EQ(client.read(), "echo hello");
  EXPECT_TRUE(events.waitFor("message hello"));
  ASSERT_TRUE(client.close());
  EXPECT_TRUE(events.waitFor("closed"));
  EXPECT_EQ(server->openWebSockets(), 0u);
  connection()->send("after the end"); // harmless
}

TEST_F(WebSocketTest, TheServerSendsAndClosesFromAnyThread) {
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good"));
  EXPECT_EQ(client.read(), "welcome");
  connection()->send("call.ringing");
  EXPECT_EQ(client.read(), "call.ringing");
  connection()->close(4000, "session revoked");
  connection()->close(4001, "twice is once");
  EXPECT_EQ(client.read(), std::nullopt);
  EXPECT_EQ(client.error, websocket::error::closed);
  EXPECT_EQ(client.reason().code, 4000);
  EXPECT_EQ(client.reason().reason, "session revoked");
  EXPECT_TRUE(events.waitFor("closed"));
  EXPECT_TRUE(events.waitUntil([&] { return server->openWebSockets() == 0; }));
  const auto all = events.all();
  EXPECT_EQ(std::count(all.begin(), all.end(), "closed"), 1);
}

TEST_F(WebSocketTest, RefusedUpgradeIsTheJsonError) {
  startServer();
  Client client(port());
  ASSERT_TRUE(
      client.writeRaw("GET /api/v1/events?token=bad HTTP/1.1\r\nHost: localhost\r\n"
                      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
  auto response = client.read();
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 401);
  EXPECT_EQ(jsonBody(*response)["error"]["code"], "unauthorized");
  EXPECT_EQ(jsonBody(*response)["error"]["message"], "a valid token is required");
  EXPECT_TRUE(client.closedByServer());
  EXPECT_EQ(server->openWebSockets(), 0u);

  WsClient ws;
  EXPECT_FALSE(ws.open(port(), "/api/v1/events"));
  EXPECT_EQ(ws.error, websocket::error::upgrade_declined);
}

TEST_F(WebSocketTest, ASlowReaderIsClosedWith1008) {
  options.maxWebSocketQueueBytes = 64 * 1024;
  options.webSocketCloseGrace = std::chrono::seconds(20);
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good", 4096));
  // Far more than socket buffers hold while the client does not read.
  const std::string update(16 * 1024, 'u');
  for (int i = 0; i < 2048; ++i)
    connection()->send(update);
  std::size_t received = 0;
  while (auto message = client.read())
    ++received;
  EXPECT_LT(received, 2048u);
  EXPECT_EQ(client.error, websocket::error::closed) << client.error.message();
  EXPECT_EQ(client.reason().code, websocket::close_code::policy_error);
  EXPECT_EQ(client.reason().reason, "too slow");
  EXPECT_TRUE(events.waitFor("closed"));
}

TEST_F(WebSocketTest, AReaderThatNeverReadsIsCutAfterTheGrace) {
  options.maxWebSocketQueueBytes = 64 * 1024;
  options.webSocketCloseGrace = std::chrono::milliseconds(200);
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good", 4096));
  const std::string update(16 * 1024, 'u');
  for (int i = 0; i < 2048; ++i)
    connection()->send(update);
  EXPECT_TRUE(events.waitFor("closed"));
  EXPECT_TRUE(events.waitUntil([&] { return server->openWebSockets() == 0; }));
}

TEST_F(WebSocketTest, AClientThatDoesNotAnswerPingsIsClosed) {
  options.webSocketPing = std::chrono::seconds(1);
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good"));
  EXPECT_TRUE(events.waitFor("closed")); // the client's loop never runs, so no pong
}

TEST_F(WebSocketTest, StopClosesOpenWebSockets) {
  options.webSocketCloseGrace = std::chrono::milliseconds(200);
  startServer();
  WsClient client;
  ASSERT_TRUE(client.open(port(), "/api/v1/events?token=good"));
  ASSERT_EQ(client.read(), "welcome");
  const auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, kBound);
  EXPECT_TRUE(events.waitFor("closed"));
  EXPECT_EQ(server->openWebSockets(), 0u);
  // The close frame went out before the connection was cut (so the client's answer to it
  // may fail).
  EXPECT_EQ(client.read(), std::nullopt);
  EXPECT_EQ(client.reason().code, websocket::close_code::going_away);
  EXPECT_EQ(client.reason().reason, "server stopping");
}

} // namespace
} // namespace sb::api::http

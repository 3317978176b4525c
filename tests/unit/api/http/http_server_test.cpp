// The HTTP server on a loopback socket: routing, keep-alive, limits and failures.
#include "unit/api/http/test_client.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

using namespace testing;

class HttpServerTest : public ServerFixture {
protected:
  void SetUp() override {
    router.add(Verb::get, "/api/v1/calls/{id}", Access::User, [](ApiRequest& request) {
      return jsonResponse(200, {{"id", request.param("id")},
                                {"limit", request.query.first("limit").value_or("")},
                                {"remote", request.remoteAddress},
                                {"body", request.body}});
    });
    router.add(Verb::post, "/api/v1/echo", Access::User, [](ApiRequest& request) {
      return jsonResponse(
          201, {{"body", request.body}, {"type", request.header(bhttp::field::content_type)}});
    });
    router.add(Verb::get, "/api/v1/boom", Access::User,
               [](ApiRequest&) -> ApiResponse { throw std::runtime_error("database on fire"); });
    router.add(Verb::get, "/api/v1/headers", Access::User, [](ApiRequest&) {
      ApiResponse response = jsonResponse(200, {{"ok", true}});
      response.headers = {
          {"X-Request-Id", "r-1"}, {"X-Evil", "a\r\nSet-Cookie: x=1"}, {"Content-Length", "0"}};
      return response;
    });
    router.add(Verb::delete_, "/api/v1/calls/{id}", Access::Admin, [](ApiRequest&) {
      ApiResponse response;
      response.status = 204;
      return response;
    });
  }
};

TEST_F(HttpServerTest, GetIsRoutedToItsHandler) {
  startServer();
  Client client(port());
  ASSERT_TRUE(client.connected);
  auto response = client.request(bhttp::verb::get, "/api/v1/calls/c%2D7?limit=5");
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ((*response)[bhttp::field::content_type], "application/json");
  EXPECT_EQ((*response)[bhttp::field::cache_control], "no-store");
  EXPECT_EQ((*response)[bhttp::field::content_length], std::to_string(response->body().size()));
  auto body = jsonBody(*response);
  EXPECT_EQ(body["id"], "c-7");
  EXPECT_EQ(body["limit"], "5");
  EXPECT_EQ(body["remote"], "127.0.0.1");
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  startServer();
  Client client(port());
  for (const char* id : {"first", "second", "third"}) {
    auto response = client.request(bhttp::verb::get, std::string("/api/v1/calls/") + id);
    ASSERT_TRUE(response.has_value()) << id << ": " << client.error.message();
    EXPECT_TRUE(response->keep_alive());
    EXPECT_EQ(jsonBody(*response)["id"], id);
  }
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  startServer();
  Client client(port());
  bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/api/v1/calls/1", 11};
  request.set(bhttp::field::connection, "close");
  ASSERT_TRUE(client.write(std::move(request)));
  auto response = client.read();
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closedByServer());
}

TEST_F(HttpServerTest, PostBodyReachesTheHandlerAndGetBodyIsIgnored) {
  startServer();
  Client client(port());
  bhttp::request<bhttp::string_body> post{bhttp::verb::post, "/api/v1/echo", 11};
  post.set(bhttp::field::content_type, "application/json");
  post.body() = R"({"a":1})";
  ASSERT_TRUE(client.write(std::move(post)));
  auto created = client.read();
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->result_int(), 201);
  EXPECT_EQ(jsonBody(*created)["body"], R"({"a":1})");
  EXPECT_EQ(jsonBody(*created)["type"], "application/json");

  auto get = client.request(bhttp::verb::get, "/api/v1/calls/1", "ignored body");
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(jsonBody(*get)["body"], "");
}

TEST_F(HttpServerTest, HugeBodyIs413AndTheConnectionCloses) {
  options.maxBodyBytes = 1024;
  startServer();
  Client client(port());
  ASSERT_TRUE(
      client.writeRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" +
                      std::string(64 * 1024, 'x')));
  auto response = client.read();
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_EQ(jsonBody(*response)["error"]["code"], "too_large");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closedByServer());
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  options.maxBodyBytes = 1024;
  startServer();
  Client client(port());
  ASSERT_TRUE(
      client.writeRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "800\r\n" +
                      std::string(0x800, 'y') + "\r\n0\r\n\r\n"));
  auto response = client.read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result_int(), 413);
}

TEST_F(HttpServerTest, ARouteWithItsOwnLimitTakesLargerBodiesAndNoMore) {
  options.maxBodyBytes = 1024;
  router.add(Verb::put, "/api/v1/uploads/{id}", Access::User, [](ApiRequest& request) {
    return jsonResponse(200, {{"size", request.body.size()}});
  });
  router.limitBody(Verb::put, "/api/v1/uploads/{id}", 8192);
  options.bodyLimitFor = [this](Verb method, std::string_view path) { return router.bodyLimit(method, path); };
  startServer();
  {
    Client client(port());
    auto response = client.request(bhttp::verb::put, "/api/v1/uploads/1", std::string(4096, 'a'));
    ASSERT_TRUE(response.has_value()) << client.error.message();
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_EQ(jsonBody(*response)["size"], 4096);
  }
  {
    Client client(port());
    auto response = client.request(bhttp::verb::post, "/api/v1/echo", std::string(4096, 'a'));
    ASSERT_TRUE(response.has_value()) << client.error.message();
    EXPECT_EQ(response->result_int(), 413);
    EXPECT_NE(jsonBody(*response)["error"]["message"].get<std::string>().find("1024 bytes"), std::string::npos);
  }
  Client client(port());
  ASSERT_TRUE(client.writeRaw("PUT /api/v1/uploads/2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2001\r\n" + std::string(0x2001, 'y') + "\r\n0\r\n\r\n"));
  auto response = client.read();
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_NE(jsonBody(*response)["error"]["message"].get<std::string>().find("8192 bytes"), std::string::npos);
}

TEST_F(HttpServerTest, GarbageIs400JsonThenClose) {
  startServer();
  Client client(port());
  ASSERT_TRUE(client.writeRaw(
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n", 23)));
  auto response = client.read();
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 400);
  EXPECT_EQ(jsonBody(*response)["error"]["code"], "invalid");
  EXPECT_TRUE(client.closedByServer());
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  options.maxHeaderBytes = 2048;
  startServer();
  Client client(port());
  ASSERT_TRUE(client.writeRaw("GET /api/v1/calls/1 HTTP/1.1\r\nHost: x\r\nX-Padding: " +
                              std::string(4096, 'p') + "\r\n\r\n"));
  auto response = client.read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_EQ(jsonBody(*response)["error"]["code"], "bad_request");
}

TEST_F(HttpServerTest, HandlerExceptionIs500JsonAndTheServerCarriesOn) {
  startServer();
  Client client(port());
  auto failed = client.request(bhttp::verb::get, "/api/v1/boom");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->result_int(), 500);
  EXPECT_EQ(jsonBody(*failed)["error"]["code"], "internal");
  EXPECT_EQ(failed->body().find("fire"), std::string::npos); // internals stay in the log
  auto next = client.request(bhttp::verb::get, "/api/v1/calls/2");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->result_int(), 200);
}

TEST_F(HttpServerTest, HeadHasTheHeadersOfGetAndNoBody) {
  startServer();
  Client client(port());
  auto get = client.request(bhttp::verb::get, "/api/v1/calls/9");
  auto head = client.request(bhttp::verb::head, "/api/v1/calls/9");
  ASSERT_TRUE(get.has_value() && head.has_value());
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ((*head)[bhttp::field::content_length], std::to_string(get->body().size()));
  EXPECT_EQ((*head)[bhttp::field::content_type], "application/json");
  EXPECT_TRUE(head->body().empty());
  // Nothing extra followed the headers: the connection still frames the next response.
  auto again = client.request(bhttp::verb::get, "/api/v1/calls/10");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(jsonBody(*again)["id"], "10");
}

TEST_F(HttpServerTest, RouterErrorsAreJson) {
  startServer();
  Client client(port());
  auto missing = client.request(bhttp::verb::get, "/api/v1/nothing");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->result_int(), 404);
  EXPECT_EQ(jsonBody(*missing)["error"]["code"], "not_found");
  auto wrongMethod = client.request(bhttp::verb::put, "/api/v1/echo");
  ASSERT_TRUE(wrongMethod.has_value());
  EXPECT_EQ(wrongMethod->result_int(), 405);
  auto badQuery = client.request(bhttp::verb::get, "/api/v1/calls/1?x=%zz");
  ASSERT_TRUE(badQuery.has_value());
  EXPECT_EQ(badQuery->result_int(), 400);
  EXPECT_EQ(jsonBody(*badQuery)["error"]["field"], "query");
}

TEST_F(HttpServerTest, NoContentHasNoBodyOrLength) {
  startServer();
  Client client(port());
  auto response = client.request(bhttp::verb::delete_, "/api/v1/calls/3");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result_int(), 204);
  EXPECT_EQ(response->count(bhttp::field::content_length), 0u);
  EXPECT_TRUE(client.request(bhttp::verb::get, "/api/v1/calls/4").has_value());
}

TEST_F(HttpServerTest, ExtraHeadersCannotBreakFraming) {
  startServer();
  Client client(port());
  auto response = client.request(bhttp::verb::get, "/api/v1/headers");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ((*response)["X-Request-Id"], "r-1");
  EXPECT_EQ(response->count("X-Evil"), 0u);
  EXPECT_EQ(response->count(bhttp::field::set_cookie), 0u);
  EXPECT_EQ((*response)[bhttp::field::content_length], std::to_string(response->body().size()));
}

TEST_F(HttpServerTest, ExpectContinueGetsA100BeforeTheBody) {
  startServer();
  Client client(port());
  ASSERT_TRUE(client.writeRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                              "Content-Length: 5\r\n\r\n"));
  auto interim = client.read();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->result_int(), 100);
  ASSERT_TRUE(client.writeRaw("hello"));
  auto response = client.read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(jsonBody(*response)["body"], "hello");
}

TEST_F(HttpServerTest, IdleConnectionsAreClosed) {
  options.idleTimeout = std::chrono::seconds(1);
  startServer();
  Client client(port());
  ASSERT_TRUE(client.writeRaw("GET /api/v1/calls/1 HTTP/1.1\r\nHost: x\r\n")); // never finished
  EXPECT_TRUE(client.closedByServer());
}

TEST_F(HttpServerTest, StartFailureNamesTheAddress) {
  startServer();
  HttpServerOptions taken;
  taken.port = port();
  HttpServer second(
      taken, [](ApiRequest&) { return ApiResponse{}; }, nullptr);
  auto error = second.start();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("127.0.0.1:" + std::to_string(port())), std::string::npos)
      << error->message;
}

TEST_F(HttpServerTest, StopClosesOpenConnections) {
  startServer();
  Client client(port());
  ASSERT_TRUE(client.request(bhttp::verb::get, "/api/v1/calls/1").has_value());
  server->stop();
  EXPECT_TRUE(client.closedByServer());
}

} // namespace
} // namespace sb::api::http

#include "api/events/event_stream.hpp"
#include "unit/api/events/recording_connection.hpp"

#include <gtest/gtest.h>

namespace sb::api::events {
namespace {

using testing::RecordingConnection;

TEST(EventStream, PingIsAnsweredWithPong) {
  auto connection = std::make_shared<RecordingConnection>();
  auto handlers = streamHandlers(connection);
  ASSERT_TRUE(handlers.onMessage);
  handlers.onMessage(R"({"type":"ping"})");
  EXPECT_EQ(connection->sent(), std::vector<std::string>{R"({"type":"pong"})"});
}

TEST(EventStream, AnythingElseIsAnErrorAndTheConnectionStaysOpen) {
  auto connection = std::make_shared<RecordingConnection>();
  auto handlers = streamHandlers(connection);
  const std::vector<std::string> bad{
      "{not json", "[1,2]", R"({"kind":"ping"})", R"({"type":7})", R"({"type":"subscribe"})", ""};
  for (const auto& text : bad)
    handlers.onMessage(text);
  auto replies = connection->messages();
  ASSERT_EQ(replies.size(), bad.size());
  for (const auto& reply : replies) {
    EXPECT_EQ(reply["type"], "error");
    EXPECT_FALSE(reply["message"].get<std::string>().empty());
  }
  EXPECT_EQ(replies[0]["message"], "malformed JSON");
  EXPECT_NE(replies[4]["message"].get<std::string>().find("subscribe"), std::string::npos);
  EXPECT_FALSE(connection->closed());
  handlers.onMessage(R"({"type":"ping"})"); // still answering
  EXPECT_EQ(connection->sent().back(), R"({"type":"pong"})");
}

TEST(EventStream, HandlersDoNotKeepTheConnectionAlive) {
  auto connection = std::make_shared<RecordingConnection>();
  std::weak_ptr<RecordingConnection> weak = connection;
  auto handlers = streamHandlers(connection);
  connection.reset();
  EXPECT_TRUE(weak.expired());
  handlers.onMessage(R"({"type":"ping"})"); // nowhere to answer: ignored
}

} // namespace
} // namespace sb::api::events

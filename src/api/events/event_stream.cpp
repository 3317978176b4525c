#include "api/events/event_stream.hpp"

#include <nlohmann/json.hpp>

namespace sb::api::events {

namespace {

std::string errorMessage(std::string_view message) {
  return nlohmann::json{{"type", "error"}, {"message", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

http::WebSocketHandlers streamHandlers(std::shared_ptr<http::WebSocketConnection> connection) {
  http::WebSocketHandlers handlers;
  handlers.onMessage =
      [weak = std::weak_ptr<http::WebSocketConnection>(connection)](std::string text) {
        if (auto open = weak.lock()) open->send(answerClientMessage(text));
      };
  return handlers;
}

std::string answerClientMessage(std::string_view text) {
  const auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return errorMessage("malformed JSON");
  if (!message.is_object()) return errorMessage("expected a JSON object");
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string())
    return errorMessage("expected a string \"type\"");
  if (*type == "ping") return R"({"type":"pong"})";
  return errorMessage("unknown message type \"" + type->get<std::string>() +
                      "\"; only \"ping\" is accepted");
}

} // namespace sb::api::events

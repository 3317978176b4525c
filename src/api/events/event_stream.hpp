#pragma once
// The event stream's message protocol (GET /api/v1/events once upgraded): the server
// pushes events (EventHub::subscribe); the client may send {"type":"ping"}, answered
// {"type":"pong"}. Anything else, malformed JSON included, is answered
// {"type":"error","message":...}; the connection stays open either way.
#include "api/http/websocket.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace sb::api::events {

// The handlers for an accepted event stream. onMessage answers on `connection` (held
// weakly: the handlers do not keep it open); onClose is empty, for the caller to set
// (ending the subscription).
http::WebSocketHandlers streamHandlers(std::shared_ptr<http::WebSocketConnection> connection);

// The reply to one client message.
std::string answerClientMessage(std::string_view text);

} // namespace sb::api::events

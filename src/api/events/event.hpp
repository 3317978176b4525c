#pragma once
// An event: one state change as browsers and webhooks receive it, and who may see it.
// Events are immutable once published and shared between every subscriber and listener.
#include "api/http/principal.hpp"
#include "store/records.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::api::events {

// Who may see an event besides admins (admins see every event).
struct Audience {
  bool everyone = false;
  std::vector<std::string> userIds;
};

struct Event {
  std::int64_t id = 0; // strictly increasing, also across restarts (EventHub)
  store::EpochMs at = 0;
  std::string type; // "call.offered", ...
  Audience audience;
  nlohmann::json data;
  std::string text; // serialized once: {"id":..,"type":..,"at":"<RFC 3339 UTC ms>","data":{..}}
};

bool visibleTo(const Event& event, const http::Principal& principal);


// The wire form of an event, keys in the documented order; strings that are not valid
// UTF-8 are repaired (U+FFFD) rather than thrown on, since event data comes from callers.
std::string serializeEvent(std::int64_t id, std::string_view type, store::EpochMs at,
                           const nlohmann::json& data);

} // namespace sb::api::events

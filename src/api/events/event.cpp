#include "api/events/event.hpp"

#include "common/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace sb::api::events {

bool visibleTo(const Event& event, const http::Principal& principal) {
  if (principal.isAdmin() || event.audience.everyone) return true;
  if (principal.userId.empty()) return false;
  const auto& ids = event.audience.userIds;
  return std::find(ids.begin(), ids.end(), principal.userId) != ids.end();
}


std::string serializeEvent(std::int64_t id, std::string_view type, store::EpochMs at,
                           const nlohmann::json& data) {
  constexpr auto repair = nlohmann::json::error_handler_t::replace;
  std::string text = "{\"id\":" + std::to_string(id);
  text += ",\"type\":" + nlohmann::json(std::string(type)).dump(-1, ' ', false, repair);
  text += ",\"at\":\"" + common::formatUtc(at) + "\"";
  text += ",\"data\":" + (data.is_null() ? std::string("{}") : data.dump(-1, ' ', false, repair));
  text += '}';
  return text;
}

} // namespace sb::api::events

#include "api/events/event.hpp"

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

std::string formatRfc3339Ms(store::EpochMs at) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{at}};
  const auto day = floor<days>(t);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> time{t - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return text;
}

std::string serializeEvent(std::int64_t id, std::string_view type, store::EpochMs at,
                           const nlohmann::json& data) {
  constexpr auto repair = nlohmann::json::error_handler_t::replace;
  std::string text = "{\"id\":" + std::to_string(id);
  text += ",\"type\":" + nlohmann::json(std::string(type)).dump(-1, ' ', false, repair);
  text += ",\"at\":\"" + formatRfc3339Ms(at) + "\"";
  text += ",\"data\":" + (data.is_null() ? std::string("{}") : data.dump(-1, ' ', false, repair));
  text += '}';
  return text;
}

} // namespace sb::api::events

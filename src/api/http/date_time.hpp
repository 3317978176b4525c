#pragma once
// Reading the date-times API clients send (RFC 3339, the ISO 8601 profile the web uses).
#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::api::http {

// "2026-11-02T09:30:00Z", "2026-11-02T09:30:00.250+01:00" (the separator may also be 't' or
// a space; fractions past milliseconds are truncated) or a bare date "2026-11-02", which is
// midnight UTC. Returns epoch milliseconds; nullopt for anything else, including dates that
// do not exist (2026-02-30), leap seconds and years outside 0000..9999.
std::optional<std::int64_t> parseDateTime(std::string_view text);

} // namespace sb::api::http

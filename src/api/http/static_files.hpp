#pragma once
// The web app's static files (web/dist, or --web-root), served for GET and HEAD of every
// path outside /api and the operations routes: hashed build output under /assets/ is
// cached for good, index.html is revalidated, a path without a file extension is a
// client-side route and gets index.html, and no path leaves the root.
#include "api/http/message.hpp"

#include <filesystem>
#include <optional>

namespace sb::api::http {

// The response for `request`, or nullopt when the request is not for the app (an /api
// path, /healthz, /readyz or /metrics).
std::optional<ApiResponse> serveStaticApp(const std::filesystem::path& root, const ApiRequest& request);

} // namespace sb::api::http

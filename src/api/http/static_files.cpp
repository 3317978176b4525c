// The web app's static files (web/dist, or --web-root): every GET or HEAD outside /api and
// the operations routes. Hashed build output under /assets/ is cached for good; index.html
// is revalidated on every load; a path without a file extension is a client-side route and
// gets index.html; no path leaves the root.
#include "api/http/static_files.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

namespace sb::api::http {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array<ContentType, 17> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".wav", "audio/wav"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
}};

std::string contentTypeOf(const fs::path& file) {
  const std::string extension = file.extension().string();
  for (const auto& known : kContentTypes)
    if (extension == known.extension) return std::string(known.type);
  return "application/octet-stream";
}

bool isApiOrOperations(std::string_view path) {
  return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz" ||
         path == "/metrics";
}

// The path's segments when every one is a plain name: no "..", ".", hidden names,
// backslashes or NULs (the path is already percent-decoded). Empty segments ("//") are
// skipped. nullopt when a segment is refused.
std::optional<std::vector<std::string_view>> safeSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (segment.empty()) continue;
    if (segment.front() == '.' || segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos)
      return std::nullopt;
    segments.push_back(segment);
  }
  return segments;
}

// True when `file` (which exists) resolves inside `root`, symbolic links followed.
bool insideRoot(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  const fs::path realRoot = fs::canonical(root, ec);
  if (ec) return false;
  const fs::path realFile = fs::canonical(file, ec);
  if (ec) return false;
  auto rootPart = realRoot.begin();
  auto filePart = realFile.begin();
  for (; rootPart != realRoot.end(); ++rootPart, ++filePart)
    if (filePart == realFile.end() || *rootPart != *filePart) return false;
  return true;
}

ApiResponse fileResponse(fs::path file, std::string_view cacheControl) {
  ApiResponse response;
  response.contentType = contentTypeOf(file);
  response.file = std::move(file);
  response.headers.emplace_back("Cache-Control", std::string(cacheControl));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

// What `/` says when the app was never built (a source checkout before `make web`).
ApiResponse notBuiltPage(const fs::path& root) {
  ApiResponse response;
  response.contentType = "text/plain; charset=utf-8";
  response.headers.emplace_back("Cache-Control", std::string(kRevalidate));
  response.body = "Switchboard is running, but its web app is not built.\n\n"
                  "The server looks for it in " + root.string() + " (--web-root).\n"
                  "Build it from the source tree with:\n\n"
                  "    make web        (or: cd web && npm ci && npm run build)\n\n"
                  "then reload this page. The API is at /api/v1 (see /api/v1/openapi.yaml).\n";
  return response;
}

ApiResponse notFound(std::string message) {
  return errorResponse(common::makeError(std::move(message), 404));
}

} // namespace

std::optional<ApiResponse> serveStaticApp(const fs::path& root, const ApiRequest& request) {
  if (isApiOrOperations(request.path)) return std::nullopt;
  if (request.method != Verb::get && request.method != Verb::head) {
    auto refused = errorResponse(common::makeError("the web app is read with GET or HEAD", 405));
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  const auto segments = safeSegments(request.path);
  if (!segments) return notFound("no such file");

  std::error_code ec;
  const fs::path index = root / "index.html";
  fs::path file = root;
  for (auto segment : *segments) file /= fs::path(std::string(segment));
  if (!segments->empty() && fs::is_regular_file(file, ec)) {
    if (!insideRoot(root, file)) return notFound("no such file");
    if (segments->back() == "index.html") return fileResponse(file, kRevalidate);
    const bool hashedAsset = segments->size() > 1 && segments->front() == "assets";
    return fileResponse(file, hashedAsset ? kImmutable : kRevalidate);
  }
  // A missing file (it has an extension, or lives under /assets/) is a 404; anything else is
  // a route of the app, which index.html renders.
  const bool looksLikeFile = !segments->empty() && (segments->front() == "assets" ||
                                                    fs::path(std::string(segments->back())).has_extension());
  if (looksLikeFile) return notFound("no such file: " + request.path);
  if (!fs::is_regular_file(index, ec)) return notBuiltPage(root);
  return fileResponse(index, kRevalidate);
}

} // namespace sb::api::http

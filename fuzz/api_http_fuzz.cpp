// libFuzzer target for what the API's HTTP layer reads from the network: the bytes go
// through Beast's request parser with the server's limits, then the request-target
// (decoded path and query with every typed read), the router, the JSON body through
// parseJsonObject and JsonFields, the Range header against several file sizes, and the
// response built for it, and the web app's static files for the decoded path (against a
// small app tree made at start). Nothing may crash; broken invariants abort.
#include "api/http/byte_range.hpp"
#include "api/http/json_input.hpp"
#include "api/http/request_target.hpp"
#include "api/http/response_writer.hpp"
#include "api/http/router.hpp"
#include "api/http/static_files.hpp"
#include "api/http/text_encoding.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace {

using namespace sb::api::http;
namespace bhttp = boost::beast::http;

constexpr std::size_t kMaxHeaderBytes = 16 << 10; // HttpServerOptions' defaults
constexpr std::size_t kMaxBodyBytes = 1 << 20;

const Router& router() {
  static const Router routes = [] {
    Router r;
    const auto answer = [](ApiRequest&) { return ApiResponse{}; };
    r.add(Verb::get, "/api/v1/calls", Access::User, answer);
    r.add(Verb::get, "/api/v1/calls/{id}", Access::User, answer);
    r.add(Verb::get, "/api/v1/calls/{id}/recording", Access::User, answer);
    r.add(Verb::post, "/api/v1/calls/search", Access::User, answer);
    r.add(Verb::patch, "/api/v1/leads/{id}", Access::User, answer);
    r.add(Verb::get, "/api/v1/users/me", Access::User, answer);
    r.add(Verb::delete_, "/api/v1/groups/{group}/members/{user}", Access::Admin, answer);
    r.add(Verb::get, "/api/v1/events", Access::Public, answer);
    return r;
  }();
  return routes;
}

// Feeds the whole input to the parser as one stream; nullopt unless a request completes.
std::optional<bhttp::request<bhttp::string_body>> parseRequest(std::string_view bytes) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  parser.eager(true);
  boost::beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == bhttp::error::need_more && used == 0) break;
    if (ec && ec != bhttp::error::need_more) return std::nullopt;
    bytes.remove_prefix(used);
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return std::nullopt;
  }
  return parser.release();
}

void readQuery(const QueryParams& query) {
  (void)query.onlyKnown({"limit", "from", "phone"});
  for (const auto& [name, value] : query.entries()) {
    if (!isValidUtf8(name) || !isValidUtf8(value)) std::abort();
    (void)query.integer(name, -1000, 1000);
    (void)query.boolean(name);
    (void)query.time(name);
    auto text = query.string(name, 8);
    if (text.ok() && *text && utf8Length(**text) > 8) std::abort();
    if (query.all(name).empty()) std::abort();
  }
}

void readJson(const nlohmann::json& object, const std::string& prefix, int depth) {
  JsonFields fields(object, prefix);
  (void)fields.onlyKnown({"name", "phones", "steps"});
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    (void)fields.string(key, 16, true);
    (void)fields.integer(key, -5, 5);
    (void)fields.boolean(key);
    (void)fields.strings(key, 4, 16);
    (void)JsonFields::required(fields.string(key, 16), key);
    if (auto nested = fields.object(key); nested.ok() && *nested && depth < 4)
      readJson(**nested, prefix + key + ".", depth + 1);
    if (auto items = fields.array(key, 8); items.ok() && *items && depth < 4)
      for (std::size_t i = 0; i < (*items)->size(); ++i)
        readJson((**items)[i], prefix + key + "[" + std::to_string(i) + "].", depth + 1);
  }
}

void checkRange(std::string_view header) {
  for (std::uint64_t size : {0ULL, 1ULL, 100ULL, 65536ULL, 1ULL << 40}) {
    const RangeDecision decision = decideRange(header, size);
    if (decision.outcome == RangeOutcome::Partial &&
        (decision.first > decision.last || decision.last >= size))
      std::abort();
  }
}

// A built app: index.html, a hashed asset, and a secret beside the root that no path may reach.
const std::filesystem::path& appRoot() {
  static const std::filesystem::path root = [] {
    auto base = std::filesystem::temp_directory_path() / "sb-api-http-fuzz";
    std::filesystem::create_directories(base / "app" / "assets");
    std::ofstream(base / "app" / "index.html") << "<!doctype html>";
    std::ofstream(base / "app" / "assets" / "app-1a2b.js") << "export {}";
    std::ofstream(base / "secret.txt") << "outside the root";
    return base / "app";
  }();
  return root;
}

void serveApp(Verb method, const std::string& path) {
  ApiRequest request;
  request.method = method;
  request.path = path;
  auto response = serveStaticApp(appRoot(), request);
  if (!response || !response->file) return;
  // Whatever it serves is inside the root.
  auto served = std::filesystem::weakly_canonical(*response->file).string();
  if (served.rfind(std::filesystem::weakly_canonical(appRoot()).string(), 0) != 0) std::abort();
}

// Builds and serializes the response the server would send, as HEAD and as GET.
void writeResponse(const bhttp::request<bhttp::string_body>& request) {
  for (bool head : {false, true}) {
    ApiResponse response = errorResponse(sb::common::makeError(std::string(request.target()), 404));
    response.headers.emplace_back(std::string(request["X-Echo"]),
                                  std::string(request[bhttp::field::user_agent]));
    auto message = buildResponse(
        std::move(response), ResponseContext{request.version(), request.keep_alive(), head, {}});
    boost::beast::error_code ec;
    while (!message.is_done()) {
      const auto buffers = message.prepare(ec);
      if (ec) std::abort();
      message.consume(boost::asio::buffer_size(buffers));
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto request = parseRequest(bytes);
  if (!request) return 0;
  checkRange((*request)[bhttp::field::range]);
  if (auto target = parseRequestTarget(request->target())) {
    if (!isValidUtf8(target->path)) std::abort();
    readQuery(target->query);
    (void)router().match(request->method(), target->path);
    (void)router().allowedMethods(target->path);
    serveApp(request->method(), target->path);
  }
  if (auto body = parseJsonObject(request->body())) readJson(*body, "", 0);
  writeResponse(*request);
  return 0;
}

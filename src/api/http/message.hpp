#pragma once
// An API request and response as route handlers see them: decoded path and query, headers,
// body and caller in; status, JSON (or a file to stream) out. No sockets here.
#include "api/http/principal.hpp"
#include "api/http/query_params.hpp"
#include "common/result.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::api::http {

using Verb = boost::beast::http::verb;

struct ApiRequest {
  Verb method = Verb::get;
  std::string target; // as received
  std::string path;   // percent-decoded path, without the query
  QueryParams query;
  std::map<std::string, std::string, std::less<>> params; // from {name} in the route pattern
  boost::beast::http::fields headers;
  std::string body;          // empty for GET and HEAD, whatever was sent
  std::string remoteAddress; // the peer's IP, as text
  std::optional<Principal> principal;

  const std::string& param(std::string_view name) const; // a path param (empty if none)
  std::string header(boost::beast::http::field f) const; // empty if absent
};

struct ApiResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers; // extra headers
  // When set, the server streams this file instead of `body`, honouring Range (one range:
  // 206 with Content-Range; unsatisfiable: 416 with Content-Range: bytes */size; no or
  // invalid Range: whole file 200), Accept-Ranges: bytes, and HEAD. Missing file: 404 JSON.
  std::optional<std::filesystem::path> file;
};

ApiResponse jsonResponse(int status, const nlohmann::json& body);

// {"error":{"code","message","field"}} (field present only when non-empty); the status is
// error.code when it is 400..599, else 500. `code` from errorCode(status).
ApiResponse errorResponse(const common::Error& error);

// 400 "invalid", 401 "unauthorized", 403 "forbidden", 404 "not_found", 405
// "method_not_allowed", 409 "conflict", 413 "too_large", 415 "unsupported_media_type", 416
// "range_not_satisfiable", 429 "too_many_requests", 500 "internal", 503 "unavailable",
// other 4xx "bad_request" (other 5xx "internal").
std::string_view errorCode(int status);

} // namespace sb::api::http

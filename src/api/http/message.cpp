#include "api/http/message.hpp"

namespace sb::api::http {

const std::string& ApiRequest::param(std::string_view name) const {
  static const std::string kNone;
  auto found = params.find(name);
  return found == params.end() ? kNone : found->second;
}

std::string ApiRequest::header(boost::beast::http::field f) const {
  auto found = headers.find(f);
  return found == headers.end() ? std::string() : std::string(found->value());
}

ApiResponse jsonResponse(int status, const nlohmann::json& body) {
  ApiResponse response;
  response.status = status;
  // Invalid UTF-8 in a stored string must not turn a response into an exception.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

ApiResponse errorResponse(const common::Error& error) {
  const int status = error.code >= 400 && error.code <= 599 ? error.code : 500;
  nlohmann::json detail = {{"code", errorCode(status)}, {"message", error.message}};
  if (!error.field.empty()) detail["field"] = error.field;
  return jsonResponse(status, {{"error", std::move(detail)}});
}

std::string_view errorCode(int status) {
  switch (status) {
  case 400:
    return "invalid";
  case 401:
    return "unauthorized";
  case 403:
    return "forbidden";
  case 404:
    return "not_found";
  case 405:
    return "method_not_allowed";
  case 409:
    return "conflict";
  case 413:
    return "too_large";
  case 415:
    return "unsupported_media_type";
  case 416:
    return "range_not_satisfiable";
  case 429:
    return "too_many_requests";
  case 500:
    return "internal";
  case 503:
    return "unavailable";
  default:
    return status >= 400 && status <= 499 ? "bad_request" : "internal";
  }
}

} // namespace sb::api::http

#include "api/route_support.hpp"

#include "api/json_views.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <string>

namespace sb::api {

const http::Principal& caller(const ApiRequest& request) {
  static const http::Principal nobody;
  return request.principal ? *request.principal : nobody;
}

std::optional<common::Error> requireAdmin(const ApiRequest& request) {
  if (caller(request).isAdmin()) return std::nullopt;
  return common::makeError("only admins may do this", 403);
}

std::optional<common::Error> requireSelfOrAdmin(const ApiRequest& request, const std::string& userId) {
  const auto& who = caller(request);
  if (who.isAdmin() || (!who.userId.empty() && who.userId == userId)) return std::nullopt;
  return common::makeError("agents may only do this for themselves", 403);
}

common::Result<json> readBody(const ApiRequest& request, std::initializer_list<std::string_view> allowed) {
  auto body = http::parseJsonObject(request.body);
  if (!body.ok()) return body.error();
  if (auto unknown = http::JsonFields(*body).onlyKnown(allowed)) return *unknown;
  return body;
}

ApiResponse ok(const json& body) { return http::jsonResponse(200, body); }
ApiResponse created(const json& body) { return http::jsonResponse(201, body); }
ApiResponse noContent() {
  ApiResponse response;
  response.status = 204;
  return response;
}

common::Error namingField(common::Error error, std::initializer_list<std::string_view> fields) {
  if (!error.field.empty()) return error;
  for (auto field : fields) {
    std::string_view message = error.message;
    if (message.size() > field.size() && message.starts_with(field) &&
        (message[field.size()] == ':' || message[field.size()] == ' ')) {
      error.field = std::string(field);
      break;
    }
  }
  return error;
}

common::Result<PageRequest> readPage(const ApiRequest& request) {
  PageRequest page;
  auto limit = request.query.integer("limit", 1, 200);
  if (!limit.ok()) return limit.error();
  if (*limit) page.limit = static_cast<int>(**limit);
  auto cursor = request.query.string("cursor", 512);
  if (!cursor.ok()) return cursor.error();
  if (*cursor) page.cursor = **cursor;
  return page;
}

std::string randomSecret(std::size_t length) {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  // Bytes at or above the largest multiple of the alphabet's size are drawn again, so
  // every character is equally likely.
  constexpr unsigned kLimit = 256 - 256 % kAlphabet.size();
  std::string out;
  while (out.size() < length) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
    for (unsigned char b : bytes)
      if (b < kLimit && out.size() < length) out += kAlphabet[b % kAlphabet.size()];
  }
  return out;
}

json userWithLiveState(ApiContext& context, const store::User& user) {
  json out = userJson(user);
  out["state"] = context.control.agentState(user.id);
  // Routing's board is what counts and changes first; the stored column follows
  // once its queued write commits, so a read right after a change shows the change.
  const json& state = out["state"];
  if (state.is_object() && state.contains("available") && state["available"].is_boolean()) {
    bool available = state["available"].get<bool>();
    out["availability"] = available ? "available" : "unavailable";
    out["availability_reason"] = available ? "" : state.value("unavailable_reason", "");
  }
  return out;
}

} // namespace sb::api

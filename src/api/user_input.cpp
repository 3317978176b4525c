#include "api/user_input.hpp"

#include "common/e164.hpp"

namespace sb::api {

using nlohmann::json;

common::Result<std::string> phoneField(std::string_view field, const std::string& typed,
                                       std::string_view defaultCountry) {
  if (typed.empty()) return std::string();
  auto code = common::callingCodeOf(defaultCountry).value_or("1");
  auto e164 = common::toE164(typed, code);
  if (!e164) return common::fieldError(std::string(field), "\"" + typed + "\" is not a phone number");
  return *e164;
}

namespace {

std::optional<common::Error> adminOnly(const http::JsonFields& fields, bool asAdmin,
                                       std::initializer_list<std::string_view> names) {
  if (asAdmin) return std::nullopt;
  for (auto name : names)
    if (fields.has(name)) return common::fieldError(std::string(name), "only admins may change this", 403);
  return std::nullopt;
}

std::optional<common::Error> readAnswerMethods(const http::JsonFields& fields, store::User& user) {
  auto methods = fields.strings("answer_methods", 3, 16);
  if (!methods.ok()) return methods.error();
  if (!*methods) return std::nullopt;
  user.answerMethods.clear();
  for (const auto& name : **methods) {
    auto kind = store::parseDeviceKind(name);
    if (!kind) return common::fieldError("answer_methods", "\"" + name + "\" is not browser, sip or ring_through");
    user.answerMethods.push_back(*kind);
  }
  return std::nullopt;
}

} // namespace

std::optional<common::Error> applyUserFields(const json& body, store::User& user, std::optional<std::string>& password,
                                             bool asAdmin, std::string_view defaultCountry) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"email", "name", "role", "password", "ring_through_number", "caller_id",
                                 "cool_down_seconds", "answer_methods", "attributes"}))
    return e;
  if (auto e = adminOnly(fields, asAdmin, {"email", "role", "caller_id", "cool_down_seconds", "attributes"})) return e;
  auto email = fields.string("email", 254);
  if (!email.ok()) return email.error();
  if (*email) {
    if ((*email)->find('@') == std::string::npos || (*email)->size() < 3)
      return common::fieldError("email", "is not an email address");
    user.email = **email;
  }
  auto name = fields.string("name", 200);
  if (!name.ok()) return name.error();
  if (*name) {
    if ((*name)->empty()) return common::fieldError("name", "must not be empty");
    user.name = **name;
  }
  auto role = fields.string("role", 16);
  if (!role.ok()) return role.error();
  if (*role) {
    auto parsed = store::parseRole(**role);
    if (!parsed) return common::fieldError("role", "must be agent or admin");
    user.role = *parsed;
  }
  auto secret = fields.string("password", 1024);
  if (!secret.ok()) return secret.error();
  password = *secret;
  for (auto [field, target] : {std::pair{"ring_through_number", &user.ringThroughNumber},
                               std::pair{"caller_id", &user.callerId}}) {
    auto typed = fields.string(field, 32);
    if (!typed.ok()) return typed.error();
    if (!*typed) continue;
    auto e164 = phoneField(field, **typed, defaultCountry);
    if (!e164.ok()) return e164.error();
    *target = *e164;
  }
  if (fields.has("cool_down_seconds") && body.at("cool_down_seconds").is_null()) {
    user.coolDownSeconds.reset();
  } else {
    auto coolDown = fields.integer("cool_down_seconds", 0, 3600);
    if (!coolDown.ok()) return coolDown.error();
    if (*coolDown) user.coolDownSeconds = static_cast<int>(**coolDown);
  }
  if (auto e = readAnswerMethods(fields, user)) return e;
  auto attributes = fields.object("attributes");
  if (!attributes.ok()) return attributes.error();
  if (*attributes) user.attributes = **attributes;
  return std::nullopt;
}

} // namespace sb::api

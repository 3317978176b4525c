#include "api/http/json_input.hpp"

#include "api/http/text_encoding.hpp"

#include <algorithm>
#include <limits>

namespace sb::api::http {
namespace {

using common::fieldError;
using nlohmann::json;

// The deepest nesting of arrays and objects, counted outside strings. Checked before
// parsing so that a hostile body cannot make the parser build a deep tree.
std::size_t nestingDepth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error while
// parsing value - invalid literal; last read: 'x'" -> "line 1, column 7: syntax error while
// parsing value - invalid literal". The echo of the input is left out.
std::string describeJsonError(const json::exception& error) {
  std::string text = error.what();
  if (auto tagEnd = text.find("] ");
      text.rfind("[json.exception.", 0) == 0 && tagEnd != std::string::npos)
    text.erase(0, tagEnd + 2);
  if (text.rfind("parse error at ", 0) == 0) text.erase(0, 15);
  if (auto echo = text.find("; last read:"); echo != std::string::npos) text.erase(echo);
  return text;
}

std::string mustBeBetween(std::int64_t min, std::int64_t max) {
  return "must be between " + std::to_string(min) + " and " + std::to_string(max);
}

std::optional<std::string> checkText(const std::string& text, std::size_t maxLength) {
  if (text.find('\0') != std::string::npos) return "must not contain NUL characters";
  if (utf8Length(text) > maxLength)
    return "must be at most " + std::to_string(maxLength) + " characters";
  return std::nullopt;
}

} // namespace

common::Result<json> parseJsonObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return common::makeError("a JSON object is required", 400);
  if (nestingDepth(body) > kMaxJsonDepth)
    return common::makeError(
        "body is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep", 400);
  json value;
  try {
    value = json::parse(body);
  } catch (const json::exception& error) { // a syntax error, or a number too large (1e400)
    return common::makeError("body is not valid JSON: " + describeJsonError(error), 400);
  }
  if (!value.is_object()) return common::makeError("the body must be a JSON object", 400);
  return value;
}

JsonFields::JsonFields(const json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

std::string JsonFields::fieldName(std::string_view name) const {
  return prefix_ + std::string(name);
}

common::Result<const json*> JsonFields::member(std::string_view name) const {
  if (!object_.is_object()) {
    std::string self = prefix_;
    if (!self.empty() && self.back() == '.') self.pop_back();
    return fieldError(self.empty() ? std::string(name) : self, "must be an object");
  }
  auto found = object_.find(name);
  return found == object_.end() ? nullptr : &*found;
}

std::optional<common::Error>
JsonFields::onlyKnown(std::initializer_list<std::string_view> allowed) const {
  if (!object_.is_object()) return member("").error();
  for (const auto& [key, value] : object_.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return fieldError(fieldName(key), "unknown field");
  return std::nullopt;
}

bool JsonFields::has(std::string_view name) const {
  return object_.is_object() && object_.contains(name);
}

common::Result<std::optional<std::string>>
JsonFields::string(std::string_view name, std::size_t maxLength, bool allowNull) const {
  auto found = member(name);
  if (!found) return found.error();
  if (!*found || (allowNull && (*found)->is_null())) return std::optional<std::string>{};
  if (!(*found)->is_string()) return fieldError(fieldName(name), "must be a string");
  const auto& text = (*found)->get_ref<const std::string&>();
  if (auto problem = checkText(text, maxLength)) return fieldError(fieldName(name), *problem);
  return std::optional<std::string>(text);
}

common::Result<std::optional<std::int64_t>>
JsonFields::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  auto found = member(name);
  if (!found) return found.error();
  if (!*found) return std::optional<std::int64_t>{};
  const json& value = **found;
  if (!value.is_number_integer()) return fieldError(fieldName(name), "must be an integer");
  constexpr auto kLargest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > kLargest)
    return fieldError(fieldName(name), mustBeBetween(min, max));
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) return fieldError(fieldName(name), mustBeBetween(min, max));
  return std::optional<std::int64_t>(number);
}

common::Result<std::optional<bool>> JsonFields::boolean(std::string_view name) const {
  auto found = member(name);
  if (!found) return found.error();
  if (!*found) return std::optional<bool>{};
  if (!(*found)->is_boolean()) return fieldError(fieldName(name), "must be true or false");
  return std::optional<bool>((*found)->get<bool>());
}

common::Result<std::optional<std::vector<std::string>>>
JsonFields::strings(std::string_view name, std::size_t maxItems, std::size_t maxLength) const {
  auto items = array(name, maxItems);
  if (!items) return items.error();
  if (!*items) return std::optional<std::vector<std::string>>{};
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const json& item = (**items)[i];
    const std::string itemName = fieldName(name) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) return fieldError(itemName, "must be a string");
    const auto& text = item.get_ref<const std::string&>();
    if (auto problem = checkText(text, maxLength)) return fieldError(itemName, *problem);
    texts.push_back(text);
  }
  return std::optional<std::vector<std::string>>(std::move(texts));
}

common::Result<std::optional<json>> JsonFields::object(std::string_view name) const {
  auto found = member(name);
  if (!found) return found.error();
  if (!*found) return std::optional<json>{};
  if (!(*found)->is_object()) return fieldError(fieldName(name), "must be an object");
  return std::optional<json>(**found);
}

common::Result<std::optional<json>> JsonFields::array(std::string_view name,
                                                      std::size_t maxItems) const {
  auto found = member(name);
  if (!found) return found.error();
  if (!*found) return std::optional<json>{};
  if (!(*found)->is_array()) return fieldError(fieldName(name), "must be an array");
  if ((*found)->size() > maxItems)
    return fieldError(fieldName(name), "must have at most " + std::to_string(maxItems) + " items");
  return std::optional<json>(**found);
}

} // namespace sb::api::http

#pragma once
// Reading JSON request bodies so that nothing malformed gets through: a body must be one
// JSON object of bounded depth, and each field is read with its type and limits checked,
// a failure being a 400 that names the field.
#include "common/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::api::http {

inline constexpr std::size_t kMaxJsonDepth = 32;

// The body must be a JSON object nested at most kMaxJsonDepth deep. A parse error is a 400
// (field empty) saying where ("body is not valid JSON: line 1, column 7: ..."); an empty
// body is a 400 "a JSON object is required". Strings must be valid UTF-8.
common::Result<nlohmann::json> parseJsonObject(std::string_view body);

// Typed, field-naming reads of one JSON object. Holds a reference: `object` must outlive it.
// When `object` is not an object every read is a 400 "must be an object" naming the prefix.
class JsonFields {
public:
  // `prefix` names nested fields in errors: "steps[2]." gives "steps[2].name".
  explicit JsonFields(const nlohmann::json& object, std::string prefix = "");

  // A 400 "unknown field" naming the first key not in `allowed`.
  std::optional<common::Error> onlyKnown(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view name) const;

  // Absent -> nullopt; the wrong type -> 400 "must be a string" etc. naming prefix+name.
  // `null` counts as absent only for a string read with allowNull. Strings may not hold NUL
  // and are at most maxLength characters (code points).
  common::Result<std::optional<std::string>> string(std::string_view name, std::size_t maxLength,
                                                    bool allowNull = false) const;
  common::Result<std::optional<std::int64_t>> integer(std::string_view name, std::int64_t min,
                                                      std::int64_t max) const;
  common::Result<std::optional<bool>> boolean(std::string_view name) const;
  common::Result<std::optional<std::vector<std::string>>>
  strings(std::string_view name, std::size_t maxItems, std::size_t maxLength) const;
  common::Result<std::optional<nlohmann::json>> object(std::string_view name) const;
  common::Result<std::optional<nlohmann::json>> array(std::string_view name,
                                                      std::size_t maxItems) const;

  // A required field: a 400 "is required" naming `field` when the read found nothing.
  template <typename T>
  static common::Result<T> required(common::Result<std::optional<T>> read, std::string_view field) {
    if (!read) return read.error();
    if (!*read) return common::fieldError(std::string(field), "is required");
    return std::move(**read);
  }

private:
  std::string fieldName(std::string_view name) const;
  // The member `name`: nullptr when absent; an error when this is not an object.
  common::Result<const nlohmann::json*> member(std::string_view name) const;

  const nlohmann::json& object_;
  std::string prefix_;
};

} // namespace sb::api::http

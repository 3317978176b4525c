#pragma once
// How JSON columns are kept, the same in every backend: written compactly (invalid UTF-8
// replaced rather than thrown on), read leniently (an unparsable value reads as an empty
// object; the schemas' checks keep that from happening).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/records.hpp"

namespace sb::store {

std::string jsonText(const nlohmann::json& value);
nlohmann::json jsonFrom(const std::string& text);
// users.answer_methods: a JSON array of device kind names; unknown names are skipped.
std::string answerMethodsText(const std::vector<DeviceKind>& methods);
std::vector<DeviceKind> answerMethodsFrom(const std::string& text);
// A JSON array of strings (lead phones, group members, webhook event types); anything that
// is not one reads as empty, and non-string elements are skipped.
std::string stringsText(const std::vector<std::string>& values);
std::vector<std::string> stringsFrom(const std::string& text);

} // namespace sb::store

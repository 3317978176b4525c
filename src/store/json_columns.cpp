#include "store/json_columns.hpp"

namespace sb::store {

std::string jsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json jsonFrom(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return nlohmann::json::object();
  return value;
}

std::string answerMethodsText(const std::vector<DeviceKind>& methods) {
  nlohmann::json names = nlohmann::json::array();
  for (DeviceKind kind : methods)
    names.push_back(std::string(toString(kind)));
  return jsonText(names);
}

std::vector<DeviceKind> answerMethodsFrom(const std::string& text) {
  std::vector<DeviceKind> methods;
  const nlohmann::json names = jsonFrom(text);
  if (!names.is_array()) return methods;
  for (const auto& name : names) {
    if (!name.is_string()) continue;
    if (auto kind = parseDeviceKind(name.get<std::string>())) methods.push_back(*kind);
  }
  return methods;
}

std::string stringsText(const std::vector<std::string>& values) {
  return jsonText(nlohmann::json(values));
}

std::vector<std::string> stringsFrom(const std::string& text) {
  std::vector<std::string> out;
  const nlohmann::json values = jsonFrom(text);
  if (!values.is_array()) return out;
  for (const auto& v : values)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

} // namespace sb::store

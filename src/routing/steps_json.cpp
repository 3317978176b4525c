// parseSteps / toJson (declared in model.hpp): the call_flows.steps column, which an admin
// writes through the API, so every fault is answered with the step and field it is in.
#include "common/e164.hpp"
#include "routing/model.hpp"

namespace sb::routing {

namespace {

using common::makeError;
using nlohmann::json;

constexpr int kMaxRingTimeoutSeconds = 600;

std::string where(std::size_t index, std::string_view field) {
  return "steps[" + std::to_string(index) + "]." + std::string(field);
}

// A required or optional string field; nullopt result means "absent".
common::Result<std::optional<std::string>> stringField(const json& step, std::size_t index,
                                                       std::string_view field) {
  auto it = step.find(field);
  if (it == step.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return makeError(where(index, field) + ": expected a string");
  return std::optional<std::string>{it->get<std::string>()};
}

common::Result<std::string> requiredId(const json& step, std::size_t index, std::string_view field,
                                       std::string_view type) {
  auto value = stringField(step, index, field);
  if (!value.ok()) return value.error();
  if (!value->has_value() || (*value)->empty()) {
    return makeError(where(index, field) + ": required for a " + std::string(type) + " step");
  }
  return **value;
}

// Fields every step may have: strategy, ring_timeout, confirm.
std::optional<common::Error> readCommon(const json& j, std::size_t index, Step& step) {
  auto strategy = stringField(j, index, "strategy");
  if (!strategy.ok()) return strategy.error();
  if (strategy->has_value()) {
    auto parsed = parseStrategy(**strategy);
    if (!parsed) {
      return makeError(where(index, "strategy") + ": unknown strategy '" + **strategy +
                       "' (expected ring_all, longest_idle, round_robin, sequential or random)");
    }
    step.strategy = *parsed;
  }
  if (auto it = j.find("ring_timeout"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer())
      return makeError(where(index, "ring_timeout") + ": expected an integer");
    auto seconds = it->get<std::int64_t>();
    if (seconds < 1 || seconds > kMaxRingTimeoutSeconds) {
      return makeError(where(index, "ring_timeout") + ": must be 1.." +
                       std::to_string(kMaxRingTimeoutSeconds) + " seconds");
    }
    step.ringTimeoutSeconds = static_cast<int>(seconds);
  }
  if (auto it = j.find("confirm"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return makeError(where(index, "confirm") + ": expected true or false");
    step.confirm = it->get<bool>();
  }
  return std::nullopt;
}

// The field that names what a user, group or number step rings.
std::optional<common::Error> readTarget(const json& j, std::size_t index, Step& step) {
  std::string_view type = toString(step.type);
  if (step.type == StepType::User) {
    auto id = requiredId(j, index, "user_id", type);
    if (!id.ok()) return id.error();
    step.userId = *id;
  } else if (step.type == StepType::Group) {
    auto id = requiredId(j, index, "group_id", type);
    if (!id.ok()) return id.error();
    step.groupId = *id;
  } else if (step.type == StepType::Number) {
    auto number = requiredId(j, index, "number", type);
    if (!number.ok()) return number.error();
    // Stored numbers are E.164 already; anything else would dial something unintended.
    if (common::toE164(*number) != *number) {
      return makeError(where(index, "number") + ": '" + *number + "' is not an E.164 number");
    }
    step.number = *number;
  }
  return std::nullopt;
}

common::Result<Step> parseStep(const json& j, std::size_t index) {
  if (!j.is_object()) return makeError("steps[" + std::to_string(index) + "]: expected an object");
  auto type = stringField(j, index, "type");
  if (!type.ok()) return type.error();
  if (!type->has_value()) return makeError(where(index, "type") + ": required");
  auto parsed = parseStepType(**type);
  if (!parsed) {
    return makeError(
        where(index, "type") + ": unknown step type '" + **type +
        "' (expected owner, user, group, number, forwarding, company, voicemail or hangup)");
  }
  Step step;
  step.type = *parsed;
  if (auto error = readCommon(j, index, step)) return *error;
  if (auto error = readTarget(j, index, step)) return *error;
  return step;
}

} // namespace

common::Result<std::vector<Step>> parseSteps(const json& steps) {
  if (!steps.is_array()) return makeError("steps: expected an array");
  std::vector<Step> out;
  out.reserve(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto step = parseStep(steps[i], i);
    if (!step.ok()) return step.error();
    out.push_back(std::move(*step));
  }
  return out;
}

json toJson(const std::vector<Step>& steps) {
  json out = json::array();
  for (const auto& step : steps) {
    json j{{"type", toString(step.type)},
           {"strategy", toString(step.strategy)},
           {"ring_timeout", step.ringTimeoutSeconds},
           {"confirm", step.confirm}};
    if (step.type == StepType::User) j["user_id"] = step.userId;
    if (step.type == StepType::Group) j["group_id"] = step.groupId;
    if (step.type == StepType::Number) j["number"] = step.number;
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace sb::routing

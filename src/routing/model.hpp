#pragma once
// What routing decides over: call-flow steps, the number called, and the
// organization settings. Plain values; behaviour lives in router.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "routing/settings.hpp"

namespace sb::routing {

using EpochMs = std::int64_t;

enum class StepType { Owner, User, Group, Number, Forwarding, Company, Voicemail, Hangup };
enum class Strategy { RingAll, LongestIdle, RoundRobin, Sequential, Random };

// Names as stored in call_flows.steps: "owner", "user", "group", "number", "forwarding",
// "company", "voicemail", "hangup"; "ring_all", "longest_idle", "round_robin",
// "sequential", "random". parse* returns nullopt for any other name.
std::string_view toString(StepType type);
std::optional<StepType> parseStepType(std::string_view name);
std::string_view toString(Strategy strategy);
std::optional<Strategy> parseStrategy(std::string_view name);

// One step of a call flow.
struct Step {
  StepType type = StepType::Owner;
  Strategy strategy = Strategy::RingAll;
  int ringTimeoutSeconds = 20;
  bool confirm = false; // R-9 key press required
  std::string userId;   // StepType::User
  std::string groupId;  // StepType::Group
  std::string number;   // StepType::Number (E.164)
};

struct CallFlow {
  std::string id;
  std::string name;
  std::vector<Step> steps;
};

// The called number: who it is assigned to, where it forwards, which flow it uses.
struct NumberInfo {
  std::string e164;
  std::optional<std::string> assignedUserId;
  std::string forwardingNumber; // E.164 or empty
  std::optional<std::string> callFlowId;
};

// A flow's steps from / to the JSON kept in call_flows.steps:
// [{"type":"group","group_id":"g1","strategy":"ring_all","ring_timeout":20,"confirm":false}]
// Errors name the offending step and field, e.g. "steps[2].group_id: required for a group step".
// Absent optional fields take the Step defaults; unknown keys are ignored.
common::Result<std::vector<Step>> parseSteps(const nlohmann::json& steps);
nlohmann::json toJson(const std::vector<Step>& steps);

} // namespace sb::routing

#include "routing/model.hpp"

#include <array>
#include <utility>

namespace sb::routing {

namespace {

// One table per enum so that the name and the parse can never disagree.
constexpr std::array<std::pair<StepType, std::string_view>, 8> kStepNames{{
    {StepType::Owner, "owner"},
    {StepType::User, "user"},
    {StepType::Group, "group"},
    {StepType::Number, "number"},
    {StepType::Forwarding, "forwarding"},
    {StepType::Company, "company"},
    {StepType::Voicemail, "voicemail"},
    {StepType::Hangup, "hangup"},
}};

constexpr std::array<std::pair<Strategy, std::string_view>, 5> kStrategyNames{{
    {Strategy::RingAll, "ring_all"},
    {Strategy::LongestIdle, "longest_idle"},
    {Strategy::RoundRobin, "round_robin"},
    {Strategy::Sequential, "sequential"},
    {Strategy::Random, "random"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, known] : table) {
    if (known == name) return value;
  }
  return std::nullopt;
}

} // namespace

std::string_view toString(StepType type) {
  return nameOf(kStepNames, type);
}
std::optional<StepType> parseStepType(std::string_view name) {
  return valueOf(kStepNames, name);
}
std::string_view toString(Strategy strategy) {
  return nameOf(kStrategyNames, strategy);
}
std::optional<Strategy> parseStrategy(std::string_view name) {
  return valueOf(kStrategyNames, name);
}

} // namespace sb::routing

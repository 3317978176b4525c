#pragma once
// Internal to routing: a group's filter bound to one decision's lead and the board's
// interned user attributes. Everything that depends only on the lead or on literals
// is worked out once per decision; per user, the common comparisons (`user.states contains
// lead.state`, `user.team == "west"`, `user.lang in ["en", "es"]`) compare interned ids
// in the user's few pool words. Anything else falls back to Filter's JSON evaluation, so
// the result is always the same as Filter::matches.
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/agent_board.hpp"
#include "routing/filter.hpp"

namespace sb::routing {

class BoundFilter {
public:
  // `filter`, `table` and `lead` must outlive the BoundFilter.
  BoundFilter(const Filter& filter, const AttributeTable& table, const nlohmann::json& lead);

  bool matches(const AgentHot& user) const;

private:
  using Op = Filter::Op;
  using Kind = Filter::Kind;

  // How one comparison is evaluated for each user.
  enum class Mode : std::uint8_t { Constant, UserKey, Json };
  // The operand that is the same for every user, classified once.
  enum class Shape : std::uint8_t { Missing, String, Array, Other };
  struct Compare {
    Mode mode = Mode::Json;
    bool constant = false;  // Mode::Constant: the result
    bool userIsLhs = true;  // Mode::UserKey
    std::uint32_t keyId = AttributeTable::kNone;
    Shape shape = Shape::Missing;
    std::uint32_t stringId = AttributeTable::kNone; // Shape::String
    std::uint32_t idsBegin = 0;                     // Shape::Array: interned string elements
    std::uint32_t idsEnd = 0;
  };

  Compare bind(const Filter::Node& node);
  void classify(const nlohmann::json* value, Compare& out);
  bool eval(std::int32_t index, const AgentHot& user) const;
  bool compareJson(const Filter::Node& node, const AgentHot& user) const;
  // nullopt: this case needs the JSON.
  std::optional<bool> compareIds(const Compare& c, Op op, const AttributeTable::Value& v) const;
  bool anyShared(const Compare& c, const AttributeTable::Value& v) const;

  const Filter& filter_;
  const AttributeTable& table_;
  const nlohmann::json& lead_;
  std::vector<Compare> compares_; // by node index
  std::vector<std::uint32_t> ids_; // Shape::Array ids, each run sorted
};

} // namespace sb::routing

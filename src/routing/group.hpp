#pragma once
// A distribution group: its members in order, and/or a filter over user and
// lead attributes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "routing/agent_board.hpp"
#include "routing/filter.hpp"

namespace sb::routing {

struct Group {
  std::string id;
  std::string name;
  std::vector<std::string> memberIds; // in order (sequential rings them so); empty: every user
  std::optional<Filter> filter;
};

// A group from its stored form; an empty filter text means no filter. The error is the
// filter's parse error.
common::Result<Group> makeGroup(std::string id, std::string name,
                                std::vector<std::string> memberIds, std::string_view filterText);

// Membership: the user is a member (or the group lists no members), and the filter, if
// any, matches the user's attributes and the lead's ({} when the caller has no lead).
bool inGroup(const Group& group, const AgentState& user, const nlohmann::json& leadAttributes);

// Who is in the group now, eligible or not, in the group's order (members order, or by
// userId when the group lists none): for previews ("who matches this lead").
std::vector<std::string> groupMembers(const Group& group, const AgentBoard& agents,
                                      const nlohmann::json& leadAttributes);

} // namespace sb::routing

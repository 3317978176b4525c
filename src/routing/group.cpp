#include "routing/group.hpp"

#include <algorithm>

namespace sb::routing {

common::Result<Group> makeGroup(std::string id, std::string name,
                                std::vector<std::string> memberIds, std::string_view filterText) {
  Group group{std::move(id), std::move(name), std::move(memberIds), std::nullopt};
  if (!filterText.empty()) {
    auto filter = Filter::parse(filterText);
    if (!filter.ok()) return filter.error();
    group.filter = std::move(*filter);
  }
  return group;
}

bool inGroup(const Group& group, const AgentState& user, const nlohmann::json& leadAttributes) {
  if (!group.memberIds.empty() && std::find(group.memberIds.begin(), group.memberIds.end(),
                                            user.userId) == group.memberIds.end()) {
    return false;
  }
  return !group.filter || group.filter->matches(user.attributes, leadAttributes);
}

std::vector<std::string> groupMembers(const Group& group, const AgentBoard& agents,
                                      const nlohmann::json& leadAttributes) {
  std::vector<std::string> out;
  auto admit = [&](const AgentState& user) {
    if (!group.filter || group.filter->matches(user.attributes, leadAttributes)) {
      out.push_back(user.userId);
    }
  };
  if (group.memberIds.empty()) {
    for (const AgentState* user : agents.all())
      admit(*user);
    return out;
  }
  for (const auto& id : group.memberIds) {
    if (const AgentState* user = agents.find(id)) admit(*user);
  }
  return out;
}

} // namespace sb::routing

// a group filter evaluated over the board's interned attributes (what group steps use)
// gives exactly Filter::matches' answer, for every operator, operand order and value shape;
// and the board's packed records and member cache follow every change.
#include <gtest/gtest.h>

#include "routing/agent_board.hpp"
#include "routing/filter_bound.hpp"

namespace sb::routing {
namespace {

using nlohmann::json;

const std::vector<json>& userAttributeCases() {
  static const std::vector<json> cases{
      json::object(),
      {{"states", {"CA", "NV"}}, {"team", "west"}},
      {{"states", json::array()}, {"team", ""}},
      {{"states", {"TX", 1, true}}, {"team", nullptr}},   // mixed array: read as JSON
      {{"states", "CANV"}, {"team", {"west", "east"}}},   // a string: contains is substring
      {{"states", {"NV", "NV"}}, {"team", 5}, {"lang", {{"main", "es"}}}},
      {{"states", {"ZZ"}}, {"team", "east"}, {"score", 70}},
      json::array({"CA", "west"}), // not an object: every path reads the JSON
  };
  return cases;
}

const std::vector<json>& leadCases() {
  static const std::vector<json> cases{
      json::object(),
      {{"state", "CA"}, {"teams", {"west", "north"}}, {"score", 50}},
      {{"state", "NV"}, {"teams", {"east", 3}}, {"score", "x"}},
      {{"state", "ANV"}, {"teams", "west"}, {"score", nullptr}},
      {{"state", "QQ"}, {"teams", json::array()}},
      {{"state", 7}, {"teams", {{"a", 1}}}},
  };
  return cases;
}

const std::vector<const char*>& filterCases() {
  static const std::vector<const char*> cases{
      "user.states contains lead.state",
      "lead.state in user.states",
      "user.states contains lead.teams",
      "lead.teams contains user.team",
      "user.team in lead.teams",
      "user.team in [\"west\", \"east\", 1]",
      "user.states contains [\"NV\", \"QQ\"]",
      "[\"CA\", \"NV\"] contains user.states",
      "user.team == \"west\"",
      "\"west\" == user.team",
      "user.team != \"west\"",
      "user.team != lead.score",
      "user.team == lead.state",
      "user.states == [\"CA\", \"NV\"]",
      "user.team",
      "not user.states",
      "user.nobody == \"x\" or user.nobody != \"x\"",
      "user.team contains \"es\"",
      "lead.state contains user.states",
      "user.score >= lead.score",
      "user.team < \"x\"",
      "user.lang.main == \"es\"",
      "user.0 == \"CA\"",
      "user.team == user.states",
      "lead.state == \"CA\" and (user.team == \"west\" or not (user.states contains \"ZZ\"))",
      "lead.score > 10",
      "\"a\" == \"a\"",
  };
  return cases;
}

TEST(BoundFilter, R4AgreesWithJsonEvaluationForEveryShape) {
  AgentBoard board;
  const auto& users = userAttributeCases();
  for (std::size_t i = 0; i < users.size(); ++i) {
    AgentState a;
    a.userId = "u" + std::to_string(i);
    a.attributes = users[i];
    board.upsert(std::move(a));
  }
  int checked = 0;
  for (const char* text : filterCases()) {
    auto filter = Filter::parse(text);
    ASSERT_TRUE(filter.ok()) << text;
    for (const auto& lead : leadCases()) {
      BoundFilter bound(*filter, board.attributeTable(), lead);
      for (std::size_t i = 0; i < users.size(); ++i) {
        const std::uint32_t index = board.indexOf("u" + std::to_string(i));
        ASSERT_NE(index, AgentBoard::kUnknown);
        EXPECT_EQ(bound.matches(board.hot(index)), filter->matches(users[i], lead))
            << text << " | user " << users[i].dump() << " | lead " << lead.dump();
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(filterCases().size() * leadCases().size() * users.size()));
}

TEST(BoundFilter, R4FollowsAnAttributeChangeOnReload) {
  AgentBoard board;
  AgentState a;
  a.userId = "u1";
  a.attributes = {{"states", {"CA"}}};
  board.upsert(a);
  auto filter = Filter::parse("user.states contains lead.state");
  ASSERT_TRUE(filter.ok());
  json lead = {{"state", "NV"}};
  EXPECT_FALSE(BoundFilter(*filter, board.attributeTable(), lead).matches(board.hot(0)));
  // Many reloads: the attribute pool is compacted along the way and still reads right.
  for (int n = 0; n < 3000; ++n) {
    a.attributes = {{"states", {"CA", "S" + std::to_string(n), "NV"}}};
    board.upsert(a);
  }
  EXPECT_TRUE(BoundFilter(*filter, board.attributeTable(), lead).matches(board.hot(0)));
}

TEST(AgentBoardHot, R4PackedRecordFollowsEvents) {
  AgentBoard board;
  AgentState a;
  a.userId = "u1";
  board.upsert(a);
  Settings settings;
  settings.coolDownSeconds = 30;
  board.callConnected("u1", 1000);
  EXPECT_TRUE(board.hot(0).onCall);
  board.callEnded("u1", settings, 2000);
  EXPECT_FALSE(board.hot(0).onCall);
  EXPECT_EQ(board.hot(0).coolDownUntil, 32000);
  EXPECT_EQ(board.hot(0).idleSince, 2000);
  board.setDevices("u1", 2);
  EXPECT_EQ(board.hot(0).devices, 2);
  board.setAvailability("u1", false, "lunch", 3000);
  EXPECT_FALSE(board.hot(0).available);
  board.offered("u1", 4000);
  EXPECT_EQ(board.hot(0).lastOfferedAt, 4000);
  EXPECT_EQ(board.hot(0).state, board.find("u1"));
}

TEST(AgentBoardMembers, R4ResolvedMembersFollowAddsRemovesAndEdits) {
  AgentBoard board;
  for (const char* id : {"a", "b", "c"}) {
    AgentState s;
    s.userId = id;
    board.upsert(std::move(s));
  }
  std::vector<std::string> members{"c", "x", "a"};
  std::vector<std::uint32_t> out;
  auto ids = [&] {
    board.resolveMembers(&members, members, out);
    std::vector<std::string> names;
    for (auto index : out)
      names.push_back(index == AgentBoard::kUnknown ? "?" : board.hot(index).state->userId);
    return names;
  };
  EXPECT_EQ(ids(), (std::vector<std::string>{"c", "?", "a"}));
  EXPECT_EQ(ids(), (std::vector<std::string>{"c", "?", "a"})); // remembered
  AgentState x;
  x.userId = "x";
  board.upsert(std::move(x));
  EXPECT_EQ(ids(), (std::vector<std::string>{"c", "x", "a"}));
  board.remove("a");
  EXPECT_EQ(ids(), (std::vector<std::string>{"c", "x", "?"}));
  members[0] = "b"; // the group's list edited in place
  EXPECT_EQ(ids(), (std::vector<std::string>{"b", "x", "?"}));
  AgentBoard copy = board;
  copy.resolveMembers(&members, members, out);
  EXPECT_EQ(copy.hot(out[0]).state->userId, "b");
}

} // namespace
} // namespace sb::routing

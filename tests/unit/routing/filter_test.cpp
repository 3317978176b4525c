// Group filters (R-4): parse errors with their column, and what matches.
#include <gtest/gtest.h>

#include "routing/filter.hpp"

namespace sb::routing {
namespace {

using nlohmann::json;

struct ParseErrorCase {
  const char* text;
  const char* message; // the error must contain this
};

class FilterParseError : public ::testing::TestWithParam<ParseErrorCase> {};

TEST_P(FilterParseError, NamesColumnAndExpectation) {
  const auto& c = GetParam();
  auto f = Filter::parse(c.text);
  ASSERT_FALSE(f.ok()) << c.text;
  EXPECT_NE(f.error().message.find(c.message), std::string::npos)
      << c.text << " -> " << f.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    R4, FilterParseError,
    ::testing::Values(
        ParseErrorCase{"", "column 1: expected an operand"},
        ParseErrorCase{"user.states contains", "column 21: expected an operand"},
        ParseErrorCase{"user.team = \"west\"", "column 11: unexpected '=' (did you mean '=='?)"},
        ParseErrorCase{"user.team == \"west", "column 14: expected a closing \""},
        ParseErrorCase{"team == 'west'",
                       "column 1: expected user.<attr> or lead.<attr>, found 'team'"},
        ParseErrorCase{"user == 'west'", "column 1: expected an attribute name after 'user.'"},
        ParseErrorCase{"user..x == 1", "column 1: expected an attribute name after 'user.'"},
        ParseErrorCase{"(user.a == 1",
                       "column 13: expected 'and', 'or' or ')', found end of filter"},
        ParseErrorCase{"user.a == 1 user.b == 2",
                       "column 13: expected 'and', 'or' or end of filter"},
        ParseErrorCase{"user.a == 1 and", "column 16: expected an operand"},
        ParseErrorCase{"user.a in [1, user.b]",
                       "column 15: expected a string, a number, true or false in the list"},
        ParseErrorCase{"user.a in [1 2]", "column 14: expected ',' or ']'"},
        ParseErrorCase{"user.a == 1 )",
                       "column 13: expected 'and', 'or' or end of filter, found ')'"},
        ParseErrorCase{"user.a # 1", "column 8: unexpected '#'"},
        ParseErrorCase{"not", "column 4: expected an operand"},
        ParseErrorCase{"user.a == and", "column 11: expected an operand"}));

TEST(FilterParse, DeepNestingIsAnErrorNotACrash) {
  std::string deep(200, '(');
  deep += "user.a";
  deep += std::string(200, ')');
  auto f = Filter::parse(deep);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("at most 64 levels"), std::string::npos) << f.error().message;
  std::string nots;
  for (int i = 0; i < 100; ++i)
    nots += "not ";
  EXPECT_FALSE(Filter::parse(nots + "user.a").ok());
}

TEST(FilterParse, KeepsTextAndKnowsWhetherItReadsTheLead) {
  auto f = Filter::parse("user.states contains lead.state");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->text(), "user.states contains lead.state");
  EXPECT_TRUE(f->usesLead());
  auto g = Filter::parse("user.team == 'west'");
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(g->usesLead());
}

struct MatchCase {
  const char* text;
  json user;
  json lead;
  bool expected;
};

class FilterMatch : public ::testing::TestWithParam<MatchCase> {};

TEST_P(FilterMatch, Evaluates) {
  const auto& c = GetParam();
  auto f = Filter::parse(c.text);
  ASSERT_TRUE(f.ok()) << c.text << ": " << f.error().message;
  EXPECT_EQ(f->matches(c.user, c.lead), c.expected)
      << c.text << " user=" << c.user.dump() << " lead=" << c.lead.dump();
}

const json kUser = {{"states", {"CA", "NV"}}, {"languages", {"en", "es"}},
                    {"team", "west"},         {"level", 3},
                    {"senior", true},         {"address", {{"zip", "94105"}}}};
const json kLead = {{"state", "CA"}, {"score", 72.5}, {"source", "web"}, {"tags", {"vip", "es"}}};

INSTANTIATE_TEST_SUITE_P(
    R4, FilterMatch,
    ::testing::Values(
        // a lone operand: an empty string is false like an empty list or a missing value
        MatchCase{"user.team", {{"team", ""}}, kLead, false},
        MatchCase{"user.team", {{"team", "west"}}, kLead, true},
        MatchCase{"not user.team", {{"team", ""}}, kLead, true},
        // contains / in
        MatchCase{"user.states contains lead.state", kUser, kLead, true},
        MatchCase{"user.states contains lead.state", kUser, {{"state", "TX"}}, false},
        MatchCase{"user.languages contains \"es\" and lead.score >= 50", kUser, kLead, true},
        MatchCase{"lead.state in user.states", kUser, kLead, true},
        MatchCase{"lead.state in ['NY', 'CA']", kUser, kLead, true},
        MatchCase{"lead.state in []", kUser, kLead, false},
        MatchCase{"user.languages contains lead.tags", kUser, kLead, true}, // any in common
        MatchCase{"user.team contains 'es'", kUser, kLead, true},           // substring
        MatchCase{"'w' in user.team", kUser, kLead, true},
        // comparisons
        MatchCase{"user.team == \"west\" or not (lead.source == \"web\")", kUser, kLead, true},
        MatchCase{"user.team == 'east' or not (lead.source == 'web')", kUser, kLead, false},
        MatchCase{"user.team != 'east'", kUser, kLead, true},
        MatchCase{"user.level > 2 and user.level < 4 and user.level <= 3 and user.level >= 3",
                  kUser, kLead, true},
        MatchCase{"user.level == 3.0", kUser, kLead, true},
        MatchCase{"lead.score > -1", kUser, kLead, true},
        MatchCase{"user.team < 'x'", kUser, kLead, true},
        MatchCase{"user.team < 5", kUser, kLead, false}, // string vs number: no order
        MatchCase{"user.level == '3'", kUser, kLead, false},
        MatchCase{"user.address.zip == '94105'", kUser, kLead, true},
        MatchCase{"user.states.1 == 'NV'", kUser, kLead, true},
        MatchCase{"user.states.7 == 'NV'", kUser, kLead, false},
        // truthiness, booleans, keywords in any case
        MatchCase{"user.senior", kUser, kLead, true},
        MatchCase{"user.senior == true AND NOT user.junior", kUser, kLead, true},
        MatchCase{"true", kUser, kLead, true},
        MatchCase{"false or (user.level == 3 and (lead.state == 'CA'))", kUser, kLead, true},
        // a missing attribute compares false, whatever the operator
        MatchCase{"user.missing == 'x'", kUser, kLead, false},
        MatchCase{"user.missing != 'x'", kUser, kLead, false},
        MatchCase{"not (user.missing == 'x')", kUser, kLead, true},
        MatchCase{"user.states contains lead.state", kUser, json::object(), false},
        MatchCase{"user.states contains lead.state", json(nullptr), json(nullptr), false},
        MatchCase{"user.team.name == 'west'", kUser, kLead, false},
        MatchCase{"lead.score >= 50", kUser, {{"score", nullptr}}, false},
        MatchCase{"user.missing", kUser, kLead, false},
        MatchCase{"user.missing < 3 or user.missing > 3", kUser, kLead, false}));

TEST(FilterMatch, EscapesInStrings) {
  auto f = Filter::parse(R"(user.quote == 'it\'s' and user.dq == "a\"b")");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_TRUE(f->matches({{"quote", "it's"}, {"dq", "a\"b"}}, json::object()));
}

TEST(FilterMatch, CopiesEvaluateAlike) {
  auto f = Filter::parse("user.a == 1 or user.b == 2");
  ASSERT_TRUE(f.ok());
  Filter copy = *f;
  EXPECT_TRUE(copy.matches({{"b", 2}}, json::object()));
  EXPECT_FALSE(copy.matches({{"b", 3}}, json::object()));
}

} // namespace
} // namespace sb::routing

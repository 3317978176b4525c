// Call-flow steps (R-3) and organization settings: names, parse errors, round trips.
#include <gtest/gtest.h>

#include "routing/model.hpp"

namespace sb::routing {
namespace {

using nlohmann::json;

TEST(Names, R3_StepTypesAndStrategiesRoundTrip) {
  for (auto t : {StepType::Owner, StepType::User, StepType::Group, StepType::Number,
                 StepType::Forwarding, StepType::Company, StepType::Voicemail, StepType::Hangup}) {
    EXPECT_EQ(parseStepType(toString(t)), t);
  }
  for (auto s : {Strategy::RingAll, Strategy::LongestIdle, Strategy::RoundRobin,
                 Strategy::Sequential, Strategy::Random}) {
    EXPECT_EQ(parseStrategy(toString(s)), s);
  }
  EXPECT_EQ(toString(StepType::Forwarding), "forwarding");
  EXPECT_EQ(toString(Strategy::RingAll), "ring_all");
  EXPECT_EQ(parseStepType("Group"), std::nullopt);
  EXPECT_EQ(parseStrategy("ringall"), std::nullopt);
}

TEST(ParseSteps, R3_ReadsEveryFieldAndDefaults) {
  json j = json::parse(R"([
    {"type":"group","group_id":"g1","strategy":"longest_idle","ring_timeout":15,"confirm":true},
    {"type":"user","user_id":"u1"},
    {"type":"number","number":"+442079460000","extra":"ignored"},
    {"type":"owner"},{"type":"forwarding"},{"type":"company"},{"type":"voicemail"},{"type":"hangup"}
  ])");
  auto steps = parseSteps(j);
  ASSERT_TRUE(steps.ok()) << steps.error().message;
  ASSERT_EQ(steps->size(), 8U);
  const Step& g = (*steps)[0];
  EXPECT_EQ(g.type, StepType::Group);
  EXPECT_EQ(g.groupId, "g1");
  EXPECT_EQ(g.strategy, Strategy::LongestIdle);
  EXPECT_EQ(g.ringTimeoutSeconds, 15);
  EXPECT_TRUE(g.confirm);
  const Step& u = (*steps)[1];
  EXPECT_EQ(u.userId, "u1");
  EXPECT_EQ(u.strategy, Strategy::RingAll);
  EXPECT_EQ(u.ringTimeoutSeconds, 20);
  EXPECT_FALSE(u.confirm);
  EXPECT_EQ((*steps)[2].number, "+442079460000");
  EXPECT_EQ((*steps)[7].type, StepType::Hangup);
  // And back: toJson then parseSteps gives the same steps.
  auto again = parseSteps(toJson(*steps));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(toJson(*again), toJson(*steps));
  EXPECT_EQ(
      toJson(*steps)[0],
      json::parse(
          R"({"type":"group","group_id":"g1","strategy":"longest_idle","ring_timeout":15,"confirm":true})"));
}

struct StepsErrorCase {
  const char* json;
  const char* message;
};

class ParseStepsError : public ::testing::TestWithParam<StepsErrorCase> {};

TEST_P(ParseStepsError, NamesStepAndField) {
  auto steps = parseSteps(json::parse(GetParam().json));
  ASSERT_FALSE(steps.ok()) << GetParam().json;
  EXPECT_NE(steps.error().message.find(GetParam().message), std::string::npos)
      << steps.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    R3, ParseStepsError,
    ::testing::Values(
        StepsErrorCase{R"({"type":"owner"})", "steps: expected an array"},
        StepsErrorCase{R"([1])", "steps[0]: expected an object"},
        StepsErrorCase{R"([{}])", "steps[0].type: required"},
        StepsErrorCase{R"([{"type":7}])", "steps[0].type: expected a string"},
        StepsErrorCase{R"([{"type":"owner"},{"type":"grp"}])",
                       "steps[1].type: unknown step type 'grp'"},
        StepsErrorCase{R"([{"type":"group"}])", "steps[0].group_id: required for a group step"},
        StepsErrorCase{R"([{"type":"group","group_id":""}])",
                       "steps[0].group_id: required for a group step"},
        StepsErrorCase{R"([{"type":"user"}])", "steps[0].user_id: required for a user step"},
        StepsErrorCase{R"([{"type":"user","user_id":5}])", "steps[0].user_id: expected a string"},
        StepsErrorCase{R"([{"type":"number"}])", "steps[0].number: required for a number step"},
        StepsErrorCase{R"([{"type":"number","number":"555-0100"}])",
                       "steps[0].number: '555-0100' is not an E.164 number"},
        StepsErrorCase{R"([{"type":"owner","strategy":"fastest"}])",
                       "steps[0].strategy: unknown strategy 'fastest'"},
        StepsErrorCase{R"([{"type":"owner","ring_timeout":"20"}])",
                       "steps[0].ring_timeout: expected an integer"},
        StepsErrorCase{R"([{"type":"owner","ring_timeout":0}])",
                       "steps[0].ring_timeout: must be 1..600 seconds"},
        StepsErrorCase{R"([{"type":"owner","ring_timeout":601}])",
                       "steps[0].ring_timeout: must be 1..600 seconds"},
        StepsErrorCase{R"([{"type":"owner","confirm":1}])",
                       "steps[0].confirm: expected true or false"}));

TEST(ParseSettings, DefaultsFromAnEmptyObjectOrNull) {
  for (const json& j : {json::object(), json(nullptr)}) {
    auto s = parseSettings(j, "+15550108888");
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->ringAssignedUser);
    EXPECT_EQ(s->companyPhone, "+15550108888");
    EXPECT_EQ(s->ringAllBatch, 10);
    EXPECT_EQ(s->defaultRingTimeoutSeconds, 20);
    EXPECT_EQ(s->missedOffersBeforeUnavailable, 3);
    EXPECT_EQ(s->coolDownSeconds, 0);
    EXPECT_FALSE(s->confirmOnSipPhones);
    EXPECT_TRUE(s->voicemailEnabled);
    EXPECT_TRUE(s->recordCalls);
  }
}

TEST(ParseSettings, ReadsEveryKeyAndIgnoresOthers) {
  auto s = parseSettings(json::parse(R"({"ring_user_assigned_to_number":false,"ring_all_batch":4,
      "ring_timeout_seconds":30,"missed_offers_before_unavailable":0,"cool_down_seconds":45,
      "confirm_on_sip_phones":true,"voicemail_enabled":false,"record_calls":false,"theme":"dark"})"),
                         "");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(s->ringAssignedUser);
  EXPECT_EQ(s->ringAllBatch, 4);
  EXPECT_EQ(s->defaultRingTimeoutSeconds, 30);
  EXPECT_EQ(s->missedOffersBeforeUnavailable, 0);
  EXPECT_EQ(s->coolDownSeconds, 45);
  EXPECT_TRUE(s->confirmOnSipPhones);
  EXPECT_FALSE(s->voicemailEnabled);
  EXPECT_FALSE(s->recordCalls);
}

TEST(ParseSettings, R5_RingAllBatchClampedToOneToTen) {
  EXPECT_EQ(parseSettings({{"ring_all_batch", 50}}, "")->ringAllBatch, 10);
  EXPECT_EQ(parseSettings({{"ring_all_batch", 0}}, "")->ringAllBatch, 1);
  EXPECT_EQ(parseSettings({{"ring_all_batch", 3}}, "")->ringAllBatch, 3);
}

struct SettingsErrorCase {
  const char* json;
  const char* message;
};

class ParseSettingsError : public ::testing::TestWithParam<SettingsErrorCase> {};

TEST_P(ParseSettingsError, NamesTheKey) {
  auto s = parseSettings(json::parse(GetParam().json), "");
  ASSERT_FALSE(s.ok()) << GetParam().json;
  EXPECT_NE(s.error().message.find(GetParam().message), std::string::npos) << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Settings, ParseSettingsError,
    ::testing::Values(
        SettingsErrorCase{R"([])", "settings: expected an object"},
        SettingsErrorCase{R"({"ring_user_assigned_to_number":"yes"})",
                          "settings.ring_user_assigned_to_number: expected true or false"},
        SettingsErrorCase{R"({"ring_all_batch":"10"})",
                          "settings.ring_all_batch: expected an integer"},
        SettingsErrorCase{R"({"ring_all_batch":-1})", "settings.ring_all_batch: must be 0.."},
        SettingsErrorCase{R"({"ring_timeout_seconds":0})",
                          "settings.ring_timeout_seconds: must be at least 1"},
        SettingsErrorCase{R"({"missed_offers_before_unavailable":2.5})",
                          "settings.missed_offers_before_unavailable: expected an integer"},
        SettingsErrorCase{R"({"cool_down_seconds":-5})",
                          "settings.cool_down_seconds: must be 0..86400"},
        SettingsErrorCase{R"({"cool_down_seconds":100000})",
                          "settings.cool_down_seconds: must be 0..86400"},
        SettingsErrorCase{R"({"confirm_on_sip_phones":1})",
                          "settings.confirm_on_sip_phones: expected true or false"},
        SettingsErrorCase{R"({"voicemail_enabled":null,"ring_all_batch":[]})",
                          "settings.ring_all_batch: expected an integer"}));

} // namespace
} // namespace sb::routing

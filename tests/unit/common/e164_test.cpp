#include "common/e164.hpp"

#include <gtest/gtest.h>

namespace sb::common {

struct E164Case {
  const char* raw;
  const char* country;
  const char* expected; // nullptr: rejected
};

class E164Test : public testing::TestWithParam<E164Case> {};

TEST_P(E164Test, Normalizes) {
  const auto& c = GetParam();
  auto got = toE164(c.raw, c.country);
  if (c.expected == nullptr) {
    EXPECT_FALSE(got.has_value()) << c.raw << " gave " << got.value_or("");
  } else {
    ASSERT_TRUE(got.has_value()) << c.raw;
    EXPECT_EQ(*got, c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, E164Test,
                         testing::Values(E164Case{"+15550100001", "1", "+15550100001"},
                                         E164Case{"(555) 010-0001", "1", "+15550100001"},
                                         E164Case{"1 555 010 0001", "1", "+15550100001"},
                                         E164Case{"0044 20 7946 0000", "1", "+442079460000"},
                                         E164Case{"020 7946 0000", "44", "+442079460000"},
                                         E164Case{"555-0100", "1", nullptr},
                                         E164Case{"alice", "1", nullptr},
                                         E164Case{"+1234567890123456", "1", nullptr},
                                         E164Case{"", "1", nullptr}));

} // namespace sb::common

namespace sb::common {
namespace {

TEST(CallingCodeTest, AcceptsACallingCodeOrAnIsoCountry) {
  EXPECT_EQ(callingCodeOf("1"), std::optional<std::string>("1"));
  EXPECT_EQ(callingCodeOf("44"), std::optional<std::string>("44"));
  EXPECT_EQ(callingCodeOf("US"), std::optional<std::string>("1"));
  EXPECT_EQ(callingCodeOf("gb"), std::optional<std::string>("44"));
  EXPECT_EQ(callingCodeOf("ZZ"), std::nullopt);
  EXPECT_EQ(callingCodeOf(""), std::nullopt);
  EXPECT_EQ(callingCodeOf("1234"), std::nullopt) << "calling codes have at most three digits";
}

} // namespace
} // namespace sb::common

#include "api/http/byte_range.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

TEST(ByteRangeTest, ParsesTheThreeForms) {
  auto both = parseRangeHeader("bytes=0-99");
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->first, 0u);
  EXPECT_EQ(both->last, 99u);
  auto open = parseRangeHeader("bytes=100-");
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->first, 100u);
  EXPECT_EQ(open->last, std::nullopt);
  auto suffix = parseRangeHeader("Bytes= -500 ");
  ASSERT_TRUE(suffix.has_value());
  EXPECT_EQ(suffix->first, std::nullopt);
  EXPECT_EQ(suffix->last, 500u);
}

TEST(ByteRangeTest, RefusesWhatIsNotOneRange) {
  for (std::string_view header :
       {"", "bytes", "bytes=", "bytes=-", "bytes=5-2", "items=0-1", "bytes=0-1,5-6", "bytes=a-b",
        "bytes=+1-2", "bytes=1 -2", "bytes=99999999999999999999-", "bytes=0x10-20"}) {
    EXPECT_FALSE(parseRangeHeader(header).has_value()) << header;
  }
}

TEST(ByteRangeTest, DecidesAgainstTheFileSize) {
  auto decide = [](std::string_view header, std::uint64_t size) {
    return decideRange(header, size);
  };
  auto whole = decide("", 1000);
  EXPECT_EQ(whole.outcome, RangeOutcome::Whole);
  EXPECT_EQ(decide("bytes=0-1,5-9", 1000).outcome, RangeOutcome::Whole);

  auto first100 = decide("bytes=0-99", 1000);
  EXPECT_EQ(first100.outcome, RangeOutcome::Partial);
  EXPECT_EQ(first100.first, 0u);
  EXPECT_EQ(first100.last, 99u);
  EXPECT_EQ(first100.length(), 100u);

  auto tail = decide("bytes=900-", 1000);
  EXPECT_EQ(tail.first, 900u);
  EXPECT_EQ(tail.last, 999u);
  auto clamped = decide("bytes=900-5000", 1000);
  EXPECT_EQ(clamped.outcome, RangeOutcome::Partial);
  EXPECT_EQ(clamped.last, 999u);
  auto suffix = decide("bytes=-300", 1000);
  EXPECT_EQ(suffix.first, 700u);
  EXPECT_EQ(suffix.last, 999u);
  auto longSuffix = decide("bytes=-5000", 1000);
  EXPECT_EQ(longSuffix.outcome, RangeOutcome::Partial);
  EXPECT_EQ(longSuffix.first, 0u);
  EXPECT_EQ(longSuffix.last, 999u);
  auto lastByte = decide("bytes=999-999", 1000);
  EXPECT_EQ(lastByte.length(), 1u);

  EXPECT_EQ(decide("bytes=1000-", 1000).outcome, RangeOutcome::Unsatisfiable);
  EXPECT_EQ(decide("bytes=1000-2000", 1000).outcome, RangeOutcome::Unsatisfiable);
  EXPECT_EQ(decide("bytes=-0", 1000).outcome, RangeOutcome::Unsatisfiable);
  EXPECT_EQ(decide("bytes=0-", 0).outcome, RangeOutcome::Unsatisfiable);
  EXPECT_EQ(decide("bytes=-10", 0).outcome, RangeOutcome::Unsatisfiable);
}

} // namespace
} // namespace sb::api::http

#include "api/http/date_time.hpp"
#include "api/http/query_params.hpp"
#include "api/http/request_target.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

QueryParams parsed(std::string_view raw) {
  auto params = QueryParams::parse(raw);
  EXPECT_TRUE(params.ok()) << raw << ": " << (params.ok() ? "" : params.error().message);
  return params.ok() ? *params : QueryParams{};
}

TEST(QueryParamsTest, DecodesPlusAndPercentEscapes) {
  auto params = parsed("q=John+Smith&phone=%2B15551234567&note=caf%C3%A9&empty=&flag");
  EXPECT_EQ(params.first("q"), "John Smith");
  EXPECT_EQ(params.first("phone"), "+15551234567");
  EXPECT_EQ(params.first("note"), "caf\xC3\xA9");
  EXPECT_EQ(params.first("empty"), "");
  EXPECT_TRUE(params.has("flag"));
  EXPECT_FALSE(params.has("missing"));
  EXPECT_EQ(params.first("missing"), std::nullopt);
}

TEST(QueryParamsTest, RepeatedParametersKeepTheirOrder) {
  auto params = parsed("phone=1&user=a&phone=2&&phone=3");
  EXPECT_EQ(params.all("phone"), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(params.first("phone"), "1");
  EXPECT_TRUE(params.all("nothing").empty());
  EXPECT_EQ(params.entries().size(), 4u);
}

TEST(QueryParamsTest, MalformedQueriesAreA400OnTheQueryField) {
  for (std::string_view raw : {"a=%zz", "a=%4", "a=%", "a=%FF", "%C3%28=1", "a=%00", "=value"}) {
    auto params = QueryParams::parse(raw);
    ASSERT_FALSE(params.ok()) << raw;
    EXPECT_EQ(params.error().code, 400) << raw;
    EXPECT_EQ(params.error().field, "query") << raw;
  }
}

TEST(QueryParamsTest, AtMostAHundredParameters) {
  std::string raw;
  for (int i = 0; i < 100; ++i)
    raw += "p" + std::to_string(i) + "=1&";
  EXPECT_TRUE(QueryParams::parse(raw).ok());
  auto tooMany = QueryParams::parse(raw + "one=more");
  ASSERT_FALSE(tooMany.ok());
  EXPECT_EQ(tooMany.error().field, "query");
}

TEST(QueryParamsTest, OnlyKnownNamesTheFirstUnknownParameter) {
  auto params = parsed("limit=5&sort=asc&colour=red&size=2");
  EXPECT_FALSE(params.onlyKnown({"limit", "sort", "colour", "size"}).has_value());
  auto error = params.onlyKnown({"limit", "sort"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->field, "colour");
  EXPECT_EQ(error->message, "unknown parameter");
  EXPECT_EQ(error->code, 400);
}

TEST(QueryParamsTest, IntegerReadsCheckFormAndRange) {
  auto params = parsed(
      "limit=50&offset=-3&big=99999999999999999999&word=12a&plus=%2B5&twice=1&twice=2&blank=");
  EXPECT_EQ(*params.integer("limit", 1, 100), std::optional<std::int64_t>(50));
  EXPECT_EQ(*params.integer("offset", -10, 10), std::optional<std::int64_t>(-3));
  EXPECT_EQ(*params.integer("absent", 0, 1), std::nullopt);
  for (const char* name : {"word", "plus", "blank"}) {
    auto bad = params.integer(name, 0, 100);
    ASSERT_FALSE(bad.ok()) << name;
    EXPECT_EQ(bad.error().field, name);
    EXPECT_EQ(bad.error().message, "must be an integer");
  }
  auto outOfRange = params.integer("limit", 1, 20);
  ASSERT_FALSE(outOfRange.ok());
  EXPECT_EQ(outOfRange.error().message, "must be between 1 and 20");
  EXPECT_FALSE(params.integer("big", 0, 100).ok());
  auto twice = params.integer("twice", 0, 9);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "twice");
}

TEST(QueryParamsTest, BooleanReads) {
  auto params = parsed("a=true&b=0&c=1&d=false&e=yes");
  EXPECT_EQ(*params.boolean("a"), std::optional<bool>(true));
  EXPECT_EQ(*params.boolean("b"), std::optional<bool>(false));
  EXPECT_EQ(*params.boolean("c"), std::optional<bool>(true));
  EXPECT_EQ(*params.boolean("d"), std::optional<bool>(false));
  EXPECT_EQ(*params.boolean("z"), std::nullopt);
  auto bad = params.boolean("e");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "e");
}

TEST(QueryParamsTest, TimesWithOffsetsBecomeEpochMilliseconds) {
  constexpr std::int64_t kNov2At0930Utc = 1793611800000; // 2026-11-02T09:30:00Z
  auto params = parsed(
      "z=2026-11-02T09:30:00Z&plus=2026-11-02T10:30:00.250%2B01:00"
      "&minus=2026-11-02T04:30:00-05:00&date=2026-11-02&unescaped=2026-11-02T10:30:00+01:00");
  EXPECT_EQ(*params.time("z"), std::optional<std::int64_t>(kNov2At0930Utc));
  EXPECT_EQ(*params.time("plus"), std::optional<std::int64_t>(kNov2At0930Utc + 250));
  EXPECT_EQ(*params.time("minus"), std::optional<std::int64_t>(kNov2At0930Utc));
  EXPECT_EQ(*params.time("date"),
            std::optional<std::int64_t>(kNov2At0930Utc - (9 * 60 + 30) * 60 * 1000));
  EXPECT_EQ(*params.time("unescaped"), std::optional<std::int64_t>(kNov2At0930Utc));
  EXPECT_EQ(*params.time("absent"), std::nullopt);
}

TEST(QueryParamsTest, MalformedTimesNameTheParameter) {
  for (std::string_view raw : {"from=yesterday", "from=2026-02-30", "from=2026-11-02T09:30:00",
                               "from=2026-11-02T24:00:00Z", "from=2026-11-02T09:30Z",
                               "from=2026-11-02T09:30:00.Z", "from=2026-11-02T09:30:00%2B1"}) {
    auto result = parsed(raw).time("from");
    ASSERT_FALSE(result.ok()) << raw;
    EXPECT_EQ(result.error().field, "from") << raw;
    EXPECT_EQ(result.error().code, 400);
  }
}

TEST(QueryParamsTest, StringReadsCountCharactersNotBytes) {
  auto params = parsed("name=%C3%A9t%C3%A9&long=abcdef");
  EXPECT_EQ(*params.string("name", 3), std::optional<std::string>("\xC3\xA9t\xC3\xA9"));
  auto tooLong = params.string("long", 5);
  ASSERT_FALSE(tooLong.ok());
  EXPECT_EQ(tooLong.error().field, "long");
  EXPECT_EQ(*params.string("absent", 5), std::nullopt);
}

TEST(DateTimeTest, EdgesOfTheCalendar) {
  EXPECT_EQ(parseDateTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseDateTime("1970-01-01"), 0);
  EXPECT_EQ(parseDateTime("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(parseDateTime("2024-02-29T00:00:00z"), 1709164800000);
  EXPECT_EQ(parseDateTime("2024-02-29t00:00:00.1234567Z"), 1709164800123);
  EXPECT_EQ(parseDateTime("2023-02-29"), std::nullopt);
  EXPECT_EQ(parseDateTime("2026-13-01"), std::nullopt);
  EXPECT_EQ(parseDateTime("2026-11-02T09:30:60Z"), std::nullopt);
  EXPECT_EQ(parseDateTime("2026-11-02T09:30:00Z "), std::nullopt);
  EXPECT_EQ(parseDateTime(""), std::nullopt);
}

TEST(RequestTargetTest, SplitsAndDecodesPathAndQuery) {
  auto target = parseRequestTarget("/api/v1/leads/a%20b+c?phone=%2B1&x=1");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->path, "/api/v1/leads/a b+c");
  EXPECT_EQ(target->query.first("phone"), "+1");
  for (std::string_view bad : {"", "api/v1", "http://host/x", "/a%zz", "/a%00b", "/%C3%28"}) {
    auto refused = parseRequestTarget(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "path") << bad;
  }
  auto badQuery = parseRequestTarget("/x?a=%zz");
  ASSERT_FALSE(badQuery.ok());
  EXPECT_EQ(badQuery.error().field, "query");
}

} // namespace
} // namespace sb::api::http

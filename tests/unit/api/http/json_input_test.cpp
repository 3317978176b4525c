#include "api/http/json_input.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

using nlohmann::json;

json object(std::string_view body) {
  auto parsed = parseJsonObject(body);
  EXPECT_TRUE(parsed.ok()) << body << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : json::object();
}

TEST(ParseJsonObjectTest, AcceptsAnObject) {
  auto parsed = parseJsonObject(R"( {"name": "Ada", "tags": ["a"]} )");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["name"], "Ada");
}

TEST(ParseJsonObjectTest, EmptyBodyNeedsAnObject) {
  for (std::string_view body : {"", "  \r\n"}) {
    auto parsed = parseJsonObject(body);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, 400);
    EXPECT_EQ(parsed.error().message, "a JSON object is required");
  }
}

TEST(ParseJsonObjectTest, SyntaxErrorsSayWhere) {
  auto parsed = parseJsonObject("{\"a\":\n  nope}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, 400);
  EXPECT_TRUE(parsed.error().field.empty());
  EXPECT_EQ(parsed.error().message.rfind("body is not valid JSON: line 2, column ", 0), 0u)
      << parsed.error().message;
  EXPECT_EQ(parsed.error().message.find("last read"), std::string::npos);
}

TEST(ParseJsonObjectTest, NumbersTooLargeForADoubleAreA400) {
  auto parsed = parseJsonObject(R"({"x":1e400})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, 400);
  EXPECT_EQ(parsed.error().message, "body is not valid JSON: number overflow parsing '1e400'");
}

TEST(ParseJsonObjectTest, OtherTopLevelValuesAreRefused) {
  for (std::string_view body : {"[]", "3", "\"text\"", "null", "{} {}"}) {
    auto parsed = parseJsonObject(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, 400) << body;
  }
}

TEST(ParseJsonObjectTest, NestingIsLimited) {
  auto nested = [](std::size_t depth) {
    std::string body = "{\"a\":";
    for (std::size_t i = 1; i < depth; ++i)
      body += "[";
    body += "1";
    for (std::size_t i = 1; i < depth; ++i)
      body += "]";
    return body + "}";
  };
  EXPECT_TRUE(parseJsonObject(nested(kMaxJsonDepth)).ok());
  auto deep = parseJsonObject(nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, 400);
  // Brackets inside strings do not count.
  EXPECT_TRUE(parseJsonObject("{\"a\":\"" + std::string(100, '[') + "\\\"\"}").ok());
  EXPECT_FALSE(parseJsonObject(std::string(100000, '[')).ok());
}

TEST(ParseJsonObjectTest, InvalidUtf8IsRefused) {
  for (std::string_view body : {"{\"a\":\"\xC3\x28\"}", "{\"a\":\"\xED\xA0\x80\"}", "{\"\xFF\":1}",
                                "{\"a\":\"\\ud800\"}"}) {
    auto parsed = parseJsonObject(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, 400);
  }
  EXPECT_TRUE(parseJsonObject("{\"a\":\"caf\xC3\xA9 \\u00e9 \\ud83d\\ude00\"}").ok());
}

TEST(JsonFieldsTest, ReadsEachType) {
  const json body = object(R"({"name":"Ada","age":36,"admin":true,"phones":["+1","+2"],
                              "settings":{"x":1},"steps":[1,2],"note":null})");
  JsonFields fields(body);
  EXPECT_EQ(*fields.string("name", 10), std::optional<std::string>("Ada"));
  EXPECT_EQ(*fields.integer("age", 0, 200), std::optional<std::int64_t>(36));
  EXPECT_EQ(*fields.boolean("admin"), std::optional<bool>(true));
  EXPECT_EQ(*fields.strings("phones", 5, 20),
            std::optional<std::vector<std::string>>({"+1", "+2"}));
  EXPECT_EQ((**fields.object("settings"))["x"], 1);
  EXPECT_EQ((*fields.array("steps", 5))->size(), 2u);
  EXPECT_EQ(*fields.string("note", 10, true), std::nullopt);
  EXPECT_EQ(*fields.string("absent", 10), std::nullopt);
  EXPECT_EQ(*fields.integer("absent", 0, 1), std::nullopt);
  EXPECT_TRUE(fields.has("note"));
  EXPECT_FALSE(fields.has("absent"));
}

TEST(JsonFieldsTest, WrongTypesNameTheField) {
  const json body = object(R"({"name":5,"age":"36","ratio":1.5,"admin":"yes","phones":[1],
                              "settings":[],"steps":{},"note":null,"huge":18446744073709551615})");
  JsonFields fields(body);
  auto expectError = [](const auto& result, const std::string& field, const std::string& message) {
    ASSERT_FALSE(result.ok()) << field;
    EXPECT_EQ(result.error().field, field);
    EXPECT_EQ(result.error().message, message);
    EXPECT_EQ(result.error().code, 400);
  };
  expectError(fields.string("name", 10), "name", "must be a string");
  expectError(fields.integer("age", 0, 200), "age", "must be an integer");
  expectError(fields.integer("ratio", 0, 200), "ratio", "must be an integer");
  expectError(fields.integer("huge", 0, 200), "huge", "must be between 0 and 200");
  expectError(fields.boolean("admin"), "admin", "must be true or false");
  expectError(fields.strings("phones", 5, 20), "phones[0]", "must be a string");
  expectError(fields.object("settings"), "settings", "must be an object");
  expectError(fields.array("steps", 5), "steps", "must be an array");
  expectError(fields.string("note", 10), "note", "must be a string");
  expectError(fields.integer("note", 0, 1), "note", "must be an integer");
}

TEST(JsonFieldsTest, LimitsAreChecked) {
  const json body = object(R"({"name":"\u00e9\u00e9\u00e9","age":-1,"phones":["a","b","c"],
                              "tags":["ok","toolong"],"nul":"a\u0000b"})");
  JsonFields fields(body);
  EXPECT_TRUE(fields.string("name", 3).ok()); // three characters, six bytes
  EXPECT_EQ(fields.string("name", 2).error().message, "must be at most 2 characters");
  EXPECT_EQ(fields.integer("age", 0, 10).error().message, "must be between 0 and 10");
  EXPECT_EQ(fields.strings("phones", 2, 5).error().message, "must have at most 2 items");
  EXPECT_EQ(fields.array("phones", 2).error().field, "phones");
  EXPECT_EQ(fields.strings("tags", 5, 3).error().field, "tags[1]");
  EXPECT_EQ(fields.string("nul", 10).error().field, "nul");
}

TEST(JsonFieldsTest, UnknownFieldsAndPrefixes) {
  const json body = object(R"({"steps":[{"kind":"ring","extra":1},7]})");
  JsonFields top(body);
  EXPECT_FALSE(top.onlyKnown({"steps"}).has_value());
  auto unknown = JsonFields(body).onlyKnown({"other"});
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->field, "steps");
  EXPECT_EQ(unknown->message, "unknown field");

  const json& steps = body["steps"];
  JsonFields first(steps[0], "steps[0].");
  EXPECT_EQ(first.onlyKnown({"kind"})->field, "steps[0].extra");
  EXPECT_EQ(first.integer("kind", 0, 1).error().field, "steps[0].kind");
  JsonFields second(steps[1], "steps[1].");
  auto notObject = second.string("kind", 10);
  ASSERT_FALSE(notObject.ok());
  EXPECT_EQ(notObject.error().field, "steps[1]");
  EXPECT_EQ(notObject.error().message, "must be an object");
  EXPECT_TRUE(second.onlyKnown({"kind"}).has_value());
}

TEST(JsonFieldsTest, RequiredFields) {
  const json body = object(R"({"name":"Ada","age":"x"})");
  JsonFields fields(body);
  auto name = JsonFields::required(fields.string("name", 10), "name");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "Ada");
  auto email = JsonFields::required(fields.string("email", 10), "email");
  ASSERT_FALSE(email.ok());
  EXPECT_EQ(email.error().field, "email");
  EXPECT_EQ(email.error().message, "is required");
  auto age = JsonFields::required(fields.integer("age", 0, 10), "age");
  ASSERT_FALSE(age.ok());
  EXPECT_EQ(age.error().message, "must be an integer");
}

} // namespace
} // namespace sb::api::http

#include "api/http/router.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

// Each route's handler answers with its own pattern, so a match says which route it found.
class RouterTest : public ::testing::Test {
protected:
  void add(Verb method, const std::string& pattern, Access access = Access::User) {
    router_.add(method, pattern, access,
                [pattern](ApiRequest&) { return jsonResponse(200, pattern); });
  }

  std::string routed(Verb method, std::string_view path) {
    auto match = router_.match(method, path);
    if (!match) return "error " + std::to_string(match.error().code);
    ApiRequest request;
    return nlohmann::json::parse(match->route->handler(request).body).get<std::string>();
  }

  Router router_;
};

TEST_F(RouterTest, PathParametersAreCaptured) {
  add(Verb::get, "/api/v1/calls/{id}/recording");
  auto match = router_.match(Verb::get, "/api/v1/calls/c-42/recording");
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(match->route->pattern, "/api/v1/calls/{id}/recording");
  EXPECT_EQ(match->params.at("id"), "c-42");
  EXPECT_EQ(match->params.size(), 1u);
}

TEST_F(RouterTest, SeveralParameters) {
  add(Verb::put, "/api/v1/groups/{group}/members/{user}");
  auto match = router_.match(Verb::put, "/api/v1/groups/sales/members/u 7");
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(match->params.at("group"), "sales");
  EXPECT_EQ(match->params.at("user"), "u 7");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  add(Verb::get, "/api/v1/users/{id}");
  add(Verb::get, "/api/v1/users/me");
  add(Verb::get, "/api/v1/{section}/me");
  EXPECT_EQ(routed(Verb::get, "/api/v1/users/me"), "/api/v1/users/me");
  EXPECT_EQ(routed(Verb::get, "/api/v1/users/u1"), "/api/v1/users/{id}");
  EXPECT_EQ(routed(Verb::get, "/api/v1/leads/me"), "/api/v1/{section}/me");
}

TEST_F(RouterTest, TheRouteForTheMethodIsChosenBeforePrecedence) {
  add(Verb::get, "/api/v1/calls/{id}");
  add(Verb::post, "/api/v1/calls/search");
  EXPECT_EQ(routed(Verb::get, "/api/v1/calls/search"), "/api/v1/calls/{id}");
  EXPECT_EQ(routed(Verb::post, "/api/v1/calls/search"), "/api/v1/calls/search");
}

TEST_F(RouterTest, UnknownPathIs404) {
  add(Verb::get, "/api/v1/calls");
  auto match = router_.match(Verb::get, "/api/v1/nothing");
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.error().code, 404);
  EXPECT_EQ(router_.match(Verb::get, "").error().code, 404);
  EXPECT_EQ(router_.match(Verb::get, "api/v1/calls").error().code, 404);
}

TEST_F(RouterTest, TrailingSlashAndEmptySegmentsDoNotMatch) {
  add(Verb::get, "/x");
  add(Verb::get, "/calls/{id}/recording");
  EXPECT_EQ(routed(Verb::get, "/x"), "/x");
  EXPECT_EQ(routed(Verb::get, "/x/"), "error 404");
  EXPECT_EQ(routed(Verb::get, "/calls//recording"), "error 404");
  EXPECT_EQ(routed(Verb::get, "/calls/1/recording/"), "error 404");
}

TEST_F(RouterTest, WrongMethodIs405WithTheAllowedOnes) {
  add(Verb::get, "/api/v1/leads/{id}");
  add(Verb::patch, "/api/v1/leads/{id}");
  add(Verb::delete_, "/api/v1/leads/{id}");
  auto match = router_.match(Verb::post, "/api/v1/leads/7");
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.error().code, 405);
  EXPECT_NE(match.error().message.find("DELETE, GET, HEAD, PATCH"), std::string::npos)
      << match.error().message;
  EXPECT_EQ(router_.allowedMethods("/api/v1/leads/7"),
            (std::vector<std::string>{"DELETE", "GET", "HEAD", "PATCH"}));
  EXPECT_TRUE(router_.allowedMethods("/elsewhere").empty());
}

TEST_F(RouterTest, HeadIsServedByGetRoutesUnlessItHasItsOwn) {
  add(Verb::get, "/a");
  add(Verb::get, "/b");
  add(Verb::head, "/b");
  add(Verb::post, "/c");
  auto a = router_.match(Verb::head, "/a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->route->method, Verb::get);
  auto b = router_.match(Verb::head, "/b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->route->method, Verb::head);
  EXPECT_EQ(router_.match(Verb::head, "/c").error().code, 405);
}

TEST_F(RouterTest, RoutesKeepAccessAndSummary) {
  router_.add(
      Verb::get, "/api/v1/health", Access::Public, [](ApiRequest&) { return ApiResponse{}; },
      "liveness");
  router_.add(Verb::post, "/api/v1/users", Access::Admin,
              [](ApiRequest&) { return ApiResponse{}; });
  ASSERT_EQ(router_.routes().size(), 2u);
  EXPECT_EQ(router_.routes()[0].access, Access::Public);
  EXPECT_EQ(router_.routes()[0].summary, "liveness");
  EXPECT_EQ(router_.match(Verb::post, "/api/v1/users")->route->access, Access::Admin);
}

TEST_F(RouterTest, ARouteMayHaveItsOwnBodyLimit) {
  add(Verb::put, "/api/v1/prompts/{name}");
  add(Verb::get, "/api/v1/prompts/{name}");
  router_.limitBody(Verb::put, "/api/v1/prompts/{name}", 8 << 20);
  EXPECT_EQ(router_.bodyLimit(Verb::put, "/api/v1/prompts/no_key"), std::optional<std::size_t>(8 << 20));
  EXPECT_EQ(router_.bodyLimit(Verb::get, "/api/v1/prompts/no_key"), std::nullopt);
  EXPECT_EQ(router_.bodyLimit(Verb::post, "/api/v1/prompts/no_key"), std::nullopt);
  EXPECT_EQ(router_.bodyLimit(Verb::put, "/api/v1/other"), std::nullopt);
}

} // namespace
} // namespace sb::api::http

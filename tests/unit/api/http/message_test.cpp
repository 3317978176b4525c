#include "api/http/message.hpp"

#include <gtest/gtest.h>

namespace sb::api::http {
namespace {

using nlohmann::json;

TEST(ErrorResponseTest, NamesTheFieldWhenThereIsOne) {
  auto response = errorResponse(common::fieldError("disposition", "unknown disposition"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.contentType, "application/json");
  EXPECT_EQ(
      json::parse(response.body),
      json::parse(
          R"({"error":{"code":"invalid","message":"unknown disposition","field":"disposition"}})"));
}

TEST(ErrorResponseTest, LeavesOutAnEmptyField) {
  auto response = errorResponse(common::makeError("no such call", 404));
  EXPECT_EQ(response.status, 404);
  auto body = json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_FALSE(body["error"].contains("field"));
}

TEST(ErrorResponseTest, CodesOutsideTheErrorRangeAre500) {
  for (int code : {0, 200, 302, 600, -1}) {
    auto response = errorResponse(common::makeError("oops", code));
    EXPECT_EQ(response.status, 500) << code;
    EXPECT_EQ(json::parse(response.body)["error"]["code"], "internal");
  }
  EXPECT_EQ(errorResponse(common::makeError("busy", 503)).status, 503);
}

TEST(ErrorResponseTest, EveryNamedCode) {
  const std::vector<std::pair<int, std::string_view>> expected = {{400, "invalid"},
                                                                  {401, "unauthorized"},
                                                                  {403, "forbidden"},
                                                                  {404, "not_found"},
                                                                  {405, "method_not_allowed"},
                                                                  {409, "conflict"},
                                                                  {413, "too_large"},
                                                                  {415, "unsupported_media_type"},
                                                                  {416, "range_not_satisfiable"},
                                                                  {429, "too_many_requests"},
                                                                  {500, "internal"},
                                                                  {503, "unavailable"},
                                                                  {418, "bad_request"},
                                                                  {431, "bad_request"},
                                                                  {502, "internal"}};
  for (const auto& [status, code] : expected)
    EXPECT_EQ(errorCode(status), code) << status;
}

TEST(JsonResponseTest, InvalidUtf8DoesNotThrow) {
  ApiResponse response;
  EXPECT_NO_THROW(response = jsonResponse(200, {{"name", "bad \xFF byte"}}));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(json::accept(response.body));
}

TEST(ApiRequestTest, ParamAndHeaderAreEmptyWhenAbsent) {
  ApiRequest request;
  request.params["id"] = "7";
  request.headers.set(boost::beast::http::field::user_agent, "test");
  EXPECT_EQ(request.param("id"), "7");
  EXPECT_EQ(request.param("other"), "");
  EXPECT_EQ(request.header(boost::beast::http::field::user_agent), "test");
  EXPECT_EQ(request.header(boost::beast::http::field::authorization), "");
}

} // namespace
} // namespace sb::api::http

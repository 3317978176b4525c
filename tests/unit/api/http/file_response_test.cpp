// Files streamed by the server: whole, by range, HEAD, and the failures.
#include "unit/api/http/test_client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sb::api::http {
namespace {

using namespace testing;

class FileResponseTest : public ServerFixture {
protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "sb_api_http_XXXXXX";
    dir_ = ::mkdtemp(pattern.data());
    // Several 64 KiB chunks and a ragged end, every byte depending on its offset.
    for (std::size_t i = 0; i < 200'003; ++i)
      content_.push_back(static_cast<char>((i * 7 + i / 251) % 256));
    std::ofstream(dir_ + "/call.wav", std::ios::binary) << content_;
    std::ofstream(dir_ + "/empty.wav", std::ios::binary).flush();
    router.add(Verb::get, "/recordings/{name}", Access::User, [this](ApiRequest& request) {
      ApiResponse response;
      response.contentType = "audio/wav";
      response.file = std::filesystem::path(dir_) / request.param("name");
      return response;
    });
    startServer();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string content_;
};

TEST_F(FileResponseTest, WholeFileWithoutRange) {
  Client client(port());
  auto response = client.request(bhttp::verb::get, "/recordings/call.wav");
  ASSERT_TRUE(response.has_value()) << client.error.message();
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ((*response)[bhttp::field::content_type], "audio/wav");
  EXPECT_EQ((*response)[bhttp::field::accept_ranges], "bytes");
  EXPECT_EQ((*response)[bhttp::field::content_length], std::to_string(content_.size()));
  EXPECT_EQ(response->count(bhttp::field::cache_control), 0u);
  EXPECT_TRUE(response->body() == content_);
}

TEST_F(FileResponseTest, RangeIs206WithTheRightBytes) {
  Client client(port());
  struct Case {
    std::string range;
    std::size_t first;
    std::size_t last;
  };
  const std::vector<Case> cases = {{"bytes=0-99", 0, 99},
                                   {"bytes=65530-131080", 65530, 131080},
                                   {"bytes=199000-", 199000, 200002},
                                   {"bytes=-10", 199993, 200002},
                                   {"bytes=100-999999999", 100, 200002}};
  for (const auto& c : cases) {
    bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/recordings/call.wav", 11};
    request.set(bhttp::field::range, c.range);
    ASSERT_TRUE(client.write(std::move(request)));
    auto response = client.read();
    ASSERT_TRUE(response.has_value()) << c.range;
    EXPECT_EQ(response->result_int(), 206) << c.range;
    EXPECT_EQ((*response)[bhttp::field::content_range],
              "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/200003");
    EXPECT_TRUE(response->body() == content_.substr(c.first, c.last - c.first + 1)) << c.range;
  }
}

TEST_F(FileResponseTest, UnsatisfiableRangeIs416) {
  Client client(port());
  bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/recordings/call.wav", 11};
  request.set(bhttp::field::range, "bytes=200003-");
  ASSERT_TRUE(client.write(std::move(request)));
  auto response = client.read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result_int(), 416);
  EXPECT_EQ((*response)[bhttp::field::content_range], "bytes */200003");
  EXPECT_EQ(jsonBody(*response)["error"]["code"], "range_not_satisfiable");
}

TEST_F(FileResponseTest, InvalidOrMultipleRangesGetTheWholeFile) {
  Client client(port());
  for (const char* range : {"bytes=5-1", "bytes=0-1,4-5", "pages=1-2"}) {
    bhttp::request<bhttp::string_body> request{bhttp::verb::get, "/recordings/call.wav", 11};
    request.set(bhttp::field::range, range);
    ASSERT_TRUE(client.write(std::move(request)));
    auto response = client.read();
    ASSERT_TRUE(response.has_value()) << range;
    EXPECT_EQ(response->result_int(), 200) << range;
    EXPECT_EQ(response->body().size(), content_.size()) << range;
  }
}

TEST_F(FileResponseTest, HeadSendsTheHeadersOnly) {
  Client client(port());
  bhttp::request<bhttp::string_body> request{bhttp::verb::head, "/recordings/call.wav", 11};
  request.set(bhttp::field::range, "bytes=0-9"); // Range applies to GET only
  ASSERT_TRUE(client.write(std::move(request)));
  auto head = client.read(true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ((*head)[bhttp::field::content_length], "200003");
  EXPECT_EQ((*head)[bhttp::field::accept_ranges], "bytes");
  EXPECT_TRUE(head->body().empty());
  auto next = client.request(bhttp::verb::get, "/recordings/empty.wav");
  ASSERT_TRUE(next.has_value()); // nothing stray was left on the connection
  EXPECT_EQ(next->result_int(), 200);
  EXPECT_EQ((*next)[bhttp::field::content_length], "0");
}

TEST_F(FileResponseTest, MissingFileIs404Json) {
  Client client(port());
  for (const char* target : {"/recordings/gone.wav", "/recordings/.."}) {
    auto response = client.request(bhttp::verb::get, target);
    ASSERT_TRUE(response.has_value()) << target;
    EXPECT_EQ(response->result_int(), 404) << target;
    EXPECT_EQ(jsonBody(*response)["error"]["code"], "not_found");
  }
}

} // namespace
} // namespace sb::api::http

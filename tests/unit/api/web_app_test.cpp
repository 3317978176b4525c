// The web app's static files (src/api/routes_web.cpp): content types and caching, client
// routes answered with index.html, missing assets 404, nothing outside the root, API paths
// left to the API, and the "how to build it" page when the app was never built.
#include "api/http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace sb::api {
namespace {

namespace fs = std::filesystem;

std::string headerOf(const http::ApiResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

class WebAppTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::random_device random;
    base_ = fs::temp_directory_path() / ("sb-web-test-" + std::to_string(random()));
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    write(root_ / "index.html", "<!doctype html><title>app</title>");
    write(root_ / "assets" / "index-3f9a.js", "console.log(1)");
    write(root_ / "assets" / "index-3f9a.css", "body{}");
    write(root_ / "favicon.svg", "<svg/>");
    write(root_ / "ring.wav", "RIFF");
    write(root_ / "app.webmanifest", "{}");
    write(root_ / ".env", "SECRET=1");
    write(base_ / "secret.txt", "outside the root");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& path, std::string_view text) {
    std::ofstream(path) << text;
  }

  std::optional<http::ApiResponse> get(std::string path, http::Verb method = http::Verb::get) {
    http::ApiRequest request;
    request.method = method;
    request.path = std::move(path);
    return http::serveStaticApp(root_, request);
  }

  fs::path base_, root_;
};

TEST_F(WebAppTest, HashedAssetsAreCachedForGoodWithTheirContentType) {
  auto js = get("/assets/index-3f9a.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->file, root_ / "assets" / "index-3f9a.js");
  EXPECT_EQ(js->contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(headerOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/assets/index-3f9a.css")->contentType, "text/css; charset=utf-8");
}

TEST_F(WebAppTest, OtherFilesAndIndexAreRevalidated) {
  auto index = get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->file, root_ / "index.html");
  EXPECT_EQ(index->contentType, "text/html; charset=utf-8");
  EXPECT_EQ(headerOf(*index, "Cache-Control"), "no-cache");
  EXPECT_EQ(headerOf(*get("/index.html"), "Cache-Control"), "no-cache");
  auto icon = get("/favicon.svg");
  EXPECT_EQ(icon->contentType, "image/svg+xml");
  EXPECT_EQ(headerOf(*icon, "Cache-Control"), "no-cache");
  EXPECT_EQ(get("/ring.wav")->contentType, "audio/wav");
  EXPECT_EQ(get("/app.webmanifest")->contentType, "application/manifest+json");
}

TEST_F(WebAppTest, ClientRoutesGetIndexHtml) {
  for (const char* route : {"/app", "/app/calls", "/app/leads/01JD3ZK8Q4T9X2W7E5R6Y1M0NB", "/softphone", "/admin/users/"}) {
    auto response = get(route);
    ASSERT_TRUE(response) << route;
    EXPECT_EQ(response->status, 200) << route;
    EXPECT_EQ(response->file, root_ / "index.html") << route;
    EXPECT_EQ(headerOf(*response, "Cache-Control"), "no-cache") << route;
  }
  EXPECT_EQ(get("/app/calls", http::Verb::head)->file, root_ / "index.html");
}

TEST_F(WebAppTest, MissingFilesAre404NotTheApp) {
  for (const char* missing : {"/assets/gone-1234.js", "/assets/nested", "/logo.png", "/app/missing.css"}) {
    auto response = get(missing);
    ASSERT_TRUE(response) << missing;
    EXPECT_EQ(response->status, 404) << missing;
    EXPECT_FALSE(response->file) << missing;
  }
}

TEST_F(WebAppTest, NoPathLeavesTheRoot) {
  for (const char* escape : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html", "/.env",
                             "/..", "/assets/..\\..\\secret.txt", "/%2e%2e/secret.txt/.."}) {
    auto response = get(escape);
    ASSERT_TRUE(response) << escape;
    EXPECT_EQ(response->status, 404) << escape;
    EXPECT_FALSE(response->file) << escape;
  }
  // A symbolic link inside the root that points outside it is not followed.
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  auto linked = get("/leak.txt");
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->status, 404);
  EXPECT_FALSE(linked->file);
}

TEST_F(WebAppTest, ApiAndOperationsPathsAreLeftToTheApi) {
  for (const char* path : {"/api", "/api/v1/calls", "/api/v1/openapi.yaml", "/api/v1/nothing", "/healthz", "/readyz", "/metrics"})
    EXPECT_FALSE(get(path)) << path;
}

TEST_F(WebAppTest, OnlyGetAndHeadReadTheApp) {
  auto posted = get("/app", http::Verb::post);
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 405);
  EXPECT_EQ(headerOf(*posted, "Allow"), "GET, HEAD");
}

TEST_F(WebAppTest, WithoutABuiltAppTheRootSaysHowToBuildIt) {
  fs::remove(root_ / "index.html");
  auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_FALSE(page->file);
  EXPECT_EQ(page->contentType, "text/plain; charset=utf-8");
  EXPECT_NE(page->body.find("make web"), std::string::npos);
  EXPECT_NE(page->body.find(root_.string()), std::string::npos);
  EXPECT_EQ(get("/assets/index-3f9a.js")->status, 200); // files still served
}

} // namespace
} // namespace sb::api

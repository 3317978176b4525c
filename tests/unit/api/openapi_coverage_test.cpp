// docs/openapi.yaml documents every route the server has, and nothing it does not:
// each route's path and method, read from the document's `paths:` section (two-space
// indented paths, four-space indented methods).
#include "unit/api/api_fixture.hpp"

#include "api/openapi_document.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace sb::api::testing {
namespace {

std::set<std::string> documentedOperations(const std::string& yaml) {
  std::set<std::string> operations;
  std::istringstream lines(yaml);
  std::string line, path;
  bool inPaths = false;
  for (; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') inPaths = line.starts_with("paths:");
    if (!inPaths) continue;
    if (line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.starts_with("    ") && !line.starts_with("     ") && line.ends_with(":") && !path.empty()) {
      auto method = line.substr(4, line.size() - 5);
      for (auto m : {"get", "put", "post", "patch", "delete", "head"})
        if (method == m) operations.insert(method + " " + path);
    }
  }
  return operations;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST(OpenApi, DocumentsEveryRouteAndNoOther) {
  ApiFixture api;
  std::set<std::string> served;
  for (const auto& route : api.service->router().routes())
    served.insert(lower(std::string(boost::beast::http::to_string(route.method))) + " " + route.pattern);
  auto documented = documentedOperations(openapiDocument());
  ASSERT_GT(served.size(), 40u);
  for (const auto& op : served) EXPECT_TRUE(documented.contains(op)) << op << " is served but not in docs/openapi.yaml";
  for (const auto& op : documented) EXPECT_TRUE(served.contains(op)) << op << " is documented but not served";
}

TEST(OpenApi, TheServedDocumentIsTheOneInDocs) {
  ApiFixture api;
  auto response = api.call(http::Verb::get, "/api/v1/openapi.yaml", "", "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, "application/yaml");
  EXPECT_EQ(response.body, openapiDocument());
  EXPECT_TRUE(response.body.starts_with("openapi: 3."));
}

} // namespace
} // namespace sb::api::testing

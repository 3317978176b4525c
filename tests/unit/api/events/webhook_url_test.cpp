#include "api/events/webhook_url.hpp"

#include <gtest/gtest.h>

namespace sb::api::events {
namespace {

WebhookUrl parsed(const std::string& text) {
  auto url = parseWebhookUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << (url.ok() ? "" : url.error().message);
  return url.ok() ? url.value() : WebhookUrl{};
}

TEST(WebhookUrl, TakesHttpAndHttpsWithTheirDefaultPorts) {
  auto plain = parsed("http://crm.example.com/hooks/switchboard?team=west");
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.host, "crm.example.com");
  EXPECT_EQ(plain.port, 80);
  EXPECT_EQ(plain.target, "/hooks/switchboard?team=west");

  auto secure = parsed("HTTPS://crm.example.com");
  EXPECT_TRUE(secure.tls);
  EXPECT_EQ(secure.port, 443);
  EXPECT_EQ(secure.target, "/");
}

TEST(WebhookUrl, ExplicitPortsAddressesAndQueryWithoutPath) {
  auto local = parsed("http://127.0.0.1:8080?x=1");
  EXPECT_EQ(local.host, "127.0.0.1");
  EXPECT_EQ(local.port, 8080);
  EXPECT_EQ(local.target, "/?x=1");

  auto v6 = parsed("https://[2001:db8::1]:8443/in");
  EXPECT_EQ(v6.host, "2001:db8::1");
  EXPECT_EQ(v6.port, 8443);
  EXPECT_EQ(v6.target, "/in");
  EXPECT_EQ(parsed("http://[::1]/").port, 80);
}

TEST(WebhookUrl, RefusesWhatCannotBeSentSafely) {
  for (const char* text :
       {"", "ftp://example.com/", "example.com/hook", "javascript:alert(1)", "http://",
        "http:///path", "http://:80/", "http://user:pass@example.com/",
        "http://example.com@evil.test/", "http://example.com/a#frag", "http://example.com:0/",
        "http://example.com:65536/", "http://example.com:http/", "http://exa mple.com/",
        "http://example.com/\r\nX-Injected: 1", "http://[::1/", "http://[::1]x/", "http://[]/",
        "http://exa%6dple.com/"}) {
    auto url = parseWebhookUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.error().field, "url") << text;
    EXPECT_EQ(url.error().code, 400) << text;
  }
}

} // namespace
} // namespace sb::api::events

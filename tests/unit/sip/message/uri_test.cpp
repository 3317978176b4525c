#include "sip/message/uri.hpp"

#include <gtest/gtest.h>

namespace sb::sip {
namespace {

TEST(UriTest, ParsesFullSipUri) {
  auto uri = Uri::parse("sip:alice:secret@Example.COM:5070;transport=tcp;lr?subject=hi&x=1");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "sip");
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_EQ(uri->port, 5070);
  ASSERT_EQ(uri->params.size(), 2u);
  EXPECT_EQ(paramValue(uri->params, "TRANSPORT"), "tcp");
  EXPECT_TRUE(hasParam(uri->params, "lr"));
  EXPECT_FALSE(findParam(uri->params, "lr")->value.has_value());
  ASSERT_EQ(uri->headers.size(), 2u);
  EXPECT_EQ(uri->headers[0].name, "subject");
  EXPECT_EQ(uri->str(), "sip:alice:secret@example.com:5070;transport=tcp;lr?subject=hi&x=1");
}

TEST(UriTest, SchemeIsCaseInsensitive) {
  auto uri = Uri::parse("SIPS:bob@host");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->scheme, "sips");
  EXPECT_EQ(uri->portOrDefault(), 5061);
}

TEST(UriTest, Ipv6HostKeepsBrackets) {
  auto uri = Uri::parse("sip:[2001:db8::1]:5062");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->host, "[2001:db8::1]");
  EXPECT_EQ(uri->port, 5062);
  EXPECT_EQ(uri->str(), "sip:[2001:db8::1]:5062");
}

TEST(UriTest, UserMayHoldSemicolonsAndQuestionMarks) {
  auto uri = Uri::parse("sip:user;par=u%40example.net@example.com");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->user, "user;par=u%40example.net");
  EXPECT_EQ(uri->userUnescaped(), "user;par=u@example.net");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_TRUE(uri->params.empty());
}

TEST(UriTest, ToleratesHashInUserForFeatureCodes) {
  auto uri = Uri::parse("sip:*31#5551234@trunk.example.com");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->user, "*31#5551234");
  EXPECT_EQ(uri->str(), "sip:*31#5551234@trunk.example.com");
}

TEST(UriTest, UnescapesUserIncludingNul) {
  auto uri = Uri::parse("sip:null-%00-null@example.com");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->userUnescaped(), std::string("null-\0-null", 11));
}

TEST(UriTest, PortDefaults) {
  EXPECT_EQ(Uri::parse("sip:a@b").value().portOrDefault(), 5060);
  EXPECT_EQ(Uri::parse("sip:a@b;transport=TLS").value().portOrDefault(), 5061);
  EXPECT_EQ(Uri::parse("sip:a@b:7000").value().portOrDefault(), 7000);
}

TEST(UriTest, OtherSchemesAreOpaque) {
  auto tel = Uri::parse("tel:+1-201-555-0123");
  ASSERT_TRUE(tel.ok());
  EXPECT_FALSE(tel->isSip());
  EXPECT_EQ(tel->opaque, "+1-201-555-0123");
  EXPECT_EQ(tel->str(), "tel:+1-201-555-0123");
  EXPECT_TRUE(Uri::parse("soap.beep://192.0.2.103:3002").ok());
}

TEST(UriTest, RejectsMalformed) {
  for (const char* bad :
       {"", "sip:", "example.com", "<sip:a@b>", "sip:a@b c", "sip:a@b:99999", "sip:a@b:", "sip:@b",
        "sip:a@b@c", "sip:a%4@b", "sip:a@b;=x", "sip:a@b;x=", "sip:a@b?", "sip:a@b?x", "1sip:a@b",
        "sip:a@-b", "sip:a@b..c", "sip:a@[::1", "sip:a@[zz]"}) {
    EXPECT_FALSE(Uri::parse(bad).ok()) << bad;
  }
}

TEST(NameAddrTest, QuotedDisplayNameWithEscapes) {
  auto a = NameAddr::parse(R"("J Rosenberg \\\""   <sip:jdrosen@example.com> ; tag = 98asjd8)");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->displayName, R"(J Rosenberg \")");
  EXPECT_EQ(a->uri.user, "jdrosen");
  EXPECT_EQ(a->tag(), "98asjd8");
  EXPECT_EQ(a->str(), R"("J Rosenberg \\\"" <sip:jdrosen@example.com>;tag=98asjd8)");
}

TEST(NameAddrTest, TokenDisplayName) {
  auto a = NameAddr::parse("caller<sip:caller@example.com>;tag=323");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->displayName, "caller");
  EXPECT_EQ(a->tag(), "323");
}

TEST(NameAddrTest, AddrSpecParamsBelongToTheHeader) {
  auto a = NameAddr::parse("sip:+19725552222@gw1.example.net;unknownparam;tag=x");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->uri.params.empty());
  EXPECT_TRUE(hasParam(a->params, "unknownparam"));
  EXPECT_EQ(a->tag(), "x");
  auto b = NameAddr::parse("<sip:+19725552222@gw1.example.net;unknownparam>");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(hasParam(b->uri.params, "unknownparam"));
  EXPECT_TRUE(b->params.empty());
}

TEST(NameAddrTest, StarContact) {
  auto a = NameAddr::parse(" * ");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->isStar);
  EXPECT_EQ(a->str(), "*");
}

TEST(NameAddrTest, QuotedParamValueKeepsQuotes) {
  auto a = NameAddr::parse(R"(<sip:a@b>;p="x;y";q=0.5)");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(paramValue(a->params, "p"), "\"x;y\"");
  EXPECT_EQ(a->str(), R"(<sip:a@b>;p="x;y";q=0.5)");
}

TEST(NameAddrTest, RejectsMalformed) {
  for (const char* bad :
       {"", "\"unbalanced <sip:a@b>", "Bell, Alexander <sip:a@b>", "< sip:a@b >", "<sip:a@b",
        "sip:a@b?Route=x", "<sip:a@b>;;", "<sip:a@b> junk", "<sip:a@b>;tag=", "\"x\" sip:a@b"}) {
    EXPECT_FALSE(NameAddr::parse(bad).ok()) << bad;
  }
}

TEST(NameAddrTest, RoundTripsThroughStr) {
  for (const char* text : {"\"A \\\"B\\\"\" <sip:a@b;lr>;tag=1", "<tel:+123>", "sip:a@b;expires=5",
                           "<sip:a@b?Route=%3Csip:c%3E>"}) {
    auto first = NameAddr::parse(text);
    ASSERT_TRUE(first.ok()) << text;
    auto second = NameAddr::parse(first->str());
    ASSERT_TRUE(second.ok()) << first->str();
    EXPECT_EQ(*first, *second) << text;
  }
}

TEST(ParamTest, SetRemoveAreCaseInsensitive) {
  Params params;
  setParam(params, "Tag", std::string("a"));
  setParam(params, "tag", std::string("b"));
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(paramValue(params, "TAG"), "b");
  setParam(params, "lr", std::nullopt);
  EXPECT_TRUE(hasParam(params, "LR"));
  EXPECT_EQ(paramValue(params, "lr"), std::nullopt);
  removeParam(params, "TAG");
  EXPECT_FALSE(hasParam(params, "tag"));
  EXPECT_EQ(params.size(), 1u);
}

} // namespace
} // namespace sb::sip

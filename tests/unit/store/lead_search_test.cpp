// The leads search (the API's GET /leads) on every backend and the fake: text, phone,
// owner and unassigned filters, newest first, keyset paging, bad queries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/lead_search.hpp"
#include "unit/store/api_store_fixture.hpp"

namespace sb::store {
namespace {

using Names = std::vector<std::string>;

class LeadSearchTest : public testing::ApiStoreTest {
protected:
  void SetUp() override {
    ApiStoreTest::SetUp();
    if (HasFatalFailure()) return;
    alice_ = addUser("alice");
    bob_ = addUser("bob");
    Lead dana;
    dana.name = "Dana Prospect";
    dana.company = "Acme";
    dana.phones = {"+15550199001", "+15550199009"};
    dana.ownerUserId = alice_.id;
    dana.createdAt = 1'000;
    Lead evan;
    evan.name = "Evan Customer";
    evan.company = "Globex";
    evan.title = "CTO";
    evan.email = "evan@globex.test";
    evan.phones = {"+442071234567"};
    evan.ownerUserId = bob_.id;
    evan.createdAt = 2'000;
    Lead fiona;
    fiona.name = "Fiona Buyer";
    fiona.company = "ACME Corp";
    fiona.phones = {"+15550199003"};
    fiona.createdAt = 3'000;
    Lead gus;
    gus.name = "Gus 100% Lopez";
    gus.phones = {"+15550188004"};
    gus.createdAt = 4'000;
    Lead hana;
    hana.name = "Hana_Ito";
    hana.email = "hana@acme.test";
    hana.ownerUserId = alice_.id;
    hana.createdAt = 5'000;
    for (const Lead& l : {dana, evan, fiona, gus, hana})
      ASSERT_TRUE(store_->createLead(l));
  }

  // The names a search finds, in order; a failed search is a test failure and no names.
  Names names(const LeadQuery& q) {
    auto page = store_->searchLeads(q);
    EXPECT_TRUE(page) << page.error().message;
    Names out;
    if (!page) return out;
    for (const Lead& l : page->leads)
      out.push_back(l.name);
    return out;
  }

  LeadQuery text(const std::string& t) {
    LeadQuery q;
    q.text = t;
    return q;
  }
  LeadQuery phone(const std::string& p) {
    LeadQuery q;
    q.phone = p;
    return q;
  }

  User alice_;
  User bob_;
};
SB_API_STORE_BACKENDS(LeadSearchTest);

TEST_P(LeadSearchTest, NoFilterListsEveryLeadNewestFirstWithItsPhones) {
  auto page = store_->searchLeads({});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->leads.size(), 5U);
  EXPECT_TRUE(page->nextCursor.empty()); // exactly one page: no cursor to an empty one
  EXPECT_EQ(page->leads[0].name, "Hana_Ito");
  EXPECT_EQ(page->leads[4].name, "Dana Prospect");
  EXPECT_EQ(page->leads[4].phones, (std::vector<std::string>{"+15550199001", "+15550199009"}));
  EXPECT_EQ(page->leads[4].ownerUserId, alice_.id);
}

TEST_P(LeadSearchTest, TextMatchesPartOfTheNameCompanyTitleOrEmailWithoutCase) {
  EXPECT_EQ(names(text("acme")), (Names{"Hana_Ito", "Fiona Buyer", "Dana Prospect"}));
  EXPECT_EQ(names(text("cto")), Names{"Evan Customer"});
  EXPECT_EQ(names(text("PROSPECT")), Names{"Dana Prospect"});
  EXPECT_EQ(names(text("globex.test")), Names{"Evan Customer"});
  EXPECT_TRUE(names(text("initech")).empty());
}

TEST_P(LeadSearchTest, LikeWildcardsInTheTextMatchOnlyThemselves) {
  EXPECT_EQ(names(text("100%")), Names{"Gus 100% Lopez"});
  EXPECT_EQ(names(text("%")), Names{"Gus 100% Lopez"});
  EXPECT_EQ(names(text("_")), Names{"Hana_Ito"});
  EXPECT_EQ(names(text("a\\")), Names{}); // the escape character is plain text too
}

TEST_P(LeadSearchTest, PhoneMatchesPartOfTheDigitsOfAnyOfTheLeadsPhones) {
  EXPECT_EQ(names(phone("0199")), (Names{"Fiona Buyer", "Dana Prospect"}));
  EXPECT_EQ(names(phone("+44 20 7123")), Names{"Evan Customer"});
  EXPECT_EQ(names(phone("(555) 018")), Names{"Gus 100% Lopez"});
  EXPECT_EQ(names(phone("199009")), Names{"Dana Prospect"}); // its second phone
  EXPECT_TRUE(names(phone("777")).empty());
}

TEST_P(LeadSearchTest, OwnerAndUnassignedFiltersHoldTogetherWithTheOthers) {
  LeadQuery q;
  q.ownerUserId = alice_.id;
  EXPECT_EQ(names(q), (Names{"Hana_Ito", "Dana Prospect"}));
  q.phone = "0199";
  EXPECT_EQ(names(q), Names{"Dana Prospect"});
  LeadQuery unassigned;
  unassigned.unassignedOnly = true;
  EXPECT_EQ(names(unassigned), (Names{"Gus 100% Lopez", "Fiona Buyer"}));
  unassigned.text = "acme";
  EXPECT_EQ(names(unassigned), Names{"Fiona Buyer"});
  LeadQuery nobody;
  nobody.ownerUserId = "no-such-user";
  EXPECT_TRUE(names(nobody).empty());
}

TEST_P(LeadSearchTest, PagesFollowTheCursorAndLeadsAddedMeanwhileNeitherRepeatNorHideOthers) {
  LeadQuery q;
  q.limit = 2;
  auto first = store_->searchLeads(q);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->leads.size(), 2U);
  ASSERT_FALSE(first->nextCursor.empty());
  addLead("Newer than every page", 9'000);

  Names seen;
  for (const Lead& l : first->leads)
    seen.push_back(l.name);
  q.cursor = first->nextCursor;
  for (int pages = 0; pages < 10 && !q.cursor.empty(); ++pages) {
    auto page = store_->searchLeads(q);
    ASSERT_TRUE(page) << page.error().message;
    for (const Lead& l : page->leads)
      seen.push_back(l.name);
    q.cursor = page->nextCursor;
  }
  EXPECT_EQ(seen,
            (Names{"Hana_Ito", "Gus 100% Lopez", "Fiona Buyer", "Evan Customer", "Dana Prospect"}));
}

TEST_P(LeadSearchTest, ABadQueryIsA400NamingTheField) {
  auto fieldOf = [&](const LeadQuery& q) {
    auto page = store_->searchLeads(q);
    EXPECT_FALSE(page);
    if (page) return std::string("(accepted)");
    EXPECT_EQ(page.error().code, 400);
    return page.error().field;
  };
  LeadQuery q;
  q.limit = 0;
  EXPECT_EQ(fieldOf(q), "limit");
  q.limit = kMaxLeadPage + 1;
  EXPECT_EQ(fieldOf(q), "limit");
  q = {};
  q.cursor = "not-a-cursor";
  EXPECT_EQ(fieldOf(q), "cursor");
  q.cursor = "63317c6e7c357c63616c6c2d31"; // a calls list cursor: "c1|n|5|call-1" in hex
  EXPECT_EQ(fieldOf(q), "cursor");
  q = {};
  q.phone = "ext.";
  EXPECT_EQ(fieldOf(q), "phone");
  q = {};
  q.ownerUserId = alice_.id;
  q.unassignedOnly = true;
  EXPECT_EQ(fieldOf(q), "owner");
  q = {};
  q.text = std::string(kMaxLeadSearchText + 1, 'a');
  EXPECT_EQ(fieldOf(q), "q");
}

} // namespace
} // namespace sb::store

#include "api/auth/lead_csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::api::auth {
namespace {

using Phones = std::vector<std::string>;

LeadImport parsed(std::string_view text, std::string_view country = "US") {
  auto result = parseLeadCsv(text, country);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : LeadImport{};
}

std::string errorOf(std::string_view text, std::string_view country = "US") {
  auto result = parseLeadCsv(text, country);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, 400);
  return result.error().message;
}

TEST(LeadCsvTest, KnownColumnsAttributesAndPhones) {
  LeadImport import = parsed(
      "Name,Company,Title,E-mail,Email,Phone,Mobile 2,Owner Email,STATUS,crm_url,Lead Source,\n"
      "Ann Lee,Acme,CTO,x,ann@acme.com,(555) 010-0001; +44 20 7946 0000,555 010 0002,"
      "bob@example.com,qualified,https://crm.example.com/l/1,Web form,\n");
  ASSERT_EQ(import.leads.size(), 1u);
  EXPECT_TRUE(import.rejected.empty());
  const ImportedLead& row = import.leads[0];
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.lead.name, "Ann Lee");
  EXPECT_EQ(row.lead.company, "Acme");
  EXPECT_EQ(row.lead.title, "CTO");
  EXPECT_EQ(row.lead.email, "ann@acme.com");
  EXPECT_EQ(row.lead.phones, (Phones{"+15550100001", "+442079460000", "+15550100002"}));
  EXPECT_EQ(row.ownerEmail, "bob@example.com");
  EXPECT_EQ(row.lead.status, "qualified");
  EXPECT_EQ(row.lead.crmUrl, "https://crm.example.com/l/1");
  // "E-mail" is not "email": it is an attribute like any unknown column.
  EXPECT_EQ(row.lead.attributes, (nlohmann::json{{"e-mail", "x"}, {"lead_source", "Web form"}}));
  EXPECT_TRUE(row.lead.id.empty());
}

TEST(LeadCsvTest, DefaultsAndTrimming) {
  LeadImport import = parsed("name,phone,status,notes\n  Ann  , 555-010-0001 ,,\n");
  ASSERT_EQ(import.leads.size(), 1u);
  EXPECT_EQ(import.leads[0].lead.name, "Ann");
  EXPECT_EQ(import.leads[0].lead.status, "new");
  EXPECT_EQ(import.leads[0].ownerEmail, std::nullopt);
  EXPECT_EQ(import.leads[0].lead.attributes,
            nlohmann::json::object()); // empty cells are not stored
}

TEST(LeadCsvTest, DefaultCountryCompletesNationalNumbers) {
  LeadImport import = parsed("phone\n020 7946 0000\n", "GB");
  ASSERT_EQ(import.leads.size(), 1u);
  EXPECT_EQ(import.leads[0].lead.phones, (Phones{"+442079460000"}));
  EXPECT_EQ(parsed("phone\n020 7946 0001\n", "44").leads.at(0).lead.phones,
            (Phones{"+442079460001"}));
}

TEST(LeadCsvTest, BadRowsAreRejectedWithTheirColumnAndGoodRowsKept) {
  LeadImport import = parsed("name,phone,email,owner_email,crm_url\n"
                             "Ann,12,,,\n"
                             ",,ann@example.com,,\n"
                             "Bob,,bob@,,\n"
                             "Cid,,,cid at example,\n"
                             "Dee,,,,javascript:alert(1)\n"
                             "Eve,555-010-0005,,,http://crm/e\n"
                             "Fay,,,,,extra\n"
                             "Gus,,,,,\n");
  ASSERT_EQ(import.leads.size(), 2u);
  EXPECT_EQ(import.leads[0].lead.name, "Eve");
  EXPECT_EQ(import.leads[1].lead.name, "Gus"); // an empty extra field is harmless
  ASSERT_EQ(import.rejected.size(), 6u);
  auto expect = [&](std::size_t i, int line, const std::string& reason) {
    EXPECT_EQ(import.rejected[i].line, line);
    EXPECT_EQ(import.rejected[i].reason, reason);
  };
  expect(0, 2, "phone: '12' is not a phone number");
  expect(1, 3, "a row needs a name or a phone");
  expect(2, 4, "email: 'bob@' is not an email address");
  expect(3, 5, "owner_email: 'cid at example' is not an email address");
  expect(4, 6, "crm_url: 'javascript:alert(1)' is not an http(s) URL");
  expect(5, 8, "the row has 6 fields; the header has 5");
}

TEST(LeadCsvTest, ALaterRowWithAPhoneAlreadyInTheFileIsRejected) {
  LeadImport import = parsed("name,phone,phone2\n"
                             "Ann,555-010-0001,555-010-0001\n" // twice in one row: kept once
                             "Bad,12,555-010-0003\n"           // rejected: its phones do not count
                             "Bob,555-010-0003,+1 555 010 0001\n"
                             "Cid,555-010-0003,\n");
  ASSERT_EQ(import.leads.size(), 2u);
  EXPECT_EQ(import.leads[0].lead.phones, (Phones{"+15550100001"}));
  EXPECT_EQ(import.leads[1].lead.name, "Cid");
  EXPECT_EQ(import.leads[1].line, 5);
  ASSERT_EQ(import.rejected.size(), 2u);
  EXPECT_EQ(import.rejected[1].line, 4);
  EXPECT_EQ(import.rejected[1].reason, "phone +15550100001: already on line 2");
}

TEST(LeadCsvTest, QuotedFieldsSpanLinesAndRowsKeepTheirStartLine) {
  LeadImport import =
      parsed("\xEF\xBB\xBFname,notes\r\n\"Lee, Ann\",\"two\r\nlines\"\r\n\r\n,,\r\nBob,\r\n");
  ASSERT_EQ(import.leads.size(), 2u);
  EXPECT_EQ(import.leads[0].lead.name, "Lee, Ann");
  EXPECT_EQ(import.leads[0].lead.attributes["notes"], "two\r\nlines");
  EXPECT_EQ(import.leads[1].line, 6);
  EXPECT_TRUE(import.rejected.empty()); // a row of empty fields is skipped, not rejected
}

TEST(LeadCsvTest, LongValuesAreCutInReasons) {
  std::string email(100, 'x');
  LeadImport import = parsed("name,email\nAnn," + email + "\n");
  ASSERT_EQ(import.rejected.size(), 1u);
  EXPECT_EQ(import.rejected[0].reason,
            "email: '" + std::string(80, 'x') + "...' is not an email address");
}

TEST(LeadCsvTest, FileLevelProblemsFailTheWholeFile) {
  EXPECT_EQ(errorOf(""), "the file is empty: its first row must name the columns");
  EXPECT_EQ(errorOf("\n\n"), "the file is empty: its first row must name the columns");
  EXPECT_EQ(errorOf("company,email\nAcme,a@b.co\n"),
            "line 1: the header has neither a 'name' nor a 'phone' column");
  EXPECT_EQ(errorOf("name,Name\n"), "line 1: column 'Name' appears twice");
  EXPECT_EQ(errorOf("name,owner,owner email\n"), "line 1: column 'owner email' appears twice");
  EXPECT_EQ(errorOf("name,region,Region\n"), "line 1: column 'Region' appears twice");
  EXPECT_EQ(errorOf("name\nAnn\nB\xE9\x62\n"), "line 3: the file is not UTF-8 text");
  EXPECT_EQ(errorOf("name\r\nAnn\rBob\r\nB\xE9\x62\n"), "line 4: the file is not UTF-8 text");
  EXPECT_EQ(errorOf("name\nAnn\n\"Bob\n"), "line 3: a quoted field is not closed");
  EXPECT_EQ(errorOf("name\n\"Ann\"x\n"), "line 2: text after the closing quote of a field");
  auto unknownCountry = parseLeadCsv("name\nAnn\n", "XX");
  ASSERT_FALSE(unknownCountry.ok());
  EXPECT_EQ(unknownCountry.error().field, "default_country");
}

TEST(LeadCsvTest, AtMostOneHundredThousandRows) {
  std::string text = "name\n";
  for (int i = 0; i < kMaxLeadImportRows; ++i)
    text += "n\n";
  EXPECT_EQ(parsed(text).leads.size(), static_cast<std::size_t>(kMaxLeadImportRows));
  text += "one too many\n";
  EXPECT_EQ(errorOf(text), "more than 100000 rows");
}

TEST(LeadCsvTest, EmailShapes) {
  EXPECT_TRUE(looksLikeEmail("ann@example.com"));
  EXPECT_TRUE(looksLikeEmail("ann.lee+crm@mail.example.co.uk"));
  EXPECT_FALSE(looksLikeEmail("ann@localhost"));
  EXPECT_FALSE(looksLikeEmail("@example.com"));
  EXPECT_FALSE(looksLikeEmail("ann@@example.com"));
  EXPECT_FALSE(looksLikeEmail("ann@exa mple.com"));
  EXPECT_FALSE(looksLikeEmail("ann@.example.com"));
  EXPECT_FALSE(looksLikeEmail("ann@example..com"));
  EXPECT_FALSE(looksLikeEmail("Ann <ann@example.com>"));
}

} // namespace
} // namespace sb::api::auth

#include "api/auth/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::api::auth {
namespace {

using Fields = std::vector<std::string>;

// Every record of `text`, or the error message.
std::vector<CsvRecord> readAll(std::string_view text, std::string* error = nullptr) {
  CsvReader reader(text);
  std::vector<CsvRecord> records;
  for (;;) {
    auto next = reader.next();
    if (!next) {
      if (error != nullptr) *error = next.error().message;
      EXPECT_EQ(next.error().code, 400);
      return records;
    }
    if (!*next) return records;
    records.push_back(std::move(**next));
  }
}

TEST(CsvTest, PlainQuotedAndDoubledQuotes) {
  auto records = readAll("a,b,c\n1,\"two, too\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (Fields{"1", "two, too", "say \"hi\""}));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvTest, LineEndingsAndQuotedLineBreaksCountLines) {
  auto records = readAll("h1,h2\r\n\"multi\r\nline\",x\r\nlast,row\rold,mac");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields, (Fields{"multi\r\nline", "x"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"last", "row"}));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[3].fields, (Fields{"old", "mac"}));
  EXPECT_EQ(records[3].line, 5);
}

TEST(CsvTest, ByteOrderMarkAndBlankLinesAreSkipped) {
  auto records = readAll("\xEF\xBB\xBFname\n\n\r\nann\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"name"}));
  EXPECT_EQ(records[1].fields, (Fields{"ann"}));
  EXPECT_EQ(records[1].line, 4);
}

TEST(CsvTest, EmptyFieldsAreKept) {
  auto records = readAll(",\n\"\"\na,,\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"", ""}));
  EXPECT_EQ(records[1].fields, (Fields{""})); // quoted: a record, not a blank line
  EXPECT_EQ(records[2].fields, (Fields{"a", "", ""}));
}

TEST(CsvTest, SpacesAroundQuotedFieldsAndStrayQuotesInPlainOnes) {
  auto records = readAll("  \"a\" , b ,5\" screen\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"a", " b ", "5\" screen"}));
}

TEST(CsvTest, UnterminatedQuoteIsAnErrorAtItsStart) {
  std::string error;
  auto records = readAll("a\nb\n\"open\nstill open", &error);
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(error, "line 3: a quoted field is not closed");
}

TEST(CsvTest, TextAfterAClosingQuoteIsAnError) {
  std::string error;
  readAll("\"a\"b,c\n", &error);
  EXPECT_EQ(error, "line 1: text after the closing quote of a field");
}

TEST(CsvTest, EmptyTextHasNoRecords) {
  EXPECT_TRUE(readAll("").empty());
  EXPECT_TRUE(readAll("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(readAll("\n\n").empty());
}

} // namespace
} // namespace sb::api::auth

// Cleaning caller-supplied text before it is spoken, and numbers read digit by digit.
#include "prompts/speech_text.hpp"

#include <gtest/gtest.h>

namespace sb::prompts {
namespace {

TEST(CleanSpeechTextTest, DropsControlCharactersAndSquashesWhiteSpace) {
  EXPECT_EQ(cleanSpeechText("  Ada\t\tLovelace \r\n"), "Ada Lovelace");
  EXPECT_EQ(cleanSpeechText(std::string("Ada\0\x07\x1b[31m Love\x7f"
                                        "lace",
                                        20)),
            "Ada[31m Lovelace");
  EXPECT_EQ(cleanSpeechText("a\xC2\x85"
                            "b"),
            "ab"); // C1 control NEL
  EXPECT_EQ(cleanSpeechText("\x01\x02"), "");
}

TEST(CleanSpeechTextTest, KeepsUtf8AndDropsBrokenBytes) {
  EXPECT_EQ(cleanSpeechText("Zoë Ångström"), "Zoë Ångström");
  EXPECT_EQ(cleanSpeechText("Jos\xC3 \xFF\xFEM\xE9ller"), "Jos Mller");
  EXPECT_EQ(cleanSpeechText("\xC0\xAF"
                            "x"),
            "x"); // overlong '/'
  EXPECT_EQ(cleanSpeechText("\xED\xA0\x80"
                            "y"),
            "y"); // a surrogate
}

TEST(CleanSpeechTextTest, CutsLongTextAtAWordBoundary) {
  std::string longName;
  for (int i = 0; i < 60; ++i)
    longName += "word ";
  const std::string clean = cleanSpeechText(longName);
  EXPECT_LE(clean.size(), kMaxSpeechBytes);
  EXPECT_GE(clean.size(), kMaxSpeechBytes - 5);
  EXPECT_EQ(clean.substr(clean.size() - 4), "word");
}

TEST(CleanSpeechTextTest, NeverCutsACharacterInTwo) {
  std::string text;
  for (int i = 0; i < 150; ++i)
    text += "ü"; // two bytes each, no spaces
  const std::string clean = cleanSpeechText(text, 51);
  EXPECT_EQ(clean.size(), 50u);
  EXPECT_EQ(cleanSpeechText(clean, 200), clean);
}

TEST(SpokenPhoneNumberTest, ReadsGroupsAsWritten) {
  EXPECT_EQ(spokenPhoneNumber("+1 555 0100"), "1, 5 5 5, 0 1 0 0");
  EXPECT_EQ(spokenPhoneNumber("(555) 123-4567"), "5 5 5, 1 2 3, 4 5 6 7");
  EXPECT_EQ(spokenPhoneNumber("0171"), "0 1 7 1");
}

TEST(SpokenPhoneNumberTest, GroupsARunOfDigitsFromTheEnd) {
  EXPECT_EQ(spokenPhoneNumber("+15550100"), "1, 5 5 5, 0 1 0 0");
  EXPECT_EQ(spokenPhoneNumber("+15551234567"), "1, 5 5 5, 1 2 3, 4 5 6 7");
  EXPECT_EQ(spokenPhoneNumber("12345"), "1, 2 3 4 5");
}

TEST(SpokenPhoneNumberTest, SaysNothingWithoutDigits) {
  EXPECT_EQ(spokenPhoneNumber("anonymous"), "");
  EXPECT_EQ(spokenPhoneNumber(""), "");
}

} // namespace
} // namespace sb::prompts

// Keyset cursors: what one list writes it reads back; anything else is refused.
#include "store/cursor.hpp"

#include <gtest/gtest.h>

namespace sb::store {
namespace {

TEST(KeysetCursor, ReadsBackWhatItWroteForTheSameTag) {
  const std::string cursor = writeCursor("l1", KeysetPosition{-42, "01H|odd id"});
  EXPECT_EQ(cursor.find_first_not_of("0123456789abcdef"), std::string::npos) << cursor;
  auto read = readCursor(cursor, "l1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->key, -42);
  EXPECT_EQ(read->id, "01H|odd id");
}

TEST(KeysetCursor, RefusesAnotherTagAndAnythingMalformed) {
  const std::string cursor = writeCursor("l1", KeysetPosition{7, "id"});
  EXPECT_FALSE(readCursor(cursor, "c1|n"));
  EXPECT_FALSE(readCursor(cursor.substr(1), "l1"));           // odd length
  EXPECT_FALSE(readCursor("zz" + cursor, "l1"));              // not hex
  EXPECT_FALSE(readCursor(writeCursor("l1", {7, ""}), "l1")); // no id
  EXPECT_FALSE(readCursor("6c317c787c6964", "l1"));           // "l1|x|id": no number
  EXPECT_FALSE(readCursor(std::string(300, 'a'), "l1"));      // too long to be ours
}

} // namespace
} // namespace sb::store

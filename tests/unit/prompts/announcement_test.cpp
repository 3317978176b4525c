// Joining prompt pieces into one buffer, and trimming the synthesizer's silences.
#include "prompts/announcement.hpp"

#include <gtest/gtest.h>

namespace sb::prompts {
namespace {

using namespace std::chrono_literals;

SharedPcm piece(std::size_t samples, std::int16_t value) {
  return std::make_shared<const Pcm>(samples, value);
}

TEST(AnnouncementTest, JoinsPiecesAndPauses) {
  const SharedPcm joined =
      Announcement().say(piece(100, 7)).say(piece(50, 8)).pause(300ms).say(piece(10, 9)).pcm();
  ASSERT_NE(joined, nullptr);
  ASSERT_EQ(joined->size(), 100u + 50 + 2400 + 10);
  EXPECT_EQ((*joined)[99], 7);
  EXPECT_EQ((*joined)[100], 8);
  EXPECT_EQ((*joined)[150], 0);
  EXPECT_EQ((*joined)[2549], 0);
  EXPECT_EQ((*joined)[2550], 9);
}

TEST(AnnouncementTest, SkipsMissingPieces) {
  const SharedPcm joined = joinWithPauses({piece(10, 1), nullptr, piece(10, 2)}, 100ms);
  ASSERT_NE(joined, nullptr);
  EXPECT_EQ(joined->size(), 10u + 800 + 10);
  EXPECT_EQ(joinWithPauses({nullptr, nullptr}), nullptr);
  EXPECT_EQ(joinWithPauses({piece(5, 3)})->size(), 5u);
}

TEST(TrimSilenceTest, KeepsAMarginAroundTheSound) {
  Pcm pcm(1000, 0);
  Pcm loud(200, 3000);
  pcm.insert(pcm.end(), loud.begin(), loud.end());
  pcm.insert(pcm.end(), 2000, std::int16_t{5});
  trimSilence(pcm, 200, 10ms); // 80 samples each side
  ASSERT_EQ(pcm.size(), 80u + 200 + 80);
  EXPECT_EQ(pcm[79], 0);
  EXPECT_EQ(pcm[80], 3000);
  EXPECT_EQ(pcm[279], 3000);
  EXPECT_EQ(pcm[280], 5);
}

TEST(TrimSilenceTest, LeavesQuietOrShortEdgesAlone) {
  Pcm quiet(500, 3);
  trimSilence(quiet);
  EXPECT_EQ(quiet.size(), 500u);
  Pcm tight = {0, 1000, 0};
  trimSilence(tight, 200, 40ms);
  EXPECT_EQ(tight.size(), 3u);
}

} // namespace
} // namespace sb::prompts

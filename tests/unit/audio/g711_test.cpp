// G.711 bit-exactness: known values from the standard's tables, every code and every
// sample against spandsp's coder, and the μ-law/A-law conversion tables.
#include "audio/g711.hpp"

#include <gtest/gtest.h>
#include <spandsp.h>

#include <array>
#include <cstdlib>
#include <vector>

namespace sb::audio {
namespace {

TEST(G711Test, KnownDecodedValues) {
  EXPECT_EQ(ulawToLinear(0xFF), 0);
  EXPECT_EQ(ulawToLinear(0x7F), 0); // negative zero
  EXPECT_EQ(ulawToLinear(0xFE), 8);
  EXPECT_EQ(ulawToLinear(0x7E), -8);
  EXPECT_EQ(ulawToLinear(0x80), 32124);
  EXPECT_EQ(ulawToLinear(0x00), -32124);
  EXPECT_EQ(ulawToLinear(0xEF), 132 * 2 - 132); // segment 1, step 0: 132
  EXPECT_EQ(alawToLinear(0xD5), 8);
  EXPECT_EQ(alawToLinear(0x55), -8);
  EXPECT_EQ(alawToLinear(0xAA), 32256);
  EXPECT_EQ(alawToLinear(0x2A), -32256);
  EXPECT_EQ(alawToLinear(0x80), 5504);
}

TEST(G711Test, KnownEncodedValues) {
  EXPECT_EQ(linearToUlaw(0), kUlawSilence);
  EXPECT_EQ(linearToUlaw(-1), 0x7F);
  EXPECT_EQ(linearToUlaw(-4), 0x7F); // the ITU coder takes negatives as one's complement
  EXPECT_EQ(linearToUlaw(-5), 0x7E);
  EXPECT_EQ(linearToUlaw(32767), 0x80);
  EXPECT_EQ(linearToUlaw(-32768), 0x00);
  EXPECT_EQ(linearToAlaw(0), kAlawSilence);
  EXPECT_EQ(linearToAlaw(-1), 0x55);
  EXPECT_EQ(linearToAlaw(32767), 0xAA);
  EXPECT_EQ(linearToAlaw(-32768), 0x2A);
}

TEST(G711Test, EveryCodeSurvivesDecodeAndEncode) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(linearToAlaw(alawToLinear(c)), c) << code;
    // μ-law's negative zero decodes to 0, which encodes as positive zero, in the ITU
    // reference as here; every other code comes back unchanged.
    EXPECT_EQ(linearToUlaw(ulawToLinear(c)), c == 0x7F ? 0xFF : c) << code;
  }
}

TEST(G711Test, DecodingMatchesSpandspForEveryCode) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(ulawToLinear(c), ulaw_to_linear(c)) << code;
    EXPECT_EQ(alawToLinear(c), alaw_to_linear(c)) << code;
  }
}

TEST(G711Test, EncodingMatchesTheReferenceForEverySample) {
  int ulawDifferences = 0;
  for (int s = -32768; s <= 32767; ++s) {
    const auto sample = static_cast<std::int16_t>(s);
    ASSERT_EQ(linearToAlaw(sample), linear_to_alaw(s)) << s;
    // spandsp's μ-law encoder takes the magnitude of a negative sample as -x where the
    // ITU reference (G.191) takes ~x = -x-1; shifting the input by one makes them agree.
    const std::uint8_t reference = s >= 0    ? linear_to_ulaw(s)
                                   : s == -1 ? 0x7F
                                             : linear_to_ulaw(s + 1);
    ASSERT_EQ(linearToUlaw(sample), reference) << s;
    if (linear_to_ulaw(s) != reference) ++ulawDifferences;
  }
  EXPECT_GT(ulawDifferences, 0); // the two conventions do differ, at segment boundaries
}

TEST(G711Test, ConversionKeepsSignAndPicksTheNearestValue) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(ulawToAlaw(c) & 0x80, c & 0x80) << code;
    EXPECT_EQ(alawToUlaw(c) & 0x80, c & 0x80) << code;
    // Positive codes convert as decoding and re-encoding would; negative ones mirror them
    // (re-encoding a negative value would take its one's complement and could round a
    // value halfway between two codes the other way).
    if ((c & 0x80) != 0) {
      EXPECT_EQ(ulawToAlaw(c), linearToAlaw(ulawToLinear(c))) << code;
    } else {
      EXPECT_EQ(ulawToAlaw(c), ulawToAlaw(c | 0x80) ^ 0x80) << code;
    }
    EXPECT_EQ(alawToUlaw(c), linearToUlaw(alawToLinear(c))) << code;
    // Converting loses at most half a step of the coarser law.
    const int direct = std::abs(alawToLinear(ulawToAlaw(c)) - ulawToLinear(c));
    EXPECT_LE(direct, 512) << code;
  }
  EXPECT_EQ(ulawToAlaw(0x7F), 0x55); // negative zero stays negative
  EXPECT_EQ(ulawToAlaw(kUlawSilence), kAlawSilence);
  EXPECT_EQ(alawToUlaw(kAlawSilence), 0xFE); // +8 exists in μ-law
}

TEST(G711Test, BufferFormsMatchSampleForms) {
  std::vector<std::int16_t> pcm;
  for (int s = -32768; s <= 32767; s += 97)
    pcm.push_back(static_cast<std::int16_t>(s));
  std::vector<std::uint8_t> ulaw(pcm.size());
  std::vector<std::uint8_t> alaw(pcm.size());
  encodeUlaw(pcm, ulaw);
  encodeAlaw(pcm, alaw);
  std::vector<std::int16_t> back(pcm.size());
  std::vector<std::uint8_t> converted(pcm.size());
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    ASSERT_EQ(ulaw[i], linearToUlaw(pcm[i]));
    ASSERT_EQ(alaw[i], linearToAlaw(pcm[i]));
  }
  decodeUlaw(ulaw, back);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    ASSERT_EQ(back[i], ulawToLinear(ulaw[i]));
  decodeAlaw(alaw, back);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    ASSERT_EQ(back[i], alawToLinear(alaw[i]));
  transcodeUlawToAlaw(ulaw, converted);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    ASSERT_EQ(converted[i], ulawToAlaw(ulaw[i]));
  transcodeAlawToUlaw(alaw, converted);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    ASSERT_EQ(converted[i], alawToUlaw(alaw[i]));
}

} // namespace
} // namespace sb::audio

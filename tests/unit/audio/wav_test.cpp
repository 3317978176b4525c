// Recordings as WAV written as they go, and repaired after a crash.
#include "audio/wav_file.hpp"
#include "audio/wav_writer.hpp"

#include "unit/audio/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

namespace sb::audio {
namespace {

using test::TempDir;

std::vector<std::uint8_t> readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t le32At(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24);
}

// Interleaved stereo frames whose left sample is the frame number and right its negative.
std::vector<std::int16_t> frames(int first, int count) {
  std::vector<std::int16_t> out;
  for (int i = first; i < first + count; ++i) {
    out.push_back(static_cast<std::int16_t>(i));
    out.push_back(static_cast<std::int16_t>(-i));
  }
  return out;
}

void appendBytes(const std::filesystem::path& path, std::size_t count) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  for (std::size_t i = 0; i < count; ++i)
    out.put(static_cast<char>(i));
}

TEST(WavWriterTest, WritesACanonicalStereoFile) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  auto writer = WavWriter::create(path);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  (*writer)->write(frames(0, 8000));
  EXPECT_EQ((*writer)->frames(), 8000u);
  auto closed = (*writer)->close();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(*closed, 8000u * 4);

  const auto bytes = readBytes(path);
  ASSERT_EQ(bytes.size(), 44u + 32000);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "RIFF");
  EXPECT_EQ(le32At(bytes, 4), 36u + 32000);
  EXPECT_EQ(std::string(bytes.begin() + 8, bytes.begin() + 16), "WAVEfmt ");
  EXPECT_EQ(le32At(bytes, 24), 8000u);  // sample rate
  EXPECT_EQ(le32At(bytes, 28), 32000u); // byte rate
  EXPECT_EQ(bytes[22], 2);              // channels
  EXPECT_EQ(bytes[34], 16);             // bits
  EXPECT_EQ(le32At(bytes, 40), 32000u);
  // Frame 300: left 300 (0x012C), right -300 (0xFED4), little-endian.
  EXPECT_EQ(bytes[44 + 300 * 4], 0x2C);
  EXPECT_EQ(bytes[44 + 300 * 4 + 1], 0x01);
  EXPECT_EQ(bytes[44 + 300 * 4 + 2], 0xD4);
  EXPECT_EQ(bytes[44 + 300 * 4 + 3], 0xFE);

  auto info = readWavInfo(path);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->channels, 2);
  EXPECT_EQ(info->sampleRate, 8000u);
  EXPECT_EQ(info->dataOffset, 44u);
  EXPECT_EQ(info->declaredDataBytes, 32000u);
}

TEST(WavWriterTest, EveryFlushLeavesAPlayableFile) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  auto writer = WavWriter::create(path);
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(readBytes(path).size(), 44u); // the header is there from the start
  for (int second = 1; second <= 3; ++second) {
    (*writer)->write(frames(0, 8000));
    ASSERT_TRUE((*writer)->flush().ok());
    const auto bytes = readBytes(path);
    EXPECT_EQ(bytes.size(), 44u + 32000u * second);
    EXPECT_EQ(le32At(bytes, 40), 32000u * second);
    EXPECT_EQ(le32At(bytes, 4), 36u + 32000u * second);
  }
  // Buffered but not flushed: not in the file yet, and the header still says 3 s.
  (*writer)->write(frames(0, 100));
  EXPECT_EQ(readBytes(path).size(), 44u + 96000);
}

TEST(WavWriterTest, MonoForVoicemail) {
  TempDir dir;
  auto writer = WavWriter::create(dir.path() / "vm.wav", WavFormat{1, 8000});
  ASSERT_TRUE(writer.ok());
  const std::vector<std::int16_t> samples(800, 7);
  (*writer)->write(samples);
  ASSERT_TRUE((*writer)->close().ok());
  auto info = readWavInfo(dir.path() / "vm.wav");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->channels, 1);
  EXPECT_EQ(info->blockAlign(), 2u);
  EXPECT_EQ(info->declaredDataBytes, 1600u);
}

TEST(WavWriterTest, CreateFailsInAMissingDirectory) {
  TempDir dir;
  auto writer = WavWriter::create(dir.path() / "no" / "such" / "call.wav");
  EXPECT_FALSE(writer.ok());
}

TEST(WavRepairTest, FinishedFileIsLeftAlone) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  {
    auto writer = WavWriter::create(path);
    ASSERT_TRUE(writer.ok());
    (*writer)->write(frames(0, 1000));
  } // the destructor flushes
  const auto before = readBytes(path);
  auto repair = repairWav(path);
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_FALSE(repair->changed);
  EXPECT_EQ(repair->dataBytes, 4000u);
  EXPECT_EQ(readBytes(path), before);
}

// A crash after samples reached the file but before the header said so: the data runs
// past the declared size, the last frame only half written.
TEST(WavRepairTest, DataBeyondTheLastFlushIsKeptAndAPartialFrameCut) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  auto writer = WavWriter::create(path);
  ASSERT_TRUE(writer.ok());
  (*writer)->write(frames(0, 8000));
  ASSERT_TRUE((*writer)->flush().ok());
  appendBytes(path, 4 * 500 + 3); // 500 frames and three bytes of the next
  auto repair = repairWav(path);
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_TRUE(repair->changed);
  EXPECT_EQ(repair->dataBytes, 4u * 8500);
  const auto bytes = readBytes(path);
  EXPECT_EQ(bytes.size(), 44u + 4 * 8500);
  EXPECT_EQ(le32At(bytes, 40), 4u * 8500);
  EXPECT_EQ(le32At(bytes, 4), 36u + 4 * 8500);
  EXPECT_FALSE(repairWav(path)->changed); // repaired once is repaired
}

TEST(WavRepairTest, TruncatedFileGetsTheSizesOfWhatIsLeft) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  {
    auto writer = WavWriter::create(path);
    ASSERT_TRUE(writer.ok());
    (*writer)->write(frames(0, 8000));
  }
  std::filesystem::resize_file(path, 44 + 4 * 1234 + 1);
  auto repair = repairWav(path);
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_TRUE(repair->changed);
  EXPECT_EQ(repair->dataBytes, 4u * 1234);
  EXPECT_EQ(std::filesystem::file_size(path), 44u + 4 * 1234);
  auto info = readWavInfo(path);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->declaredDataBytes, 4u * 1234);
  EXPECT_EQ(info->declaredRiffBytes, 36u + 4 * 1234);
}

TEST(WavRepairTest, HeaderOnlyFileFromACrashAtTheStart) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(wavHeader(2, 8000, 0).data()), 44);
  }
  appendBytes(path, 4 * 10);
  auto repair = repairWav(path);
  ASSERT_TRUE(repair.ok());
  EXPECT_EQ(repair->dataBytes, 40u);
}

TEST(WavRepairTest, FindsDataAfterOtherChunks) {
  TempDir dir;
  const auto path = dir.path() / "call.wav";
  auto header = wavHeader(1, 8000, 0);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(header.data()), 36); // RIFF and fmt
    out.write("LIST\x05\x00\x00\x00"
              "abcde\x00",
              14); // odd size, padded
    out.write("data\x00\x00\x00\x00", 8);
    out.write("\x01\x00\x02\x00", 4);
  }
  auto repair = repairWav(path);
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_EQ(repair->dataBytes, 4u);
  auto info = readWavInfo(path);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->dataOffset, 36u + 14 + 8);
  EXPECT_EQ(info->declaredRiffBytes, 36u + 14 + 8 + 4 - 8);
}

TEST(WavRepairTest, RejectsWhatIsNotAWavFile) {
  TempDir dir;
  const auto text = dir.path() / "notes.txt";
  std::ofstream(text) << "this is not audio, but it is long enough to have a header";
  EXPECT_FALSE(repairWav(text).ok());
  const auto tiny = dir.path() / "tiny.wav";
  std::ofstream(tiny) << "RIFF";
  EXPECT_FALSE(repairWav(tiny).ok());
  EXPECT_FALSE(repairWav(dir.path() / "missing.wav").ok());
  const auto noData = dir.path() / "nodata.wav";
  auto header = wavHeader(2, 8000, 0);
  std::ofstream(noData, std::ios::binary).write(reinterpret_cast<const char*>(header.data()), 36);
  EXPECT_FALSE(repairWav(noData).ok());
}

} // namespace
} // namespace sb::audio

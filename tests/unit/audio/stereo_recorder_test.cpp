// The jitter-free stereo recorder: caller left, agent right, placed by time.
#include "audio/stereo_recorder.hpp"
#include "audio/wav_file.hpp"
#include "audio/wav_writer.hpp"

#include "unit/audio/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sb::audio {
namespace {

using common::Duration;
using common::TimePoint;
using Side = StereoRecorder::Side;

constexpr std::size_t kFrame = 160; // 20 ms

class Collect : public StereoRecorder::Listener {
public:
  void onStereoFrames(std::span<const std::int16_t> interleaved) override {
    samples.insert(samples.end(), interleaved.begin(), interleaved.end());
  }
  std::int16_t left(std::size_t frame) const { return samples[frame * 2]; }
  std::int16_t right(std::size_t frame) const { return samples[frame * 2 + 1]; }
  std::size_t frames() const { return samples.size() / 2; }
  std::vector<std::int16_t> samples;
};

TimePoint at(std::int64_t ms) {
  return TimePoint{} + Duration{ms};
}

// Packet k of a side: 20 ms of the value `value(k)`, sent at k * 20 ms + `startMs`.
struct Packet {
  Side side;
  std::uint32_t ssrc;
  std::uint32_t timestamp;
  std::int16_t value;
  std::int64_t arrivalMs;
};

std::vector<Packet> stream(Side side, std::uint32_t ssrc, std::uint32_t firstTimestamp,
                           std::int64_t startMs, int count, int valueBase) {
  std::vector<Packet> packets;
  for (int k = 0; k < count; ++k) {
    packets.push_back(Packet{side, ssrc, firstTimestamp + static_cast<std::uint32_t>(k * kFrame),
                             static_cast<std::int16_t>(valueBase + k),
                             startMs + (k + 1) * 20}); // sent once its 20 ms are spoken
  }
  return packets;
}

Collect record(const std::vector<Packet>& packets, std::int64_t endMs) {
  Collect out;
  StereoRecorder recorder(out, at(0));
  for (const Packet& p : packets) {
    const std::vector<std::int16_t> pcm(kFrame, p.value);
    recorder.advance(at(p.arrivalMs));
    recorder.add(p.side, p.ssrc, p.timestamp, pcm, at(p.arrivalMs));
  }
  recorder.finish(at(endMs));
  return out;
}

std::vector<Packet> merged(std::vector<Packet> a, const std::vector<Packet>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::stable_sort(a.begin(), a.end(),
                   [](const Packet& x, const Packet& y) { return x.arrivalMs < y.arrivalMs; });
  return a;
}

TEST(StereoRecorderTest, SilenceWhereTheAgentSentNothingYet) {
  // The caller talks for 2 s; the agent's audio starts 1 s in.
  const auto packets = merged(stream(Side::Caller, 1, 90'000, 0, 100, 1),
                              stream(Side::Agent, 2, 5, 1000, 50, -1000));
  const Collect out = record(packets, 2000);
  ASSERT_EQ(out.frames(), 16000u);
  for (std::size_t f = 0; f < out.frames(); ++f) {
    ASSERT_EQ(out.left(f), static_cast<std::int16_t>(1 + f / kFrame)) << f;
    const std::int16_t agent =
        f < 8000 ? 0 : static_cast<std::int16_t>(-1000 + (f - 8000) / kFrame);
    ASSERT_EQ(out.right(f), agent) << f;
  }
}

TEST(StereoRecorderTest, JitterAndReorderingChangeNothing) {
  const auto inOrder =
      merged(stream(Side::Caller, 1, 0, 0, 100, 1), stream(Side::Agent, 2, 777, 0, 100, -100));
  auto jittered = inOrder;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> delay(0, 60); // up to 60 ms late, so order changes
  for (std::size_t i = 0; i < jittered.size(); ++i) {
    if (i > 1) jittered[i].arrivalMs += delay(random); // each side's first packet on time
  }
  std::stable_sort(jittered.begin(), jittered.end(),
                   [](const Packet& x, const Packet& y) { return x.arrivalMs < y.arrivalMs; });
  EXPECT_EQ(record(jittered, 2000).samples, record(inOrder, 2000).samples);
}

TEST(StereoRecorderTest, LostPacketsAreSilence) {
  auto caller = stream(Side::Caller, 1, 0, 0, 50, 1);
  caller.erase(caller.begin() + 10, caller.begin() + 15); // 100 ms lost
  const Collect out = record(caller, 1000);
  ASSERT_EQ(out.frames(), 8000u);
  EXPECT_EQ(out.left(9 * kFrame), 10);
  for (std::size_t f = 10 * kFrame; f < 15 * kFrame; ++f)
    ASSERT_EQ(out.left(f), 0) << f;
  EXPECT_EQ(out.left(15 * kFrame), 16);
  for (std::size_t f = 0; f < out.frames(); ++f)
    ASSERT_EQ(out.right(f), 0);
}

TEST(StereoRecorderTest, PacketLaterThanTheWindowIsDropped) {
  auto caller = stream(Side::Caller, 1, 0, 0, 50, 1);
  caller[20].arrivalMs += 500; // long after its place was handed on
  std::stable_sort(caller.begin(), caller.end(),
                   [](const Packet& x, const Packet& y) { return x.arrivalMs < y.arrivalMs; });
  const Collect out = record(caller, 1000);
  for (std::size_t f = 20 * kFrame; f < 21 * kFrame; ++f)
    ASSERT_EQ(out.left(f), 0) << f;
  EXPECT_EQ(out.left(21 * kFrame), 22);
}

TEST(StereoRecorderTest, NewSsrcIsPlacedByItsArrival) {
  // The agent's phone restarts its stream at 1 s with unrelated timestamps.
  const auto packets = merged(stream(Side::Agent, 1, 0, 0, 50, 1),
                              stream(Side::Agent, 9, 3'000'000'000u, 1000, 50, 500));
  const Collect out = record(packets, 2000);
  EXPECT_EQ(out.right(8000 - 1), 50);
  EXPECT_EQ(out.right(8000), 500);
  EXPECT_EQ(out.right(16000 - 1), 549);
}

TEST(StereoRecorderTest, TimestampJumpWithinAnSsrcIsAnchoredAgain) {
  auto agent = stream(Side::Agent, 1, 0, 0, 50, 1);
  auto jumped = stream(Side::Agent, 1, 10'000'000, 1000, 50, 500);
  const Collect out = record(merged(agent, jumped), 2000);
  EXPECT_EQ(out.right(8000), 500);
}

TEST(StereoRecorderTest, AdvanceHandsOnOnlyWhatIsOlderThanTheWindow) {
  Collect out;
  StereoRecorder recorder(out, at(0));
  recorder.advance(at(1000));
  EXPECT_EQ(out.frames(), 8000u - 1600); // 200 ms window held back
  EXPECT_EQ(recorder.framesWritten(), 6400);
}

TEST(StereoRecorderTest, RecordsIntoAWavFile) {
  test::TempDir dir;
  const auto path = dir.path() / "call.wav";
  auto wav = WavWriter::create(path);
  ASSERT_TRUE(wav.ok());
  struct ToWav : StereoRecorder::Listener {
    explicit ToWav(WavWriter& w) : writer(w) {}
    void onStereoFrames(std::span<const std::int16_t> interleaved) override {
      writer.write(interleaved);
    }
    WavWriter& writer;
  } sink(**wav);
  StereoRecorder recorder(sink, at(0));
  for (const Packet& p : stream(Side::Caller, 1, 0, 0, 150, 1)) {
    const std::vector<std::int16_t> pcm(kFrame, p.value);
    recorder.add(p.side, p.ssrc, p.timestamp, pcm, at(p.arrivalMs));
    recorder.advance(at(p.arrivalMs));
    if (p.arrivalMs % 1000 == 0) { // once a second
      ASSERT_TRUE((*wav)->flush().ok());
    }
  }
  recorder.finish(at(3000));
  ASSERT_TRUE((*wav)->close().ok());
  auto info = readWavInfo(path);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->declaredDataBytes, 3u * 8000 * 4);
}

} // namespace
} // namespace sb::audio

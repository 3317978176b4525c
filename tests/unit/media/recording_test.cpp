// Recording: a bridged call as a stereo WAV (caller left, agent right), valid on disk while
// the call goes on and after it ends; a leg's peer as a mono WAV that ends on '#' or at the
// maximum length with the length it reached.
#include "audio/wav_file.hpp"
#include "dtmf_signal.hpp"
#include "peer.hpp"
#include "rtp/telephone_event.hpp"
#include "unit/audio/signal.hpp"
#include "unit/audio/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace sb::media::test {
namespace {

using audio::test::TempDir;
using audio::test::toneAmplitude;

std::vector<std::int16_t> wavSamples(const std::filesystem::path& path, std::uint64_t offset) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::int16_t> samples;
  for (std::size_t at = offset; at + 1 < bytes.size(); at += 2) {
    samples.push_back(static_cast<std::int16_t>(static_cast<std::uint8_t>(bytes[at]) |
                                                (static_cast<std::uint8_t>(bytes[at + 1]) << 8)));
  }
  return samples;
}

// Reads what `peer` receives until a packet carries `payload`; false when nothing more
// arrives within the receive bound first.
bool receivesPayload(Peer& peer, std::span<const std::uint8_t> payload) {
  while (auto packet = peer.receive()) {
    if (std::equal(packet->payload.begin(), packet->payload.end(), payload.begin(),
                   payload.end()))
      return true;
  }
  return false;
}

void sendTone(Peer& peer, std::uint16_t port, double frequency, std::size_t packets,
              std::uint32_t ssrc) {
  const auto codes = ulaw(sine(frequency, 160 * packets));
  for (std::size_t i = 0; i < packets; ++i) {
    peer.sendRtp(port, 0, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(160 * i), ssrc,
                 std::span(codes).subspan(160 * i, 160));
  }
}

TEST(CallRecording, CallerLeftAgentRightValidWhileRecordingAndAfter) {
  TempDir dir;
  const auto wav = dir.path() / "call.wav";
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer callerPeer;
  Peer agentPeer;
  auto caller = engine.openLeg("rec");
  auto agent = engine.openLeg("rec");
  ASSERT_TRUE(caller && agent);
  engine.configure(caller->id, streamTo(callerPeer.port()));
  engine.configure(agent->id, streamTo(agentPeer.port()));
  engine.bridge(caller->id, agent->id);
  engine.recordCall(caller->id, agent->id, wav);
  sendTone(callerPeer, caller->rtpPort, 400, 30, 0xCA11);
  sendTone(agentPeer, agent->rtpPort, 1000, 30, 0xA6E7);

  // Flushed within about a second, while still recording.
  ASSERT_TRUE(pollUntil([&] {
    auto info = audio::readWavInfo(wav);
    return info && info->declaredDataBytes > 0;
  }));
  auto during = audio::readWavInfo(wav);
  ASSERT_TRUE(during);
  EXPECT_EQ(during->channels, 2);
  EXPECT_EQ(during->sampleRate, 8000u);
  EXPECT_EQ(during->declaredDataBytes + during->dataOffset, during->fileBytes);

  engine.unbridge(caller->id);
  engine.closeLeg(caller->id);
  engine.closeLeg(agent->id);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().legsOpen == 0; }));
  auto after = audio::readWavInfo(wav);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->declaredDataBytes + after->dataOffset, after->fileBytes);
  EXPECT_GE(after->declaredDataBytes, 4800u * 4);

  const auto samples = wavSamples(wav, after->dataOffset);
  std::vector<std::int16_t> left;
  std::vector<std::int16_t> right;
  for (std::size_t i = 0; i + 1 < samples.size(); i += 2) {
    left.push_back(samples[i]);
    right.push_back(samples[i + 1]);
  }
  // The tones lasted 600 ms from about the start; measure their middle.
  const auto leftMiddle = std::span(left).subspan(800, 3200);
  const auto rightMiddle = std::span(right).subspan(800, 3200);
  EXPECT_GT(toneAmplitude(leftMiddle, 400), 4000);
  EXPECT_LT(toneAmplitude(leftMiddle, 1000), 400);
  EXPECT_GT(toneAmplitude(rightMiddle, 1000), 4000);
  EXPECT_LT(toneAmplitude(rightMiddle, 400), 400);
}

// R-17, R-26: a transfer hands the caller to another agent leg; the recording goes on in
// the same file (not restarted, not cut short), the new agent on the right from then on.
TEST(CallRecording, AHandOverKeepsRecordingInTheSameFile) {
  TempDir dir;
  const auto wav = dir.path() / "call.wav";
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer callerPeer;
  Peer firstAgentPeer;
  Peer secondAgentPeer;
  auto caller = engine.openLeg("handover");
  auto first = engine.openLeg("handover");
  auto second = engine.openLeg("handover");
  ASSERT_TRUE(caller && first && second);
  engine.configure(caller->id, streamTo(callerPeer.port()));
  engine.configure(first->id, streamTo(firstAgentPeer.port()));
  engine.configure(second->id, streamTo(secondAgentPeer.port()));
  engine.bridge(caller->id, first->id);
  engine.recordCall(caller->id, first->id, wav);
  sendTone(callerPeer, caller->rtpPort, 400, 25, 0xCA11);
  sendTone(firstAgentPeer, first->rtpPort, 1000, 25, 0xA6E7);
  ASSERT_TRUE(pollUntil([&] {
    auto info = audio::readWavInfo(wav);
    return info && info->declaredDataBytes >= 4000u * 4;
  }));

  engine.handOver(caller->id, second->id);
  engine.closeLeg(first->id); // the first agent's leg goes; the recording must not
  // The caller now reaches the second agent, which also shows the hand-over has been made
  // (the second agent's audio sent before then would have been dropped, not recorded).
  sendTone(callerPeer, caller->rtpPort, 400, 10, 0xCA12);
  auto relayed = secondAgentPeer.receive();
  ASSERT_TRUE(relayed) << "the caller's audio reaches the new agent";
  EXPECT_EQ(relayed->payloadType, 0);
  // The second agent speaks. Its last packet reaching the caller means every packet before
  // it has been added to the recording too: only then may the legs close.
  sendTone(secondAgentPeer, second->rtpPort, 1600, 25, 0xB0B0);
  const auto secondTone = ulaw(sine(1600, 160 * 25));
  ASSERT_TRUE(receivesPayload(callerPeer, std::span(secondTone).last(160)))
      << "the second agent's audio reaches the caller";
  // A burst of 500 ms arrives at once and is placed ahead of now: the legs close once the
  // file has gone a second past it, so the recording has settled all of it.
  const auto sent = audio::readWavInfo(wav);
  ASSERT_TRUE(sent);
  ASSERT_TRUE(pollUntil([&] {
    auto info = audio::readWavInfo(wav);
    return info && info->declaredDataBytes >= sent->declaredDataBytes + 8000u * 4 * 3 / 2;
  })) << "the recording goes on past the second agent's audio";

  engine.closeLeg(caller->id);
  engine.closeLeg(second->id);
  ASSERT_TRUE(pollUntil([&] { return engine.stats().legsOpen == 0; }));
  auto after = audio::readWavInfo(wav);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->declaredDataBytes + after->dataOffset, after->fileBytes);
  const auto samples = wavSamples(wav, after->dataOffset);
  std::vector<std::int16_t> right;
  for (std::size_t i = 1; i < samples.size(); i += 2) right.push_back(samples[i]);
  ASSERT_GT(right.size(), 8000u) << "both agents' parts are in the one file";
  // The first agent's tone in the first part, the second agent's later, both on the right.
  EXPECT_GT(toneAmplitude(std::span(right).subspan(800, 2400), 1000), 4000);
  bool secondHeard = false;
  for (std::size_t at = 4000; at + 1600 <= right.size(); at += 400)
    secondHeard = secondHeard || toneAmplitude(std::span(right).subspan(at, 1600), 1600) > 4000;
  EXPECT_TRUE(secondHeard) << "the second agent is recorded on the right after the hand-over";
}

TEST(LegRecording, EndsOnPoundWithTheLengthRecorded) {
  TempDir dir;
  const auto wav = dir.path() / "vm.wav";
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("vm");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port(), "PCMU", 101));
  engine.recordLeg(leg->id, wav, 10'000ms, true);
  sendTone(peer, leg->rtpPort, 500, 25, 0x5150); // 500 ms
  const auto pound = rtp::writeTelephoneEvent({11, false, 10, 160});
  peer.sendRtp(leg->rtpPort, 101, 25, 160 * 25, 0x5150, pound, true);

  ASSERT_TRUE(events.waitFor([&] { return !events.recordings.empty(); }));
  const auto& [id, result] = events.recordings[0];
  EXPECT_EQ(id, leg->id);
  EXPECT_EQ(result.end, RecordingEnd::Pound);
  EXPECT_EQ(result.path, wav);
  EXPECT_NEAR(static_cast<double>(result.length.count()), 500, 100);
  auto info = audio::readWavInfo(wav);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->channels, 1);
  EXPECT_EQ(info->declaredDataBytes, static_cast<std::uint32_t>(result.length.count() * 16));
}

// The tone of an in-band '#' is mostly left out: the newest 100 ms are dropped with it.
TEST(LegRecording, EndsOnAnInBandPoundWithoutMostOfItsTone) {
  TempDir dir;
  const auto wav = dir.path() / "vm.wav";
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("vm");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port(), "PCMU", std::nullopt));
  engine.recordLeg(leg->id, wav, 10'000ms, true);
  auto signal = sine(500, 4000, 3000); // 500 ms of voice
  const auto pound = dtmfTones("#");
  signal.insert(signal.end(), pound.begin(), pound.end());
  const auto codes = ulaw(signal);
  for (std::size_t at = 0, i = 0; at + 160 <= codes.size(); at += 160, ++i) {
    peer.sendRtp(leg->rtpPort, 0, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(at),
                 0x5150, std::span(codes).subspan(at, 160));
  }
  ASSERT_TRUE(events.waitFor([&] { return !events.recordings.empty(); }));
  EXPECT_EQ(events.recordings[0].second.end, RecordingEnd::Pound);
  // Detection takes 40-60 ms of the tone, and 100 ms are dropped: 440-520 ms remain.
  EXPECT_NEAR(static_cast<double>(events.recordings[0].second.length.count()), 480, 60);
}

TEST(LegRecording, EndsAtTheMaximumLength) {
  TempDir dir;
  const auto wav = dir.path() / "vm.wav";
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("vm");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port()));
  engine.recordLeg(leg->id, wav, 300ms, true);
  sendTone(peer, leg->rtpPort, 500, 25, 0x5150);
  ASSERT_TRUE(events.waitFor([&] { return !events.recordings.empty(); }));
  EXPECT_EQ(events.recordings[0].second.end, RecordingEnd::MaxLength);
  EXPECT_NEAR(static_cast<double>(events.recordings[0].second.length.count()), 300, 100);
}

TEST(LegRecording, StopAndCloseReportTheirEnds) {
  TempDir dir;
  RecordedEvents events;
  Engine engine(testConfig(), events);
  Peer peer;
  auto leg = engine.openLeg("vm");
  ASSERT_TRUE(leg);
  engine.configure(leg->id, streamTo(peer.port()));
  engine.recordLeg(leg->id, dir.path() / "a.wav", 10'000ms, false);
  engine.stopRecordingLeg(leg->id);
  engine.recordLeg(leg->id, dir.path() / "b.wav", 10'000ms, false);
  engine.closeLeg(leg->id);
  engine.recordLeg(leg->id, dir.path() / "c.wav", 10'000ms, false); // after close: nothing
  ASSERT_TRUE(events.waitFor([&] { return events.recordings.size() == 2; }));
  EXPECT_EQ(events.recordings[0].second.end, RecordingEnd::Closed);
  EXPECT_EQ(events.recordings[1].second.end, RecordingEnd::Hangup);
  engine.recordLeg(123, dir.path() / "d.wav", 10'000ms, false);
  auto other = engine.openLeg("vm");
  ASSERT_TRUE(other);
  engine.recordLeg(other->id, dir.path() / "missing" / "e.wav", 10'000ms, false);
  ASSERT_TRUE(events.waitFor([&] { return events.recordings.size() == 3; }));
  EXPECT_EQ(events.recordings[2].second.end, RecordingEnd::Failed);
  EXPECT_FALSE(events.recordings[2].second.error.empty());
}

} // namespace
} // namespace sb::media::test

// Leg: prompts played into the leg instead of its bridge partner's audio.
#include "media/leg.hpp"

namespace sb::media {

void Leg::play(SharedPcm audio, bool loop, std::uint64_t playId) {
  if (closed_) return;
  endPlayback();
  Playback playback;
  playback.audio = audio ? std::move(audio) : std::make_shared<const Pcm>();
  playback.loop = loop && !playback.audio->empty();
  playback.playId = playId;
  playback.ssrc = static_cast<std::uint32_t>(random_());
  playback.sequence = static_cast<std::uint16_t>(random_());
  playback.timestamp = static_cast<std::uint32_t>(random_());
  playback.start = std::chrono::steady_clock::now();
  playback_ = std::move(playback);
  rewriter_.switchSource();
  playNextFrame();
}

void Leg::stopPlaying() {
  endPlayback();
}

// Back to the bridge partner (if any): its next packet starts a new source of the stream.
void Leg::endPlayback() {
  if (!playback_) return;
  playback_.reset();
  ++playGeneration_;
  playTimer_.cancel();
  rewriter_.switchSource();
  relay_.reset();
}

void Leg::playNextFrame() {
  Playback& p = *playback_;
  if (p.lastSent) {
    const auto playId = p.playId;
    endPlayback();
    context_.events.onPlayFinished(id_, playId);
    return;
  }
  const std::size_t samples = format_.packetSamples;
  std::vector<std::int16_t> frame(samples, 0);
  const Pcm& audio = *p.audio;
  for (std::size_t i = 0; i < samples; ++i) {
    if (p.position >= audio.size()) {
      if (!p.loop) break;
      p.position = 0;
    }
    frame[i] = audio[p.position++];
  }
  RelayedFrame out;
  out.ssrc = p.ssrc;
  out.sequence = p.sequence++;
  out.timestamp = p.timestamp;
  out.marker = p.frames == 0;
  out.payloadType = format_.payloadType;
  p.timestamp += static_cast<std::uint32_t>(samples);
  ++p.frames;
  if (!p.loop && p.position >= audio.size()) p.lastSent = true;
  if (format_.decodable()) {
    encodePayload(format_.codec, frame, out.payload);
    sendFrame(out, steadyNow());
  }
  schedulePlayback();
}

// Each frame is due at start + frames * ptime, so timer lateness never accumulates.
void Leg::schedulePlayback() {
  const auto& p = *playback_;
  const auto ptime = std::chrono::microseconds(std::uint64_t{format_.packetSamples} * 1'000'000 /
                                               format_.clockRate);
  playTimer_.expires_at(p.start + ptime * static_cast<std::int64_t>(p.frames));
  playTimer_.async_wait(
      [weak = weak_from_this(), generation = playGeneration_](boost::system::error_code ec) {
        auto self = weak.lock();
        if (!self || ec || self->closed_ || generation != self->playGeneration_ || !self->playback_)
          return;
        self->playNextFrame();
      });
}

} // namespace sb::media

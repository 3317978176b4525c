#include "server/call_media.hpp"

#include "audio/hold_music.hpp"
#include "audio/tone_generator.hpp"
#include "audio/wav_file.hpp"
#include "common/log.hpp"
#include "prompts/announcement.hpp"

#include <boost/asio/post.hpp>

namespace sb::server {

namespace {

media::SharedPcm tone(const audio::ToneSpec& spec, common::Duration length) {
  auto samples = std::make_shared<media::Pcm>(static_cast<std::size_t>(length.count()) * 8);
  audio::ToneGenerator generator(spec);
  generator.generate(*samples);
  return samples;
}

// One full cadence of the ring tone (2 s on, 4 s off), played in a loop.
media::SharedPcm makeRingback() {
  auto spec = audio::usRingbackTone();
  return tone(spec, spec.on + spec.off);
}

// A phone number said digit by digit when the caller has no lead name.
std::string spoken(const std::string& caller) {
  if (caller.empty()) return "an unknown number";
  if (caller.front() != '+') return caller;
  return prompts::spokenPhoneNumber(caller);
}

constexpr std::chrono::milliseconds kBetweenRepeats{2'000};

} // namespace

CallMediaService::CallMediaService(boost::asio::io_context& loop, CallMediaOptions options)
    : loop_(loop), options_(std::move(options)), prompts_(options_.dataDir / "prompts"),
      ringback_(makeRingback()),
      holdMusic_(std::make_shared<media::Pcm>(audio::holdMusic())),
      silence_(std::make_shared<media::Pcm>(8000, std::int16_t{0})),
      engine_(std::make_unique<media::Engine>(options_.engine, static_cast<media::EngineEvents&>(*this))),
      speech_(std::make_unique<prompts::SpeechSynthesizer>()) {}

CallMediaService::~CallMediaService() = default;

void CallMediaService::deliverTo(calls::B2bua* b2bua, std::function<void()> afterEvent) {
  b2bua_ = b2bua;
  afterEvent_ = std::move(afterEvent);
}

void CallMediaService::post(std::function<void()> fn) {
  boost::asio::post(loop_, [this, fn = std::move(fn)] {
    fn();
    if (afterEvent_) afterEvent_();
  });
}

std::optional<calls::MediaLeg> CallMediaService::openLeg(const std::string& callId, calls::MediaLegKind kind) {
  auto leg = engine_->openLeg(callId, kind == calls::MediaLegKind::WebRtc ? media::LegKind::WebRtc : media::LegKind::Rtp);
  if (!leg.ok()) {
    SB_LOG_WARN("call {}: no media leg: {}", callId, leg.error().message);
    return std::nullopt;
  }
  return calls::MediaLeg{leg->id, leg->address, leg->rtpPort, leg->webrtc};
}

void CallMediaService::configure(calls::MediaLegId leg, const sdp::AudioStream& stream) {
  engine_->configure(leg, stream);
}

void CallMediaService::playRingback(calls::MediaLegId leg) { engine_->play(leg, ringback_, true, 0); }

void CallMediaService::playConfirmation(calls::MediaLegId leg, const std::string& caller, Confirmation kind) {
  // The name is made off the signalling thread; the prompt repeats until a key or the
  // B2BUA's timeout. R-21: a lead being distributed is announced as a new lead.
  const bool lead = kind == Confirmation::NewLead;
  auto callFrom = prompts_.get(lead ? prompts::prompt::kNewLead : prompts::prompt::kCallFrom);
  auto pressOne = prompts_.get(lead ? prompts::prompt::kTakeLead : prompts::prompt::kPressOne);
  auto play = [this, leg, callFrom, pressOne](prompts::SharedPcm name) {
    prompts::Announcement whisper;
    whisper.say(callFrom).pause(std::chrono::milliseconds(150)).say(name).pause(std::chrono::milliseconds(500));
    whisper.say(pressOne).pause(kBetweenRepeats);
    engine_->play(leg, whisper.pcm(), true, 0);
  };
  if (!speech_->synthesize(spoken(caller), play)) {
    SB_LOG_WARN("media leg {}: speech queue full; the prompt goes without the caller's name", leg);
    play(nullptr);
  }
}

common::Duration CallMediaService::playFarewell(calls::MediaLegId leg, Farewell farewell) {
  auto prompt = prompts_.get(farewell == Farewell::Declined ? "declined" : "no_key");
  if (!prompt) return common::Duration{0};
  engine_->play(leg, prompt, false, 0);
  return common::Duration{static_cast<std::int64_t>(prompt->size() / 8)};
}

media::SharedPcm CallMediaService::greeting() {
  auto current = prompts_.get(prompts::prompt::kVoicemailGreeting);
  if (!greeting_ || current != greetingSource_) {
    greeting_ = prompts::joinWithPauses({current, tone(audio::beepTone(), audio::beepTone().on)},
                                        std::chrono::milliseconds(400));
    greetingSource_ = std::move(current);
  }
  return greeting_;
}

void CallMediaService::startVoicemail(calls::MediaLegId leg, const std::string& callId, common::Duration maxLength) {
  Voicemail voicemail{callId, maxLength, nextPlayId_++, false};
  engine_->play(leg, greeting(), false, voicemail.greetingId);
  voicemails_[leg] = voicemail;
}

void CallMediaService::greetingPlayed(media::LegId leg, std::uint64_t playId) {
  auto it = voicemails_.find(leg);
  if (it == voicemails_.end() || it->second.greetingId != playId || it->second.recording) return;
  it->second.recording = true;
  std::error_code ec;
  std::filesystem::create_directories(options_.recordingsDir, ec);
  engine_->recordLeg(leg, options_.recordingsDir / (it->second.callId + "-voicemail.wav"), it->second.maxLength,
                     true);
}

void CallMediaService::voicemailRecorded(media::LegId leg, const media::LegRecordingResult& result) {
  auto it = voicemails_.find(leg);
  if (it == voicemails_.end()) return;
  voicemails_.erase(it);
  calls::VoicemailRecording recording;
  recording.length = result.length;
  if (result.end == media::RecordingEnd::Failed) {
    SB_LOG_ERROR("voicemail on leg {} not recorded: {}", leg, result.error);
  } else {
    recording.path = relativeToDataDir(result.path).string();
  }
  recording.callerStillThere = result.end == media::RecordingEnd::Pound || result.end == media::RecordingEnd::MaxLength;
  if (recording.callerStillThere) {
    auto saved = prompts_.get("voicemail_saved");
    if (saved) {
      engine_->play(leg, saved, false, 0);
      recording.goodbye = common::Duration{static_cast<std::int64_t>(saved->size() / 8)};
    }
  }
  if (b2bua_) b2bua_->onVoicemailRecorded(leg, recording);
}

void CallMediaService::connect(const std::string& callId, calls::MediaLegId customer, calls::MediaLegId agent) {
  engine_->stopPlaying(customer);
  engine_->stopPlaying(agent);
  auto bridged = bridged_.find(callId);
  if (bridged != bridged_.end() && bridged->second.first == customer) {
    engine_->handOver(customer, agent);
    bridged->second.second = agent;
    return;
  }
  bridged_[callId] = {customer, agent};
  engine_->bridge(customer, agent);
  if (!options_.recordCalls) return;
  std::error_code ec;
  std::filesystem::create_directories(options_.recordingsDir, ec);
  if (ec) {
    SB_LOG_ERROR("call {}: not recorded: cannot create {}: {}", callId, options_.recordingsDir.string(), ec.message());
    return;
  }
  engine_->recordCall(customer, agent, options_.recordingsDir / (callId + ".wav"));
}

void CallMediaService::hold(calls::MediaLegId customer, calls::MediaLegId agent, bool onHold) {
  if (onHold) {
    // Playing into a bridged leg replaces what it hears from its partner; the bridge, and
    // with it the recording, stays.
    engine_->play(customer, holdMusic_, true, 0);
    engine_->play(agent, silence_, true, 0);
  } else {
    engine_->stopPlaying(customer);
    engine_->stopPlaying(agent);
  }
}

void CallMediaService::closeLeg(calls::MediaLegId leg) {
  engine_->closeLeg(leg);
  // Closing either leg of a bridge ends it, and its recording with it.
  std::erase_if(bridged_, [leg](const auto& entry) { return entry.second.first == leg || entry.second.second == leg; });
  auto it = voicemails_.find(leg);
  if (it != voicemails_.end() && !it->second.recording) {
    // The caller hung up during the greeting: nothing was recorded.
    voicemails_.erase(it);
    calls::VoicemailRecording nothing;
    post([this, leg, nothing] {
      if (b2bua_) b2bua_->onVoicemailRecorded(leg, nothing);
    });
  }
}

std::filesystem::path CallMediaService::relativeToDataDir(const std::filesystem::path& path) const {
  std::error_code ec;
  auto relative = std::filesystem::relative(path, options_.dataDir, ec);
  return ec || relative.empty() ? path : relative;
}

void CallMediaService::repairRecordings(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  int repaired = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".wav") continue;
    auto result = audio::repairWav(entry.path());
    if (!result.ok()) {
      SB_LOG_WARN("recording {} cannot be repaired: {}", entry.path().string(), result.error().message);
      continue;
    }
    if (result->changed) ++repaired;
  }
  if (repaired > 0) SB_LOG_INFO("repaired {} recording(s) left unfinished by a crash", repaired);
}

void CallMediaService::onDigit(media::LegId leg, char digit, media::DigitSource source) {
  SB_LOG_DEBUG("media leg {}: key {} ({})", leg, digit, source == media::DigitSource::Rfc4733 ? "RFC 4733" : "in-band");
  post([this, leg, digit] {
    if (b2bua_) b2bua_->onDigit(leg, digit);
  });
}

void CallMediaService::onMediaTimeout(media::LegId leg) {
  post([this, leg] {
    if (b2bua_) b2bua_->onMediaTimeout(leg);
  });
}

void CallMediaService::onPlayFinished(media::LegId leg, std::uint64_t playId) {
  post([this, leg, playId] { greetingPlayed(leg, playId); });
}

void CallMediaService::onLegRecordingFinished(media::LegId leg, const media::LegRecordingResult& result) {
  post([this, leg, result] { voicemailRecorded(leg, result); });
}

} // namespace sb::server

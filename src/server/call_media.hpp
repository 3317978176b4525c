#pragma once
// The media engine behind the B2BUA (calls::CallMedia over media::Engine and the prompts).
// Connected calls are bridged and recorded as <data-dir>/recordings/<call id>.wav;
// the confirmation prompt names the caller with speech made at call time; voicemail
// plays the greeting and a beep and records <call id>-voicemail.wav. The engine
// reports on its own threads: every report is posted onto the signalling loop first, and
// all state here lives on that loop.
#include "calls/b2bua.hpp"
#include "media/engine.hpp"
#include "prompts/prompt_library.hpp"
#include "prompts/speech_synthesizer.hpp"

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <memory>
#include <unordered_map>

namespace sb::server {

struct CallMediaOptions {
  media::EngineConfig engine;
  std::filesystem::path dataDir;
  std::filesystem::path recordingsDir; // inside dataDir
  bool recordCalls = true;
};

class CallMediaService final : public calls::CallMedia, private media::EngineEvents {
public:
  CallMediaService(boost::asio::io_context& loop, CallMediaOptions options);
  ~CallMediaService() override;

  // Where the engine's reports go, on the signalling loop, once the B2BUA exists.
  // `afterEvent` runs after each (the server re-arms its timers there).
  void deliverTo(calls::B2bua* b2bua, std::function<void()> afterEvent);
  // Whether connected calls are recorded: the organization's setting.
  void setRecordCalls(bool record) { options_.recordCalls = record; }
  media::EngineStats stats() const { return engine_->stats(); }
  // The prompts calls play. Thread-safe: the API replaces and reloads them while calls run,
  // and each call plays what is there when it starts playing.
  prompts::PromptLibrary& prompts() { return prompts_; }

  // calls::CallMedia
  std::optional<calls::MediaLeg> openLeg(const std::string& callId, calls::MediaLegKind kind) override;
  void configure(calls::MediaLegId leg, const sdp::AudioStream& stream) override;
  void playRingback(calls::MediaLegId leg) override;
  void playConfirmation(calls::MediaLegId leg, const std::string& caller, Confirmation kind) override;
  common::Duration playFarewell(calls::MediaLegId leg, Farewell farewell) override;
  void startVoicemail(calls::MediaLegId leg, const std::string& callId, common::Duration maxLength) override;
  void connect(const std::string& callId, calls::MediaLegId customer, calls::MediaLegId agent) override;
  void hold(calls::MediaLegId customer, calls::MediaLegId agent, bool onHold) override;
  void closeLeg(calls::MediaLegId leg) override;

  // Recordings a crash left with wrong sizes in their headers are made playable.
  static void repairRecordings(const std::filesystem::path& dir);

private:
  // media::EngineEvents, on a media thread: each is posted to the loop.
  void onDigit(media::LegId leg, char digit, media::DigitSource source) override;
  void onMediaTimeout(media::LegId leg) override;
  void onPlayFinished(media::LegId leg, std::uint64_t playId) override;
  void onLegRecordingFinished(media::LegId leg, const media::LegRecordingResult& result) override;

  void post(std::function<void()> fn);
  void greetingPlayed(media::LegId leg, std::uint64_t playId);
  void voicemailRecorded(media::LegId leg, const media::LegRecordingResult& result);
  std::filesystem::path relativeToDataDir(const std::filesystem::path& path) const;

  // A voicemail in progress, by the caller's leg.
  struct Voicemail {
    std::string callId;
    common::Duration maxLength{0};
    std::uint64_t greetingId = 0;
    bool recording = false;
  };

  boost::asio::io_context& loop_;
  CallMediaOptions options_;
  prompts::PromptLibrary prompts_;
  media::SharedPcm ringback_;
  // The voicemail greeting and beep, joined once per greeting the library holds: rebuilt
  // when a reload replaces the greeting (greetingSource_ is the one it was built from).
  media::SharedPcm greeting();
  prompts::SharedPcm greetingSource_;
  media::SharedPcm greeting_;
  media::SharedPcm holdMusic_;
  media::SharedPcm silence_;   // what an agent on hold hears
  calls::B2bua* b2bua_ = nullptr;
  std::function<void()> afterEvent_;
  std::unordered_map<media::LegId, Voicemail> voicemails_;
  // The customer and agent legs each connected call is bridged with, by call id: connecting
  // the call again to another agent (a transfer, R-17) hands the customer over, and the
  // recording goes on in its file instead of starting a new one over it.
  std::unordered_map<std::string, std::pair<calls::MediaLegId, calls::MediaLegId>> bridged_;
  std::uint64_t nextPlayId_ = 1;
  std::unique_ptr<media::Engine> engine_;
  // After the engine: destroyed first, it answers what is still queued, and those answers
  // play into the engine.
  std::unique_ptr<prompts::SpeechSynthesizer> speech_;
};

} // namespace sb::server

// R-14 voicemail: when routing is exhausted and the organization has voicemail, the caller
// is answered (R-8: the only answer besides a user's), hears the greeting and a beep, and
// what they say is recorded. The message is kept on the call and the lead, and the call
// ends as `voicemail`, which opens the follow-up for the lead's owner.
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

void B2bua::answerCaller(Call& call) {
  auto ok200 = sip::makeResponse(call.caller.invite, 200, {}, call.caller.localTag);
  ok200.addHeader("Contact", ourContact(call.caller.source.transport, "switchboard").str());
  ok200.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
  setCallerSdp(call, ok200);
  auto dialog = sip::dialog::Dialog::fromRequest(call.caller.invite, call.caller.localTag, call.caller.source);
  if (dialog.ok()) {
    call.caller.dialog = std::move(dialog.value());
    byDialog_[sip::dialog::DialogKey{call.caller.dialog->callId, call.caller.localTag,
                                     call.caller.dialog->remoteTag}] = DialogRef{call.id, true};
  }
  for (const auto& rr : call.caller.invite.headerValues("Record-Route")) ok200.addHeader("Record-Route", rr);
  sendAnswer(call, true, call.caller.tx, std::move(ok200));
  call.caller.finalSent = true;
}

void B2bua::answerWithVoicemail(Call& call) {
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  deps_.log.trace(call.id, "", "voicemail", "routing exhausted; the caller may leave a message", nowMs());
  SB_LOG_INFO("call {}: to voicemail", call.id);
  answerCaller(call);
  call.phase = CallPhase::Voicemail;
  call.ringbackPlaying = false;
  if (!call.caller.dialog) {
    hangUp(call, "caller sent no usable Contact");
    return;
  }
  MediaLegId leg = call.callerMedia.leg.id;
  voicemails_[leg] = PendingVoicemail{call.id, call.record.leadId};
  deps_.media.startVoicemail(leg, call.id, config_.voicemailMaxLength);
}

void B2bua::onVoicemailRecorded(MediaLegId leg, const VoicemailRecording& recording) {
  auto pending = voicemails_.find(leg);
  if (pending == voicemails_.end()) return;
  PendingVoicemail voicemail = std::move(pending->second);
  voicemails_.erase(pending);
  if (recording.length.count() > 0 && !recording.path.empty()) {
    deps_.log.voicemailLeft(voicemail.callId, voicemail.leadId, recording.path, recording.length.count(), nowMs());
    deps_.log.trace(voicemail.callId, "", "voicemail",
                    "message of " + std::to_string(recording.length.count() / 1000) + " s kept", nowMs());
  }
  Call* call = findCall(voicemail.callId);
  if (call == nullptr || call->phase != CallPhase::Voicemail || !recording.callerStillThere) return;
  // The caller hears "message saved", then we hang up.
  std::string callId = call->id;
  deps_.scheduler.schedule(recording.goodbye + common::Duration{300}, [this, callId] {
    Call* c = findCall(callId);
    if (c != nullptr && c->phase == CallPhase::Voicemail) hangUp(*c, "voicemail complete");
  });
}

} // namespace sb::calls

// Anchoring every call's media in the engine. Each leg negotiates with us, not with the
// other leg: the caller's offer is answered from our capabilities, the devices we ring get
// our own offer, and re-INVITEs and UPDATEs (hold, resume, a new codec) are answered here
// for the leg that sent them. The engine is told what each exchange settled; it bridges
// the two legs, converting between codecs where they chose differently.
#include "calls/b2bua.hpp"

#include "common/log.hpp"
#include "sdp/anchor.hpp"
#include "sdp/answer.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "sdp/serializer.hpp"
#include "sdp/webrtc_attributes.hpp"

#include <algorithm>

namespace sb::calls {

namespace {

constexpr const char* kSdp = "application/sdp";

void setSdpBody(sip::Message& message, const sdp::Session& session) {
  message.setHeader("Content-Type", kSdp);
  message.body = sdp::serialize(session);
}

// A WebRTC leg keeps the DTLS role an exchange settled, so that answering the browser's
// later offers (hold, resume) keeps the same DTLS association (RFC 8842 5.3).
void noteDtlsRole(MediaSide& side, const sdp::AudioStream& stream) {
  if (side.leg.webrtc && stream.webrtc) side.leg.webrtc->setup = sdp::opposite(stream.webrtc->setup);
}

} // namespace

sdp::LocalMedia B2bua::localMediaOf(const MediaSide& side) const {
  sdp::LocalMedia local;
  local.address = side.leg.address;
  local.port = side.leg.port;
  local.webrtc = side.leg.webrtc;
  if (side.local) {
    local.origin = side.local->origin;
  } else {
    local.origin.sessionId = std::to_string(nowMs());
    local.origin.sessionVersion = 1;
  }
  return local;
}

std::variant<MediaSide, B2bua::MediaRefusal> B2bua::negotiateCallerMedia(const std::string& callId,
                                                                        const sip::Message& invite) {
  std::optional<sdp::Session> offer;
  if (!invite.body.empty()) {
    auto parsed = sdp::parse(invite.body);
    if (!parsed.ok()) return MediaRefusal{400, "Malformed SDP"};
    offer = std::move(parsed.value());
  }
  // A browser calling out offers WebRTC (UDP/TLS/RTP/SAVPF): its leg must speak it too.
  const bool webrtcOffer = offer && std::any_of(offer->media.begin(), offer->media.end(), [](const sdp::Media& media) {
                             return media.isAudio() && !media.isRejected() && sdp::isDtlsSrtp(media);
                           });
  auto leg = deps_.media.openLeg(callId, webrtcOffer ? MediaLegKind::WebRtc : MediaLegKind::Rtp);
  if (!leg) {
    SB_LOG_WARN("call {}: no free RTP port; refusing the call", callId);
    return MediaRefusal{503, "No Media Port Free"};
  }
  MediaSide side;
  side.leg = *leg;
  if (offer) {
    auto answer = sdp::answerOffer(*offer, config_.media, localMediaOf(side));
    if (!answer.audio) {
      deps_.media.closeLeg(leg->id);
      return MediaRefusal{488, "Not Acceptable Here"};
    }
    side.local = answer.session;
    deps_.media.configure(leg->id, *answer.audio);
  } else {
    // No offer in the INVITE: ours goes in the 200 and the answer comes in the ACK.
    side.local = sdp::buildOffer(config_.media, localMediaOf(side));
    side.offerAwaitingAck = side.local;
  }
  return side;
}

// A browser softphone gets a WebRTC leg and a SAVPF offer; every other device plain RTP.
bool B2bua::openBranchMedia(Call& call, Branch& branch, sip::Message& invite) {
  auto leg = deps_.media.openLeg(call.id, branch.device.isBrowser() ? MediaLegKind::WebRtc : MediaLegKind::Rtp);
  if (!leg) return false;
  branch.media.leg = *leg;
  branch.media.local = sdp::buildOffer(config_.media, localMediaOf(branch.media));
  mediaLegs_[leg->id] = call.id;
  setSdpBody(invite, *branch.media.local);
  return true;
}

void B2bua::setCallerSdp(const Call& call, sip::Message& response) const {
  setSdpBody(response, *call.callerMedia.local);
}

std::optional<std::string> B2bua::acceptBranchAnswer(Branch& branch, const sip::Message& response) {
  if (branch.media.leg.id == 0) return "its media leg is closed";
  if (response.body.empty()) return "the answer has no SDP";
  auto parsed = sdp::parse(response.body);
  if (!parsed.ok()) return "malformed SDP: " + parsed.error().message;
  auto stream = sdp::readAnswer(*branch.media.local, *parsed);
  if (!stream.ok()) return stream.error().message;
  noteDtlsRole(branch.media, *stream);
  deps_.media.configure(branch.media.leg.id, *stream);
  return std::nullopt;
}

void B2bua::closeBranchMedia(Branch& branch) {
  if (branch.media.leg.id == 0) return;
  deps_.media.closeLeg(branch.media.leg.id);
  mediaLegs_.erase(branch.media.leg.id);
  branch.media.leg.id = 0;
}

void B2bua::startRingback(Call& call) {
  if (call.ringbackPlaying) return;
  call.ringbackPlaying = true;
  deps_.media.playRingback(call.callerMedia.leg.id);
}

std::pair<MediaLegId, MediaLegId> B2bua::customerAndAgent(const Call& call) const {
  // The customer is the caller of an inbound call, the lead of a distribution call (on the
  // caller's leg), the number dialled by an outbound one.
  bool outboundToNumber = call.direction == CallDirection::Outbound && !call.record.numberE164.empty();
  if (outboundToNumber) return {call.calleeMedia.leg.id, call.callerMedia.leg.id};
  return {call.callerMedia.leg.id, call.calleeMedia.leg.id};
}

void B2bua::connectMedia(Call& call) {
  // The customer is on the left of the recording.
  auto [customer, agent] = customerAndAgent(call);
  call.ringbackPlaying = false;
  deps_.media.connect(call.id, customer, agent);
}

void B2bua::closeMedia(Call& call) {
  for (auto& [tx, branch] : call.branches) closeBranchMedia(branch);
  for (MediaSide* side : {&call.callerMedia, &call.calleeMedia}) {
    if (side->leg.id == 0) continue;
    deps_.media.closeLeg(side->leg.id);
    mediaLegs_.erase(side->leg.id);
    side->leg.id = 0;
  }
}

void B2bua::answerMediaRequest(Call& call, bool fromCaller, ServerTransactionId tx, const sip::Message& request) {
  MediaSide& side = fromCaller ? call.callerMedia : call.calleeMedia;
  const auto& dialog = fromCaller ? call.caller.dialog : call.callee;
  auto ok = sip::makeResponse(request, 200);
  ok.addHeader("Contact", ourContact(dialog->peer.transport, "switchboard").str());
  ok.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
  if (request.body.empty()) {
    if (request.method != "INVITE") {
      deps_.transactions.respond(tx, std::move(ok)); // an UPDATE that only refreshes the session
      return;
    }
    // A re-INVITE without an offer asks for ours; its answer comes in the ACK.
    auto offer = sdp::asUpdateOf(*side.local, sdp::buildOffer(config_.media, localMediaOf(side)));
    side.local = offer;
    side.offerAwaitingAck = offer;
  } else {
    auto offer = sdp::parse(request.body);
    if (!offer.ok()) {
      answer(tx, request, 400, "Malformed SDP");
      return;
    }
    auto answered = sdp::answerOffer(*offer, config_.media, localMediaOf(side));
    if (!answered.audio) {
      answer(tx, request, 488, "Not Acceptable Here");
      return;
    }
    side.local = sdp::asUpdateOf(*side.local, answered.session);
    noteDtlsRole(side, *answered.audio);
    deps_.media.configure(side.leg.id, *answered.audio);
    SB_LOG_INFO("call {}: {} {}", call.id, fromCaller ? "caller" : "callee",
                answered.audio->onHold ? "put the call on hold" : "renegotiated its media");
  }
  setSdpBody(ok, *side.local);
  if (request.method == "INVITE") sendAnswer(call, fromCaller, tx, std::move(ok));
  else deps_.transactions.respond(tx, std::move(ok));
}

void B2bua::takeAnswerFromAck(Call& call, bool fromCaller, const sip::Message& ack) {
  MediaSide& side = fromCaller ? call.callerMedia : call.calleeMedia;
  if (!side.offerAwaitingAck || side.leg.id == 0) return;
  auto ourOffer = std::move(*side.offerAwaitingAck);
  side.offerAwaitingAck.reset();
  std::string problem;
  if (ack.body.empty()) {
    problem = "the ACK carries no SDP answer";
  } else if (auto parsed = sdp::parse(ack.body); !parsed.ok()) {
    problem = "malformed SDP in the ACK: " + parsed.error().message;
  } else if (auto stream = sdp::readAnswer(ourOffer, *parsed); !stream.ok()) {
    problem = stream.error().message;
  } else {
    noteDtlsRole(side, *stream);
    deps_.media.configure(side.leg.id, *stream);
    return;
  }
  SB_LOG_WARN("call {}: {}; hanging up", call.id, problem);
  hangUp(call, "no usable SDP answer");
}

void B2bua::onMediaTimeout(MediaLegId leg) {
  auto it = mediaLegs_.find(leg);
  if (it == mediaLegs_.end()) return;
  Call* call = findCall(it->second);
  if (call == nullptr || (call->phase != CallPhase::Connected && call->phase != CallPhase::Voicemail)) return;
  bool callerSide = call->callerMedia.leg.id == leg;
  // While a transfer rings the agent hears silence (or has hung up): their leg may be quiet.
  if (!callerSide && call->transfer) return;
  SB_LOG_WARN("call {}: no RTP from the {} in time; hanging up", call->id, callerSide ? "caller" : "callee");
  hangUp(*call, callerSide ? "media timeout: nothing from the caller" : "media timeout: nothing from the callee");
}

} // namespace sb::calls

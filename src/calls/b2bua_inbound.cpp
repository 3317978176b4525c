// Starting calls: an INVITE from the trunk to one of our numbers, or from a device.
#include "calls/b2bua.hpp"

#include "common/e164.hpp"
#include "common/log.hpp"

#include <tuple>

namespace sb::calls {

namespace {

std::string newCallId() { return sip::transaction::randomToken(20); }

// The caller's number from the From URI's user part (or the tel: number).
std::string callerNumberOf(const sip::Message& invite, const std::string& country) {
  auto from = invite.from();
  if (!from.ok()) return {};
  const auto& uri = from->uri;
  std::string raw = uri.isSip() ? uri.userUnescaped() : uri.opaque;
  if (auto semi = raw.find(';'); semi != std::string::npos) raw.resize(semi);
  return common::toE164(raw, country).value_or("");
}

} // namespace

Call& B2bua::createCall(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source,
                        CallStarted record, MediaSide callerMedia) {
  auto call = std::make_unique<Call>();
  call->id = record.callId;
  call->direction = record.direction;
  call->record = record;
  call->caller.tx = tx;
  call->caller.invite = invite;
  call->caller.source = source;
  call->caller.localTag = sip::transaction::randomToken(10);
  Call& ref = *call;
  ref.callerMedia = std::move(callerMedia);
  mediaLegs_[ref.callerMedia.leg.id] = ref.id;
  byServerTx_[tx] = call->id;
  calls_.emplace(call->id, std::move(call));
  ++stats_.started;
  return ref;
}

void B2bua::startInbound(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source) {
  const auto& ruri = invite.requestUri;
  std::string dialled = ruri.isSip() ? ruri.userUnescaped() : ruri.opaque;
  if (auto semi = dialled.find(';'); semi != std::string::npos) dialled.resize(semi);
  auto e164 = common::toE164(dialled, config_.defaultCountryCode);
  if (!e164) {
    SB_LOG_INFO("inbound INVITE for '{}', which is not a phone number", dialled);
    answer(tx, invite, 404, "Number Not Here");
    return;
  }
  std::string callId = newCallId();
  // The media is settled before routing sees the call: a caller we cannot talk to (no
  // codec in common, no port free) is refused without a trace in the call log.
  auto media = negotiateCallerMedia(callId, invite);
  if (auto* refusal = std::get_if<MediaRefusal>(&media)) {
    answer(tx, invite, refusal->code, refusal->reason);
    return;
  }
  auto& callerMedia = std::get<MediaSide>(media);
  std::string caller = callerNumberOf(invite, config_.defaultCountryCode);
  auto admitted = deps_.routing.admit(callId, *e164, caller);
  if (!admitted) {
    SB_LOG_INFO("inbound INVITE for unknown number '{}'", dialled);
    deps_.media.closeLeg(callerMedia.leg.id);
    answer(tx, invite, 404, "Number Not Here");
    return;
  }
  CallStarted record{callId, CallDirection::Inbound, admitted->numberE164, caller, "", nowMs(), admitted->leadId};
  Call& call = createCall(tx, invite, source, record, std::move(callerMedia));
  call.callerName = admitted->callerName.empty() ? caller : admitted->callerName;
  SB_LOG_INFO("call {}: inbound from {} to {}", call.id, record.callerE164, record.numberE164);
  // the call is in storage before anyone rings.
  deps_.log.callStarted(record, [this, callId](bool ok) { afterStartCommitted(callId, ok, {}, std::nullopt); });
}

void B2bua::startFromDevice(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source) {
  auto auth = deps_.authenticator.authenticate(invite);
  if (auto* challenge = std::get_if<sip::Message>(&auth)) {
    deps_.transactions.respond(tx, std::move(*challenge));
    return;
  }
  const auto& device = std::get<AuthenticatedDevice>(auth);
  std::string dialled = invite.requestUri.userUnescaped();
  CallStarted record{newCallId(), CallDirection::Outbound, "", "", device.userId, nowMs(), std::nullopt};
  std::vector<std::string> users;
  std::optional<net::Endpoint> trunk;
  if (auto user = deps_.devices.userOfSipUsername(dialled)) {
    users.push_back(*user);
  } else if (auto e164 = common::toE164(dialled, config_.defaultCountryCode)) {
    if (config_.trunks.empty()) {
      answer(tx, invite, 503, "No Trunk Configured");
      return;
    }
    // the only external destination is the trunk; nothing else is relayed.
    const auto& t = config_.trunks.front();
    trunk = net::Endpoint{t.transport, t.address, static_cast<std::uint16_t>(t.port ? t.port : 5060), 0};
    record.numberE164 = *e164;
  } else {
    answer(tx, invite, 404, "No Such User Or Number");
    return;
  }
  auto media = negotiateCallerMedia(record.callId, invite);
  if (auto* refusal = std::get_if<MediaRefusal>(&media)) {
    answer(tx, invite, refusal->code, refusal->reason);
    return;
  }
  Call& call = createCall(tx, invite, source, record, std::get<MediaSide>(std::move(media)));
  SB_LOG_INFO("call {}: {} from device {} to {}", call.id, toString(record.direction), device.sipUsername, dialled);
  std::string id = call.id;
  deps_.log.callStarted(record, [this, id, users, trunk](bool ok) { afterStartCommitted(id, ok, users, trunk); });
}

void B2bua::afterStartCommitted(const std::string& callId, bool stored, std::vector<std::string> userIds,
                                std::optional<net::Endpoint> trunkTarget) {
  Call* call = findCall(callId);
  if (call == nullptr || call->phase != CallPhase::Starting) return; // cancelled meanwhile
  if (!stored) {
    // a call that is not on disk rings nobody.
    if (!call->caller.finalSent) answer(call->caller.tx, call->caller.invite, 500, "Storage Unavailable");
    call->caller.finalSent = true;
    call->phase = CallPhase::Ended;
    // Nobody is on the line to tell; routing is, so the lead is not lost.
    if (call->direction == CallDirection::Distribution) deps_.routing.ended(callId, CallStatus::Failed, false);
    removeIfSettled(callId);
    return;
  }
  call->phase = CallPhase::Ringing;
  if (followsRouting(*call)) {
    advance(*call);
    return;
  }
  // A call from a device goes where it dialled: another user, or out through the trunk.
  call->round = 1;
  if (trunkTarget) dialThroughTrunk(*call, call->record.numberE164);
  for (const auto& user : userIds) offerToUser(*call, user, RingOptions{});
  if (call->branches.empty()) {
    fallThrough(*call, CallStatus::NoAnswer, "nobody reachable");
    return;
  }
  armRingTimer(*call, config_.ringTimeout);
}

bool B2bua::offerToUser(Call& call, const std::string& userId, const RingOptions& options) {
  std::vector<DeviceContact> phones;
  for (auto& contact : deps_.devices.contactsOfUser(userId))
    if (contact.isBrowser() ? options.browsers : options.sipPhones) phones.push_back(std::move(contact));
  std::optional<DeviceContact> ringThrough;
  if (!options.ringThroughE164.empty()) {
    ringThrough = trunkContact(options.ringThroughE164);
    if (ringThrough) ringThrough->userId = userId;
    else deps_.log.trace(call.id, userId, "skip", "ring-through number: no trunk configured", nowMs());
  }
  if (phones.empty() && !ringThrough) {
    deps_.log.trace(call.id, userId, "skip", "unreachable: no registered device", nowMs());
    return false;
  }
  Offer offer{sip::transaction::randomToken(16), userId, OfferStatus::Ringing, 0, "", call.round, ""};
  if (call.transfer && call.transfer->round == call.round) offer.transferredBy = call.transfer->byUserId;
  call.offers.emplace(offer.id, offer);
  deps_.log.offerCreated(offer.id, call.id, userId, offer.transferredBy, nowMs());
  std::size_t devices = phones.size() + (ringThrough ? 1 : 0);
  deps_.log.trace(call.id, userId, "ring",
                  std::to_string(devices) + " device(s)" + (ringThrough ? ", ring-through " + options.ringThroughE164 : ""),
                  nowMs());
  // every device of the offered user rings at once.
  // a browser answering takes a new lead at once (the app showed it; the agent clicked Answer).
  const bool newLead = call.direction == CallDirection::Distribution && offer.transferredBy.empty();
  for (const auto& device : phones)
    sendBranch(call, offer.id, device, options.confirmSipPhones && !(newLead && device.isBrowser()));
  if (ringThrough) sendBranch(call, offer.id, *ringThrough, true); // always confirmed
  if (call.offers[offer.id].branchesOpen == 0) {
    closeOffer(call, offer.id, OfferStatus::Failed, "no free media port");
    return false;
  }
  if (followsRouting(call)) deps_.routing.offered(call.id, userId);
  return true;
}

std::optional<DeviceContact> B2bua::trunkContact(const std::string& e164) const {
  if (config_.trunks.empty()) return std::nullopt;
  // the only external destination is the trunk.
  const auto& t = config_.trunks.front();
  DeviceContact target;
  target.flow = net::Endpoint{t.transport, t.address, static_cast<std::uint16_t>(t.port ? t.port : 5060), 0};
  target.contact.scheme = "sip";
  target.contact.user = e164;
  target.contact.host = target.flow.address;
  target.contact.port = target.flow.port;
  return target;
}

sip::Message B2bua::newInvite(const DeviceContact& device, int maxForwards, const std::string& displayName,
                              const std::string& fromUser) {
  sip::Message invite;
  invite.method = "INVITE";
  invite.requestUri = device.contact;
  addVia(invite, device.flow.transport);
  invite.addHeader("Max-Forwards", std::to_string(std::max(maxForwards, 1)));
  sip::NameAddr ourFrom;
  ourFrom.displayName = displayName;
  ourFrom.uri = ourContact(device.flow.transport, fromUser).uri;
  sip::removeParam(ourFrom.uri.params, "transport");
  sip::setParam(ourFrom.params, "tag", sip::transaction::randomToken(10));
  sip::NameAddr to;
  to.uri = device.contact;
  to.uri.params.clear();
  to.uri.headers.clear();
  invite.addHeader("From", ourFrom.str());
  invite.addHeader("To", to.str());
  invite.addHeader("Call-ID", sip::transaction::randomToken(20));
  invite.addHeader("CSeq", "1 INVITE");
  invite.addHeader("Contact", ourContact(device.flow.transport, "switchboard").str());
  invite.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE");
  invite.addHeader("User-Agent", config_.userAgent);
  return invite;
}

ClientTransactionId B2bua::sendBranch(Call& call, const std::string& offerId, const DeviceContact& device,
                                      bool confirm) {
  const auto& in = call.caller.invite;
  auto from = in.from();
  std::string name = from.ok() ? from->displayName : "";
  std::string user = from.ok() ? from->uri.user : "anonymous";
  if (call.direction == CallDirection::Distribution) std::tie(name, user) = distributionFrom(call, offerId);
  auto invite = newInvite(device, in.maxForwards().value_or(70) - 1, name, user);
  if (!device.deviceId.empty()) {
    // Our own devices learn which call and offer is ringing, so the web app can match its
    // notification (from the event stream) to the softphone's incoming session.
    invite.addHeader("X-Switchboard-Call-Id", call.id);
    invite.addHeader("X-Switchboard-Offer-Id", offerId);
    // the device can say "transfer from <user>" before it is answered.
    if (const auto& by = call.offers[offerId].transferredBy; !by.empty())
      invite.addHeader("X-Switchboard-Transfer-From", by);
    // the app shows the lead being distributed.
    if (call.direction == CallDirection::Distribution && call.record.leadId)
      invite.addHeader("X-Switchboard-Lead", *call.record.leadId);
  }
  Branch branch;
  branch.device = device; // its media depends on it: a browser gets a WebRTC leg
  if (!openBranchMedia(call, branch, invite)) {
    SB_LOG_WARN("call {}: no free RTP port to ring {}", call.id, device.flow.str());
    deps_.log.trace(call.id, device.userId, "skip", "no free media port", nowMs());
    return 0;
  }
  branch.offerId = offerId;
  branch.confirm = confirm;
  branch.invite = invite;
  branch.tx = deps_.transactions.sendRequest(invite, device.flow);
  byClientTx_[branch.tx] = ClientRef{call.id, ClientRole::Branch};
  call.offers[offerId].branchesOpen++;
  auto tx = branch.tx;
  call.branches.emplace(tx, std::move(branch));
  return tx;
}

void B2bua::ringTimedOut(const std::string& callId) {
  Call* call = findCall(callId);
  if (call == nullptr) return;
  call->ringTimer = 0;
  if (call->phase != CallPhase::Ringing) return;
  SB_LOG_INFO("call {}: nobody answered in time", callId);
  for (auto& [tx, branch] : call->branches) {
    auto offer = call->offers.find(branch.offerId);
    bool current = offer != call->offers.end() && offer->second.status == OfferStatus::Ringing;
    if (current) stopBranch(*call, tx, branch, {"Reason", "SIP;cause=480;text=\"No answer\""});
  }
  for (auto& [id, offer] : call->offers)
    if (offer.status == OfferStatus::Ringing) closeOffer(*call, id, OfferStatus::NoAnswer, "ring timeout");
  roundOver(*call, CallStatus::NoAnswer, "ring timeout");
}

void B2bua::fallThrough(Call& call, CallStatus status, const std::string& reason) {
  if (!call.caller.finalSent) {
    // An outbound call tells the device what the far end said; an inbound caller hears
    // that nobody is available.
    int code = (call.direction == CallDirection::Outbound && call.lastFailureCode >= 400) ? call.lastFailureCode : 480;
    answer(call.caller.tx, call.caller.invite, code);
    call.caller.finalSent = true;
  }
  finish(call, status, reason);
}

} // namespace sb::calls

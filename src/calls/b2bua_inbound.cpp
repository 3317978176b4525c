// Starting calls: an INVITE from the trunk to one of our numbers, or from a device.
#include "calls/b2bua.hpp"

#include "common/e164.hpp"
#include "common/log.hpp"

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
                        CallStarted record) {
  auto call = std::make_unique<Call>();
  call->id = record.callId;
  call->direction = record.direction;
  call->record = record;
  call->caller.tx = tx;
  call->caller.invite = invite;
  call->caller.source = source;
  call->caller.localTag = sip::transaction::randomToken(10);
  Call& ref = *call;
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
  auto number = e164 ? deps_.numbers.findNumber(*e164) : std::nullopt;
  if (!number) {
    SB_LOG_INFO("inbound INVITE for unknown number '{}'", dialled);
    answer(tx, invite, 404, "Number Not Here");
    return;
  }
  CallStarted record{newCallId(), CallDirection::Inbound, number->e164,
                     callerNumberOf(invite, config_.defaultCountryCode), "", nowMs()};
  Call& call = createCall(tx, invite, source, record);
  std::vector<std::string> users;
  // Routing until the routing engine lands: the number's assigned user (R-2 step 1).
  if (number->assignedUserId) users.push_back(*number->assignedUserId);
  else deps_.log.trace(call.id, "", "skip", "number has no assigned user", nowMs());
  SB_LOG_INFO("call {}: inbound from {} to {}", call.id, record.callerE164, record.numberE164);
  std::string id = call.id;
  // the call is in storage before anyone rings.
  deps_.log.callStarted(record, [this, id, users](bool ok) { afterStartCommitted(id, ok, users, std::nullopt); });
}

void B2bua::startFromDevice(ServerTransactionId tx, const sip::Message& invite, const net::Endpoint& source) {
  auto auth = deps_.authenticator.authenticate(invite);
  if (auto* challenge = std::get_if<sip::Message>(&auth)) {
    deps_.transactions.respond(tx, std::move(*challenge));
    return;
  }
  const auto& device = std::get<AuthenticatedDevice>(auth);
  std::string dialled = invite.requestUri.userUnescaped();
  CallStarted record{newCallId(), CallDirection::Outbound, "", "", device.userId, nowMs()};
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
  Call& call = createCall(tx, invite, source, record);
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
    answer(call->caller.tx, call->caller.invite, 500, "Storage Unavailable");
    call->caller.finalSent = true;
    call->phase = CallPhase::Ended;
    removeIfSettled(callId);
    return;
  }
  call->phase = CallPhase::Ringing;
  if (trunkTarget) {
    DeviceContact trunk;
    trunk.flow = *trunkTarget;
    trunk.contact.scheme = "sip";
    trunk.contact.user = call->record.numberE164;
    trunk.contact.host = trunkTarget->address;
    trunk.contact.port = trunkTarget->port;
    Offer offer{sip::transaction::randomToken(16), "", OfferStatus::Ringing, 0, ""};
    call->offers.emplace(offer.id, offer);
    sendBranch(*call, offer.id, trunk);
  }
  for (const auto& user : userIds) offerToUser(*call, user);
  if (call->branches.empty()) {
    fallThrough(*call, CallStatus::NoAnswer, "nobody reachable");
    return;
  }
  std::string id = call->id;
  call->ringTimer = deps_.scheduler.schedule(config_.ringTimeout, [this, id] { ringTimedOut(id); });
}

void B2bua::offerToUser(Call& call, const std::string& userId) {
  auto contacts = deps_.devices.contactsOfUser(userId);
  if (contacts.empty()) {
    deps_.log.trace(call.id, userId, "skip", "unreachable: no registered device", nowMs());
    return;
  }
  Offer offer{sip::transaction::randomToken(16), userId, OfferStatus::Ringing, 0, ""};
  call.offers.emplace(offer.id, offer);
  deps_.log.offerCreated(offer.id, call.id, userId, nowMs());
  deps_.log.trace(call.id, userId, "ring", std::to_string(contacts.size()) + " device(s)", nowMs());
  // every device of the offered user rings at once.
  for (const auto& device : contacts) sendBranch(call, offer.id, device);
}

ClientTransactionId B2bua::sendBranch(Call& call, const std::string& offerId, const DeviceContact& device) {
  const auto& in = call.caller.invite;
  sip::Message invite;
  invite.method = "INVITE";
  invite.requestUri = device.contact;
  addVia(invite, device.flow.transport);
  int maxForwards = in.maxForwards().value_or(70);
  invite.addHeader("Max-Forwards", std::to_string(std::max(maxForwards - 1, 1)));
  auto from = in.from();
  sip::NameAddr ourFrom;
  ourFrom.displayName = from.ok() ? from->displayName : "";
  ourFrom.uri = ourContact(device.flow.transport, from.ok() ? from->uri.user : "anonymous").uri;
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
  if (const auto* type = in.header("Content-Type")) invite.addHeader("Content-Type", *type);
  invite.body = in.body;
  Branch branch;
  branch.offerId = offerId;
  branch.device = device;
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
  for (auto& [tx, branch] : call->branches)
    if (!branch.final) deps_.transactions.cancel(tx, {{"Reason", "SIP;cause=480;text=\"No answer\""}});
  for (auto& [id, offer] : call->offers)
    if (offer.status == OfferStatus::Ringing) closeOffer(*call, id, OfferStatus::NoAnswer, "ring timeout");
  fallThrough(*call, CallStatus::NoAnswer, "ring timeout");
}

void B2bua::fallThrough(Call& call, CallStatus status, const std::string& reason) {
  // Until voicemail and the routing chain land, the end of routing is a 480.
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

// Inbound calls follow routing one round at a time: ring what routing chose, and when
// every offer of that round is over without an acceptance, ask routing again (R-2 to
//
#include "calls/b2bua.hpp"

#include "common/log.hpp"

namespace sb::calls {

namespace {

// A routing that keeps answering with rounds that ring nobody (every user it names
// turned out unreachable) is stopped here rather than spinning the loop.
constexpr int kMaxRoutesPerCall = 200;

} // namespace

void B2bua::advance(Call& call) {
  while (call.phase == CallPhase::Ringing) {
    if (++call.routesTaken > kMaxRoutesPerCall) {
      fallThrough(call, CallStatus::NoAnswer, "routing did not settle");
      return;
    }
    Route route = deps_.routing.next(call.id);
    if (startRoute(call, route)) return;
  }
}

// How a route rings one of its users: which devices, which answers need a key press.
B2bua::RingOptions B2bua::ringOptionsOf(const Route& route, const std::string& userId) {
  RingOptions options;
  options.sipPhones = !route.noSipPhones.contains(userId);
  options.browsers = !route.noBrowsers.contains(userId);
  options.confirmSipPhones = route.confirm;
  if (auto number = route.ringThrough.find(userId); number != route.ringThrough.end())
    options.ringThroughE164 = number->second;
  return options;
}

// Starts one route; false when it rang nothing, so the caller asks routing again.
bool B2bua::startRoute(Call& call, const Route& route) {
  ++call.round;
  const bool distribution = call.direction == CallDirection::Distribution;
  if (distribution && route.kind != Route::Kind::Offer) {
    // A lead is only ever offered to users: nobody is on the line to dial a number for or
    // to take a message from, so anything else ends the distribution unclaimed.
    fallThrough(call, CallStatus::NoAnswer, distributionEndReason(call));
    return true;
  }
  switch (route.kind) {
  case Route::Kind::Offer: {
    bool rang = false;
    for (const auto& user : route.users) {
      auto options = ringOptionsOf(route, user);
      // a phone answering is asked to press 1 to take the lead, whatever the route says.
      if (distribution) options.confirmSipPhones = true;
      if (offerToUser(call, user, options)) rang = true;
      else deps_.routing.offerEnded(call.id, user, OfferStatus::Failed);
    }
    if (!rang) return false;
    armRingTimer(call, route.ringTimeout);
    return true;
  }
  case Route::Kind::Dial:
    if (!dialThroughTrunk(call, route.number)) return false;
    armRingTimer(call, route.ringTimeout);
    return true;
  case Route::Kind::Voicemail:
    answerWithVoicemail(call);
    return true;
  case Route::Kind::Hangup:
    fallThrough(call, CallStatus::NoAnswer, "routing exhausted");
    return true;
  }
  return false;
}

bool B2bua::dialThroughTrunk(Call& call, const std::string& e164, bool confirm) {
  auto target = trunkContact(e164);
  if (!target) {
    deps_.log.trace(call.id, "", "skip", "cannot dial " + e164 + ": no trunk configured", nowMs());
    return false;
  }
  Offer offer{sip::transaction::randomToken(16), "", OfferStatus::Ringing, 0, "", call.round, ""};
  if (call.transfer && call.transfer->round == call.round) offer.transferredBy = call.transfer->byUserId;
  call.offers.emplace(offer.id, offer);
  deps_.log.trace(call.id, "", "dial", e164, nowMs());
  if (sendBranch(call, offer.id, *target, confirm) == 0) {
    call.offers[offer.id].status = OfferStatus::Failed;
    return false;
  }
  return true;
}

void B2bua::armRingTimer(Call& call, common::Duration timeout) {
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  std::string id = call.id;
  call.ringTimer = deps_.scheduler.schedule(timeout, [this, id] { ringTimedOut(id); });
}

bool B2bua::roundOpen(const Call& call) const {
  for (const auto& [id, offer] : call.offers)
    if (offer.round == call.round && offer.status == OfferStatus::Ringing) return true;
  return false;
}

// Every offer of the current round is over and nobody accepted.
void B2bua::roundOver(Call& call, CallStatus status, const std::string& reason) {
  if (call.ringTimer != 0) deps_.scheduler.cancel(call.ringTimer);
  call.ringTimer = 0;
  if (followsRouting(call)) {
    advance(call);
    return;
  }
  fallThrough(call, status, reason);
}

void B2bua::withdrawOffers(const std::string& userId, const std::string& reason) {
  std::vector<std::string> affected;
  for (auto& [id, call] : calls_) {
    if (call->phase != CallPhase::Ringing && !call->transfer) continue;
    for (const auto& [offerId, offer] : call->offers)
      if (offer.userId == userId && offer.status == OfferStatus::Ringing) affected.push_back(id);
  }
  for (const auto& id : affected) {
    Call* call = findCall(id);
    if (call == nullptr || (call->phase != CallPhase::Ringing && !call->transfer)) continue;
    for (auto& [tx, branch] : call->branches) {
      auto offer = call->offers.find(branch.offerId);
      if (offer == call->offers.end() || offer->second.userId != userId) continue;
      stopBranch(*call, tx, branch, {"Reason", "SIP;cause=480;text=\"" + reason + "\""});
    }
    for (auto& [offerId, offer] : call->offers)
      if (offer.userId == userId && offer.status == OfferStatus::Ringing)
        closeOffer(*call, offerId, OfferStatus::Cancelled, reason);
    SB_LOG_INFO("call {}: offer to {} withdrawn: {}", id, userId, reason);
    afterOffersClosed(*call, reason);
  }
}

} // namespace sb::calls

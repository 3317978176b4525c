#include "server/event_feed.hpp"

#include "api/json_views.hpp"
#include "common/log.hpp"

#include <boost/asio/post.hpp>

#include <future>

namespace sb::server {

using api::events::Audience;
using nlohmann::json;

EventFeed::EventFeed(store::Store& db, api::events::EventHub& hub, api::auth::MetricsRegistry& metrics)
    : db_(db), hub_(hub), offers_(metrics.counter("switchboard_offers_total", "Offers made to users (R-5)")),
      answerSeconds_(metrics.histogram("switchboard_answer_seconds", "From a call's arrival to a user accepting it",
                                       {1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120})),
      work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

EventFeed::~EventFeed() {
  work_.reset();
  thread_.join();
}

template <typename Fn> void EventFeed::later(Fn&& fn) {
  boost::asio::post(io_, [this, fn = std::forward<Fn>(fn)]() mutable {
    try {
      fn();
    } catch (const std::exception& e) {
      SB_LOG_ERROR("event feed: {}", e.what());
    }
  });
}

void EventFeed::drain() {
  std::promise<void> done;
  auto finished = done.get_future();
  boost::asio::post(io_, [&done] { done.set_value(); });
  finished.wait();
}

std::string EventFeed::userName(const std::string& userId) {
  auto user = db_.getUser(userId);
  return user.ok() && *user ? (*user)->name : std::string();
}

// what the offered user's notification shows: the caller's name and number, the
// lead's title and company, its owner, and when the caller was last in contact.
json EventFeed::offerSummary(const std::string& callId) {
  auto detail = db_.findCall(callId);
  if (!detail.ok() || !*detail) return {{"call_id", callId}};
  const auto& call = (*detail)->call;
  // a lead being distributed rings agents from our caller ID; the one they would
  // talk to is the lead, at the number called once someone takes it.
  const bool distribution = call.direction == store::CallDirection::Distribution;
  const std::string& customerE164 = distribution ? call.numberE164 : call.callerE164;
  json summary = {{"call_id", call.id},
                  {"direction", store::toString(call.direction)},
                  {"number", call.numberE164},
                  {"caller", {{"number", customerE164}, {"name", nullptr}}},
                  {"started_at", api::timeJson(call.startedAt)},
                  {"lead", nullptr},
                  {"last_contact_at", nullptr}};
  if (!customerE164.empty()) {
    store::CallQuery earlier;
    earlier.phones = {customerE164};
    earlier.to = call.startedAt;
    earlier.limit = 1;
    if (auto page = db_.searchCalls(earlier); page.ok() && !page->calls.empty())
      summary["last_contact_at"] = api::timeJson(page->calls.front().startedAt);
  }
  if (!call.leadId) return summary;
  auto lead = db_.getLead(*call.leadId);
  if (!lead.ok() || !*lead) return summary;
  summary["caller"]["name"] = (*lead)->name;
  json owner = nullptr;
  if ((*lead)->ownerUserId) owner = {{"id", *(*lead)->ownerUserId}, {"name", userName(*(*lead)->ownerUserId)}};
  summary["lead"] = {{"id", (*lead)->id},       {"name", (*lead)->name},   {"title", (*lead)->title},
                     {"company", (*lead)->company}, {"owner", owner}, {"crm_url", (*lead)->crmUrl}};
  return summary;
}

void EventFeed::callStarted(const store::CallRecord& call) {
  later([this, call] {
    calls_[call.id].startedAt = call.startedAt;
    hub_.publish("call.started", Audience{}, {{"call", api::callJson(call)}});
  });
}

void EventFeed::offerCreated(const std::string& offerId, const std::string& callId, const std::string& userId,
                             store::EpochMs at, const std::string& transferredBy) {
  later([this, offerId, callId, userId, at, transferredBy] {
    ringing_[offerId] = Offer{callId, userId};
    offers_.inc();
    calls_[callId].involved.insert(userId);
    json data = offerSummary(callId);
    data["offer_id"] = offerId;
    data["user_id"] = userId;
    data["offered_at"] = api::timeJson(at);
    // the target sees "transfer from <user>".
    if (!transferredBy.empty())
      data["transfer_from"] = {{"user_id", transferredBy}, {"name", userName(transferredBy)}};
    hub_.publish("call.offered", Audience{false, {userId}}, std::move(data));
  });
}

// the offer is gone from the user's screen, and they learn who took the call.
void EventFeed::offerEnded(const std::string& offerId, store::OfferStatus status, const std::string& reason) {
  later([this, offerId, status, reason] {
    auto offer = ringing_.find(offerId);
    if (offer == ringing_.end()) return;
    Offer ended = offer->second;
    ringing_.erase(offer);
    if (status == store::OfferStatus::Accepted) return; // call.accepted says it
    json takenBy = nullptr;
    if (auto call = calls_.find(ended.callId); call != calls_.end() && !call->second.answeredBy.empty())
      takenBy = {{"user_id", call->second.answeredBy}, {"name", userName(call->second.answeredBy)}};
    hub_.publish("call.offer_withdrawn", Audience{false, {ended.userId}},
                 {{"call_id", ended.callId},
                  {"offer_id", offerId},
                  {"user_id", ended.userId},
                  {"status", store::toString(status)},
                  {"reason", reason},
                  {"taken_by", takenBy}});
  });
}

void EventFeed::callAccepted(const std::string& callId, const std::string& userId, store::EpochMs at) {
  later([this, callId, userId, at] {
    auto& call = calls_[callId];
    call.answeredBy = userId;
    call.involved.insert(userId);
    if (call.startedAt > 0 && at >= call.startedAt) answerSeconds_.observe(static_cast<double>(at - call.startedAt) / 1000.0);
    json lead = nullptr;
    if (auto detail = db_.findCall(callId); detail.ok() && *detail && (*detail)->call.leadId)
      if (auto found = db_.getLead(*(*detail)->call.leadId); found.ok() && *found) lead = api::leadJson(**found);
    hub_.publish("call.accepted",
                 Audience{false, {call.involved.begin(), call.involved.end()}},
                 {{"call_id", callId},
                  {"user_id", userId},
                  {"user_name", userName(userId)},
                  {"accepted_at", api::timeJson(at)},
                  {"lead", lead}});
  });
}

void EventFeed::callEnded(const store::CallEnd& end) {
  later([this, end] {
    auto call = calls_.find(end.callId);
    std::vector<std::string> involved;
    if (call != calls_.end()) involved.assign(call->second.involved.begin(), call->second.involved.end());
    json record = {{"id", end.callId}, {"outcome", store::toString(end.status)}, {"end_reason", end.endReason}};
    if (auto detail = db_.findCall(end.callId); detail.ok() && *detail) record = api::callJson((*detail)->call);
    if (call != calls_.end()) calls_.erase(call);
    hub_.publish("call.ended", Audience{false, std::move(involved)}, {{"call", record}});
  });
}

void EventFeed::voicemailLeft(const store::Voicemail& voicemail) {
  later([this, voicemail] {
    std::vector<std::string> owner;
    if (voicemail.leadId)
      if (auto lead = db_.getLead(*voicemail.leadId); lead.ok() && *lead && (*lead)->ownerUserId)
        owner.push_back(*(*lead)->ownerUserId);
    hub_.publish("voicemail.left", Audience{false, std::move(owner)}, {{"voicemail", api::voicemailJson(voicemail)}});
  });
}

void EventFeed::followUpOpened(const store::MissedCall& missed) {
  later([this, missed] {
    std::vector<std::string> to;
    if (missed.ownerUserId) to.push_back(*missed.ownerUserId);
    hub_.publish("follow_up.updated", Audience{false, std::move(to)},
                 {{"status", "open"},
                  {"caller", missed.callerE164},
                  {"lead_id", missed.leadId ? json(*missed.leadId) : json(nullptr)},
                  {"assigned_user_id", missed.ownerUserId ? json(*missed.ownerUserId) : json(nullptr)},
                  {"reason", missed.reason},
                  {"call_id", missed.callId}});
  });
}

void EventFeed::followUpsClosed(const std::string& callerE164, const std::optional<std::string>& leadId,
                                const std::string& callId) {
  later([this, callerE164, leadId, callId] {
    std::vector<std::string> to;
    if (auto call = calls_.find(callId); call != calls_.end() && !call->second.answeredBy.empty())
      to.push_back(call->second.answeredBy);
    hub_.publish("follow_up.updated", Audience{false, std::move(to)},
                 {{"status", "closed"},
                  {"caller", callerE164},
                  {"lead_id", leadId ? json(*leadId) : json(nullptr)},
                  {"closed_by_call_id", callId}});
  });
}

void EventFeed::availabilityChanged(const std::string& userId, bool available, const std::string& reason) {
  later([this, userId, available, reason] {
    hub_.publish("user.availability", Audience{false, {userId}},
                 {{"user_id", userId}, {"available", available}, {"reason", reason}});
  });
}

void EventFeed::coolDown(const std::string& userId, store::EpochMs until) {
  later([this, userId, until] {
    hub_.publish("user.cool_down", Audience{false, {userId}},
                 {{"user_id", userId}, {"until", until > 0 ? api::timeJson(until) : json(nullptr)}});
  });
}

void EventFeed::leadAssigned(const std::string& leadId, const std::string& userId) {
  later([this, leadId, userId] {
    json lead = {{"id", leadId}};
    if (auto found = db_.getLead(leadId); found.ok() && *found) lead = api::leadJson(**found);
    hub_.publish("lead.assigned", Audience{false, {userId}}, {{"lead", lead}, {"user_id", userId}});
  });
}

void EventFeed::leadException(const store::LeadException& exception) {
  later([this, exception] {
    json lead = {{"id", exception.leadId}};
    if (auto found = db_.getLead(exception.leadId); found.ok() && *found) lead = api::leadJson(**found);
    hub_.publish("lead.exception", Audience{false, {}},
                 {{"lead_exception",
                   {{"id", exception.id},
                    {"group_id", exception.groupId ? json(*exception.groupId) : json(nullptr)},
                    {"call_id", exception.callId ? json(*exception.callId) : json(nullptr)},
                    {"reason", exception.reason},
                    {"detail", exception.detail},
                    {"created_at", api::timeJson(exception.createdAt)}}},
                  {"lead", lead}});
  });
}

// to the transferring user (admins see every event).
void EventFeed::transferStarted(const std::string& callId, const std::string& byUserId, const json& target) {
  later([this, callId, byUserId, target] {
    hub_.publish("call.transfer_started", Audience{false, {byUserId}},
                 {{"call_id", callId}, {"by_user_id", byUserId}, {"target", target}});
  });
}

// both users learn of it; the one who took the call gets the screen pop as on
// an answer (call.accepted with the full lead).
void EventFeed::transferred(const std::string& callId, const std::string& fromUserId, const std::string& toUserId,
                            const std::string& toName, store::EpochMs at) {
  later([this, callId, fromUserId, toUserId, toName, at] {
    auto& call = calls_[callId];
    std::vector<std::string> to{fromUserId};
    if (!toUserId.empty()) {
      call.answeredBy = toUserId; // later withdrawals say who has the call now
      call.involved.insert(toUserId);
      to.push_back(toUserId);
    }
    std::string name = toUserId.empty() ? toName : userName(toUserId);
    hub_.publish("call.transferred", Audience{false, to},
                 {{"call_id", callId},
                  {"from_user_id", fromUserId.empty() ? json(nullptr) : json(fromUserId)},
                  {"to_user_id", toUserId.empty() ? json(nullptr) : json(toUserId)},
                  {"to_name", name}});
    if (toUserId.empty()) return;
    json lead = nullptr;
    if (auto detail = db_.findCall(callId); detail.ok() && *detail && (*detail)->call.leadId)
      if (auto found = db_.getLead(*(*detail)->call.leadId); found.ok() && *found) lead = api::leadJson(**found);
    hub_.publish("call.accepted", Audience{false, {toUserId}},
                 {{"call_id", callId},
                  {"user_id", toUserId},
                  {"user_name", name},
                  {"accepted_at", api::timeJson(at)},
                  {"lead", lead},
                  {"transferred_from_user_id", fromUserId.empty() ? json(nullptr) : json(fromUserId)}});
  });
}

void EventFeed::transferFailed(const std::string& callId, const std::string& byUserId, const json& target,
                               const std::string& reason) {
  later([this, callId, byUserId, target, reason] {
    hub_.publish("call.transfer_failed", Audience{false, {byUserId}},
                 {{"call_id", callId}, {"by_user_id", byUserId}, {"target", target}, {"reason", reason}});
  });
}

} // namespace sb::server

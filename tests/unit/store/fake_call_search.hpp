#pragma once
// The calls list and call logging over FakeStore's in-memory calls, with the
// same checks, filters, order and cursors as the real stores (store/call_search.hpp).
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "store/call_search.hpp"
#include "store/records.hpp"

namespace sb::store::testing {

inline bool fakeCallMatches(const CallDetail& d, const CallQuery& q) {
  const CallRecord& c = d.call;
  const int talk = c.talkSeconds.value_or(0);
  if ((q.talkTimeMin && talk < *q.talkTimeMin) || (q.talkTimeMax && talk > *q.talkTimeMax)) {
    return false;
  }
  if ((q.from && c.startedAt < *q.from) || (q.to && c.startedAt >= *q.to)) return false;
  if (!q.phones.empty()) {
    const std::string digits = callPhoneDigits(c);
    const bool any = std::any_of(q.phones.begin(), q.phones.end(), [&](const std::string& p) {
      return digits.find(phoneDigits(p)) != std::string::npos;
    });
    if (!any) return false;
  }
  if (!q.userIds.empty()) {
    auto wanted = [&](const std::string& id) {
      return std::find(q.userIds.begin(), q.userIds.end(), id) != q.userIds.end();
    };
    const bool answered = c.answeredByUserId && wanted(*c.answeredByUserId);
    const bool offered = std::any_of(d.offers.begin(), d.offers.end(),
                                     [&](const OfferRecord& o) { return wanted(o.userId); });
    if (!answered && !offered) return false;
  }
  if (q.disposition && c.disposition != *q.disposition) return false;
  if (q.direction && c.direction != *q.direction) return false;
  if (q.outcome && c.status != *q.outcome) return false;
  if (q.leadId && c.leadId != q.leadId) return false;
  return true;
}

inline common::Result<CallSearchPage>
fakeSearchCalls(const std::map<std::string, CallDetail>& calls, const CallQuery& q) {
  auto after = checkCallQuery(q);
  if (!after) return after.error();
  const bool ascending = q.sort == CallSort::StartedOldestFirst;
  auto position = [&](const CallRecord& c) {
    return std::make_tuple(callSortKey(q.sort, c), c.id);
  };
  std::vector<CallRecord> rows;
  for (const auto& [id, detail] : calls) {
    if (!fakeCallMatches(detail, q)) continue;
    if (*after) {
      const auto cut = std::make_tuple((*after)->key, (*after)->id);
      if (ascending ? !(position(detail.call) > cut) : !(position(detail.call) < cut)) continue;
    }
    rows.push_back(detail.call);
  }
  std::sort(rows.begin(), rows.end(), [&](const CallRecord& a, const CallRecord& b) {
    return ascending ? position(a) < position(b) : position(b) < position(a);
  });
  if (rows.size() > static_cast<std::size_t>(q.limit) + 1) rows.resize(q.limit + 1U);
  return callPage(std::move(rows), q);
}

inline common::Result<CallRecord> fakeLogCall(std::map<std::string, CallDetail>& calls,
                                              const nlohmann::json& settings, const CallLog& log,
                                              EpochMs now) {
  if (auto bad = checkCallLog(log, settings)) return *bad;
  auto it = calls.find(log.callId);
  if (it == calls.end()) return common::makeError("call: no call " + log.callId, 404);
  CallRecord& c = it->second.call;
  const bool clash =
      (log.disposition && !c.disposition.empty() && c.disposition != *log.disposition) ||
      (log.sentiment && !c.sentiment.empty() && c.sentiment != *log.sentiment);
  if (clash) return callLogConflict(log, c.disposition, c.sentiment);
  if (log.notes) c.notes = *log.notes;
  if (log.disposition) c.disposition = *log.disposition;
  if (log.sentiment) c.sentiment = *log.sentiment;
  if (log.byUserId) c.loggedByUserId = log.byUserId;
  c.loggedAt = now;
  return c;
}

} // namespace sb::store::testing

#pragma once
// What the HTTP API reads and keeps, over FakeRecords: a user by email, the leads search
// (with the real stores' checks, order and cursors from store/lead_search.hpp), tokens,
// webhooks and their deliveries — kept to the real stores' rules and errors.
#include <algorithm>
#include <array>
#include <string>
#include <tuple>
#include <vector>

#include "store/admin_checks.hpp"
#include "store/call_search.hpp"
#include "store/conflicts.hpp"
#include "store/lead_search.hpp"
#include "unit/store/fake_records.hpp"

namespace sb::store::testing {

template <typename T> bool fakeNewestFirst(const T& a, const T& b) {
  return std::tie(b.createdAt, b.id) < std::tie(a.createdAt, a.id);
}

inline Found<User> fakeFindUserByEmail(const FakeRecords& r, std::string_view email) {
  const std::string wanted = fakeLower(std::string(email));
  for (const User& u : r.users) {
    if (fakeLower(u.email) == wanted) return std::optional<User>{u};
  }
  return std::optional<User>{};
}

inline bool fakeLeadMatches(const Lead& l, const LeadQuery& q) {
  if (!q.text.empty()) {
    const std::string text = fakeLower(q.text);
    const std::array<const std::string*, 4> fields{&l.name, &l.company, &l.title, &l.email};
    const bool any = std::any_of(fields.begin(), fields.end(), [&](const std::string* field) {
      return fakeLower(*field).find(text) != std::string::npos;
    });
    if (!any) return false;
  }
  if (!q.phone.empty()) {
    const std::string digits = phoneDigits(q.phone);
    const bool any = std::any_of(l.phones.begin(), l.phones.end(), [&](const std::string& p) {
      return phoneDigits(p).find(digits) != std::string::npos;
    });
    if (!any) return false;
  }
  if (q.unassignedOnly && l.ownerUserId) return false;
  if (q.ownerUserId && l.ownerUserId != q.ownerUserId) return false;
  return true;
}

inline common::Result<LeadPage> fakeSearchLeads(const FakeRecords& r, const LeadQuery& q) {
  auto after = checkLeadQuery(q);
  if (!after) return after.error();
  std::vector<Lead> rows;
  for (const Lead& l : r.leads) {
    if (!fakeLeadMatches(l, q)) continue;
    if (*after && !(std::tie(l.createdAt, l.id) < std::tie((*after)->key, (*after)->id))) continue;
    rows.push_back(l);
  }
  std::sort(rows.begin(), rows.end(), fakeNewestFirst<Lead>);
  if (rows.size() > static_cast<std::size_t>(q.limit) + 1) rows.resize(q.limit + 1U);
  return leadPage(std::move(rows), q);
}

inline common::Result<std::vector<ApiToken>> fakeListTokens(const FakeRecords& r,
                                                            const std::string& userId) {
  std::vector<ApiToken> found;
  for (const ApiToken& t : r.tokens) {
    if (t.kind == TokenKind::Integration && (userId.empty() || t.userId == userId)) {
      found.push_back(t);
    }
  }
  std::sort(found.begin(), found.end(), fakeNewestFirst<ApiToken>);
  return found;
}

inline common::Result<ApiToken> fakeCreateToken(FakeRecords& r, const ApiToken& token) {
  if (auto bad = checkToken(token)) return *bad;
  if (!fakeFind(r.users, token.userId)) return common::makeError("no user " + token.userId, 409);
  const bool taken = std::any_of(r.tokens.begin(), r.tokens.end(),
                                 [&](const ApiToken& t) { return t.tokenHash == token.tokenHash; });
  if (taken) return common::fieldError("token_hash", "token_hash is already in use", 409);
  ApiToken stored = token;
  r.stamp(stored, "token");
  r.tokens.push_back(stored);
  return stored;
}

inline std::optional<common::Error> fakeTouchToken(FakeRecords& r, const std::string& id,
                                                   EpochMs at) {
  ApiToken* t = fakeFind(r.tokens, id);
  if (!t) return unknownRecord("token", id);
  t->lastUsedAt = at;
  return std::nullopt;
}

inline std::optional<common::Error> fakeRevokeToken(FakeRecords& r, const std::string& id,
                                                    EpochMs at) {
  ApiToken* t = fakeFind(r.tokens, id);
  if (!t) return unknownRecord("token", id);
  t->revokedAt = t->revokedAt.value_or(at); // revoking again keeps the first time
  return std::nullopt;
}

inline common::Result<Webhook> fakeCreateWebhook(FakeRecords& r, const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  Webhook stored = webhook;
  r.stamp(stored, "webhook");
  r.webhooks.push_back(stored);
  return stored;
}

inline common::Result<Webhook> fakeUpdateWebhook(FakeRecords& r, const Webhook& webhook) {
  if (auto bad = checkWebhook(webhook)) return *bad;
  Webhook* w = fakeFind(r.webhooks, webhook.id);
  if (!w) return unknownRecord("webhook", webhook.id);
  const EpochMs createdAt = w->createdAt;
  *w = webhook;
  w->createdAt = createdAt;
  return *w;
}

inline std::optional<common::Error> fakeDeleteWebhook(FakeRecords& r, const std::string& id) {
  if (!fakeFind(r.webhooks, id)) return unknownRecord("webhook", id);
  std::erase_if(r.webhooks, [&](const Webhook& w) { return w.id == id; });
  std::erase_if(r.deliveries, [&](const WebhookDelivery& d) { return d.webhookId == id; });
  return std::nullopt;
}

inline common::Result<std::vector<WebhookDelivery>>
fakeListDeliveries(const FakeRecords& r, const std::string& webhookId, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  std::vector<WebhookDelivery> found;
  for (const WebhookDelivery& d : r.deliveries) {
    if (d.webhookId == webhookId) found.push_back(d);
  }
  std::sort(found.begin(), found.end(), fakeNewestFirst<WebhookDelivery>);
  if (found.size() > static_cast<std::size_t>(limit)) found.resize(static_cast<std::size_t>(limit));
  return found;
}

inline common::Result<std::vector<WebhookDelivery>> fakeDueDeliveries(const FakeRecords& r,
                                                                      EpochMs now, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  std::vector<WebhookDelivery> due;
  for (const WebhookDelivery& d : r.deliveries) {
    if (d.status == DeliveryStatus::Pending && d.nextAttemptAt <= now) due.push_back(d);
  }
  std::sort(due.begin(), due.end(), [](const WebhookDelivery& a, const WebhookDelivery& b) {
    return std::tie(a.nextAttemptAt, a.createdAt, a.id) <
           std::tie(b.nextAttemptAt, b.createdAt, b.id);
  });
  if (due.size() > static_cast<std::size_t>(limit)) due.resize(static_cast<std::size_t>(limit));
  return due;
}

inline common::Result<WebhookDelivery> fakeCreateDelivery(FakeRecords& r,
                                                          const WebhookDelivery& delivery) {
  if (auto bad = checkDelivery(delivery)) return *bad;
  if (!fakeFind(r.webhooks, delivery.webhookId)) {
    return common::makeError("no webhook " + delivery.webhookId, 409);
  }
  WebhookDelivery stored = delivery;
  r.stamp(stored, "delivery");
  r.deliveries.push_back(stored);
  return stored;
}

inline std::optional<common::Error> fakeUpdateDelivery(FakeRecords& r, const WebhookDelivery& d) {
  if (auto bad = checkDeliveryProgress(d)) return bad;
  WebhookDelivery* stored = fakeFind(r.deliveries, d.id);
  if (!stored) return unknownRecord("delivery", d.id);
  stored->status = d.status;
  stored->attempts = d.attempts;
  stored->nextAttemptAt = d.nextAttemptAt;
  stored->lastStatusCode = d.lastStatusCode;
  stored->lastError = d.lastError;
  stored->deliveredAt = d.deliveredAt;
  return std::nullopt;
}

} // namespace sb::store::testing

// PostgresStore: the reads the HTTP API adds — a user by email, the leads search, tokens,
// webhooks and their deliveries; on the shared connection.
#include <string>

#include "store/admin_checks.hpp"
#include "store/lead_search.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"

namespace sb::store::postgres {
Found<User> PostgresStore::findUserByEmail(std::string_view email) {
  return onShared([&](Connection& c) {
    // lower(email) is what the unique index users_email holds, so this is an index lookup.
    return oneOf<User>(c, sql(kUserSelect, "WHERE lower(u.email) = lower($1)"), Params().add(email),
                       readUser);
  });
}

common::Result<LeadPage> PostgresStore::searchLeads(const LeadQuery& query) {
  auto after = checkLeadQuery(query);
  if (!after) return after.error();
  const SqlTail search = leadSearchSql(query, *after, SqlDialect::Postgres);
  return onShared([&](Connection& c) -> common::Result<LeadPage> {
    // Not prepared: the text differs with the filters given.
    auto rows = c.queryOnce(sql(kLeadSelect, search.tail), paramsOf(search.params));
    if (!rows) return rows.error();
    return leadPage(all<Lead>(*rows, readLead), query);
  });
}

Found<ApiToken> PostgresStore::findTokenByHash(std::string_view tokenHash) {
  return onShared([&](Connection& c) {
    return oneOf<ApiToken>(c, sql(kTokenSelect, "WHERE token_hash = $1"), Params().add(tokenHash),
                           readToken);
  });
}

common::Result<std::vector<ApiToken>> PostgresStore::listTokens(const std::string& userId) {
  return onShared([&](Connection& c) {
    if (userId.empty()) {
      return listOf<ApiToken>(c,
                              sql(kTokenSelect, "WHERE kind = 'integration'"
                                                " ORDER BY created_at DESC, id DESC"),
                              {}, readToken);
    }
    return listOf<ApiToken>(c,
                            sql(kTokenSelect, "WHERE kind = 'integration' AND user_id = $1"
                                              " ORDER BY created_at DESC, id DESC"),
                            Params().add(userId), readToken);
  });
}

common::Result<std::vector<Webhook>> PostgresStore::listWebhooks() {
  return onShared([](Connection& c) {
    return listOf<Webhook>(c, sql(kWebhookSelect, "ORDER BY created_at, id"), {}, readWebhook);
  });
}

Found<Webhook> PostgresStore::getWebhook(const std::string& id) {
  return onShared([&](Connection& c) {
    return oneOf<Webhook>(c, sql(kWebhookSelect, "WHERE id = $1"), Params().add(id), readWebhook);
  });
}

common::Result<std::vector<WebhookDelivery>>
PostgresStore::listDeliveries(const std::string& webhookId, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  return onShared([&](Connection& c) {
    return listOf<WebhookDelivery>(
        c, sql(kDeliverySelect, "WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"),
        Params().add(webhookId).add(limit), readDelivery);
  });
}

common::Result<std::vector<WebhookDelivery>> PostgresStore::dueDeliveries(EpochMs now, int limit) {
  if (auto bad = checkListLimit(limit)) return *bad;
  return onShared([&](Connection& c) {
    return listOf<WebhookDelivery>(c,
                                   sql(kDeliverySelect, "WHERE status = 'pending'"
                                                        " AND next_attempt_at <= $1"
                                                        " ORDER BY next_attempt_at, created_at, id"
                                                        " LIMIT $2"),
                                   Params().add(now).add(limit), readDelivery);
  });
}

} // namespace sb::store::postgres

// Webhooks: admins register URLs and the event types they want; each delivery is
// signed with the webhook's secret, retried with backoff, and listed with its status.
#include "api/event_types.hpp"
#include "api/events/webhook_dispatcher.hpp"
#include "api/events/webhook_url.hpp"
#include "api/json_views.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

#include <openssl/rand.h>

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

std::string newSecret() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "whsec_";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::optional<common::Error> applyWebhookFields(const json& body, store::Webhook& webhook) {
  http::JsonFields fields(body);
  if (auto e = fields.onlyKnown({"url", "event_types", "active", "secret"})) return e;
  auto url = fields.string("url", 2000);
  if (!url.ok()) return url.error();
  if (*url) {
    auto parsed = events::parseWebhookUrl(**url);
    if (!parsed.ok()) return common::fieldError("url", parsed.error().message);
    webhook.url = **url;
  }
  if (webhook.url.empty()) return common::fieldError("url", "is required");
  auto types = fields.strings("event_types", kEventTypes.size(), 64);
  if (!types.ok()) return types.error();
  if (*types) {
    for (const auto& type : **types)
      if (!isEventType(type)) return common::fieldError("event_types", "\"" + type + "\" is not an event type");
    webhook.eventTypes = **types;
  }
  auto active = fields.boolean("active");
  if (!active.ok()) return active.error();
  if (*active) webhook.active = **active;
  auto secret = fields.string("secret", 200);
  if (!secret.ok()) return secret.error();
  if (*secret) {
    if ((*secret)->size() < 16) return common::fieldError("secret", "must be at least 16 characters");
    webhook.secret = **secret;
  }
  return std::nullopt;
}

common::Result<store::Webhook> existing(ApiContext& context, const std::string& id) {
  auto found = context.db.getWebhook(id);
  if (!found.ok()) return found.error();
  if (!*found) return common::makeError("no webhook " + id, 404);
  return std::move(**found);
}

ApiResponse listWebhooks(ApiContext& context, ApiRequest&) {
  SB_API_TRY(webhooks, context.db.listWebhooks());
  json items = json::array();
  for (const auto& webhook : webhooks) items.push_back(webhookJson(webhook));
  return ok(pageJson(std::move(items), ""));
}

ApiResponse createWebhook(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(body, http::parseJsonObject(request.body));
  store::Webhook webhook;
  SB_API_CHECK(applyWebhookFields(body, webhook));
  if (webhook.secret.empty()) webhook.secret = newSecret();
  SB_API_TRY(stored, context.db.createWebhook(webhook));
  context.webhooks.reload();
  json out = webhookJson(stored);
  out["secret"] = stored.secret; // shown once
  return created(out);
}

ApiResponse getWebhook(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(webhook, existing(context, request.param("id")));
  return ok(webhookJson(webhook));
}

ApiResponse updateWebhook(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(webhook, existing(context, request.param("id")));
  SB_API_TRY(body, http::parseJsonObject(request.body));
  SB_API_CHECK(applyWebhookFields(body, webhook));
  SB_API_TRY(stored, context.db.updateWebhook(webhook));
  context.webhooks.reload();
  return ok(webhookJson(stored));
}

ApiResponse deleteWebhook(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(context.db.deleteWebhook(request.param("id")));
  context.webhooks.reload();
  return noContent();
}

ApiResponse listDeliveries(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({"limit"}));
  SB_API_TRY(limit, request.query.integer("limit", 1, 500));
  SB_API_TRY(webhook, existing(context, request.param("id")));
  SB_API_TRY(deliveries, context.db.listDeliveries(webhook.id, static_cast<int>(limit.value_or(100))));
  json items = json::array();
  for (const auto& delivery : deliveries) items.push_back(deliveryJson(delivery));
  return ok(pageJson(std::move(items), ""));
}

} // namespace

void addWebhookRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/webhooks", Access::Admin, bind(listWebhooks), "Webhooks");
  router.add(Verb::post, "/api/v1/webhooks", Access::Admin, bind(createWebhook), "Register a webhook");
  router.add(Verb::get, "/api/v1/webhooks/{id}", Access::Admin, bind(getWebhook), "One webhook");
  router.add(Verb::patch, "/api/v1/webhooks/{id}", Access::Admin, bind(updateWebhook), "Change a webhook");
  router.add(Verb::delete_, "/api/v1/webhooks/{id}", Access::Admin, bind(deleteWebhook), "Remove a webhook");
  router.add(Verb::get, "/api/v1/webhooks/{id}/deliveries", Access::Admin, bind(listDeliveries),
             "Deliveries and their status");
}

} // namespace sb::api

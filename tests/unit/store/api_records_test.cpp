// What the HTTP API keeps, on every backend and the fake: users found by email, tokens
// (issue 5), webhooks and their deliveries (R-27).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/api_store_fixture.hpp"

namespace sb::store {
namespace {

using Strings = std::vector<std::string>;

class ApiRecordsTest : public testing::ApiStoreTest {
protected:
  ApiToken token(const User& user, TokenKind kind, const std::string& hash, EpochMs createdAt) {
    ApiToken t;
    t.userId = user.id;
    t.kind = kind;
    t.name = kind == TokenKind::Integration ? "crm sync " + hash : "";
    t.tokenHash = hash;
    t.createdAt = createdAt;
    auto created = store_->createToken(t);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : t;
  }

  WebhookDelivery delivery(const std::string& webhookId, std::int64_t eventId, EpochMs createdAt,
                           EpochMs nextAttemptAt) {
    WebhookDelivery d;
    d.webhookId = webhookId;
    d.eventId = eventId;
    d.eventType = "call.ended";
    d.payload = R"({"id": )" + std::to_string(eventId) + R"(, "type": "call.ended"})";
    d.createdAt = createdAt;
    d.nextAttemptAt = nextAttemptAt;
    auto created = store_->createDelivery(d);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : d;
  }

  template <typename Rows> static Strings idsOf(const Rows& rows) {
    Strings ids;
    for (const auto& row : rows)
      ids.push_back(row.id);
    return ids;
  }
};
SB_API_STORE_BACKENDS(ApiRecordsTest);

TEST_P(ApiRecordsTest, UsersAreFoundByEmailWhateverItsCase) {
  User dana = addUser("Dana");
  auto found = store_->findUserByEmail("dana@EXAMPLE.test");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, dana.id);
  EXPECT_FALSE(store_->findUserByEmail("dan@example.test")->has_value());
}

TEST_P(ApiRecordsTest, TokensAreFoundByHashAndIntegrationTokensListedNewestFirst) {
  User alice = addUser("alice");
  User bob = addUser("bob");
  ApiToken session = token(alice, TokenKind::Session, "h-session", 500);
  ApiToken older = token(alice, TokenKind::Integration, "h-older", 1'000);
  ApiToken newer = token(alice, TokenKind::Integration, "h-newer", 2'000);
  ApiToken bobs = token(bob, TokenKind::Integration, "h-bob", 3'000);

  EXPECT_EQ(idsOf(*store_->listTokens(alice.id)), (Strings{newer.id, older.id}));
  EXPECT_EQ(idsOf(*store_->listTokens("")), (Strings{bobs.id, newer.id, older.id}));
  EXPECT_TRUE(store_->listTokens("nobody")->empty());

  ApiToken expiring;
  expiring.userId = bob.id;
  expiring.kind = TokenKind::Integration;
  expiring.name = "nightly export";
  expiring.tokenHash = "h-expiring";
  expiring.createdAt = 4'000;
  expiring.expiresAt = 90'000;
  ASSERT_TRUE(store_->createToken(expiring));
  auto found = store_->findTokenByHash("h-expiring");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->userId, bob.id);
  EXPECT_EQ((*found)->kind, TokenKind::Integration);
  EXPECT_EQ((*found)->name, "nightly export");
  EXPECT_EQ((*found)->createdAt, 4'000);
  EXPECT_EQ((*found)->expiresAt, 90'000);
  EXPECT_FALSE((*found)->lastUsedAt.has_value());
  EXPECT_FALSE((*found)->revokedAt.has_value());
  EXPECT_EQ((*store_->findTokenByHash("h-session"))->id, session.id);
  EXPECT_FALSE(store_->findTokenByHash("h-unknown")->has_value());

  const common::Error taken = refused(store_->createToken(expiring));
  EXPECT_EQ(taken.code, 409);
  EXPECT_EQ(taken.field, "token_hash");
  expiring.tokenHash = "h-orphan";
  expiring.userId = "no-such-user";
  EXPECT_EQ(refused(store_->createToken(expiring)).code, 409);
  expiring.userId = bob.id;
  expiring.tokenHash.clear();
  EXPECT_EQ(refused(store_->createToken(expiring)).code, 400);
}

TEST_P(ApiRecordsTest, ARevokedTokenIsStillFoundAndKeepsItsFirstRevocation) {
  User alice = addUser("alice");
  ApiToken t = token(alice, TokenKind::Session, "h-1", 1'000);
  EXPECT_FALSE(store_->touchToken(t.id, 5'000).has_value());
  EXPECT_EQ((*store_->findTokenByHash("h-1"))->lastUsedAt, 5'000);
  EXPECT_FALSE(store_->revokeToken(t.id, 6'000).has_value());
  EXPECT_FALSE(store_->revokeToken(t.id, 7'000).has_value());
  auto revoked = store_->findTokenByHash("h-1");
  ASSERT_TRUE(revoked && *revoked);
  EXPECT_EQ((*revoked)->revokedAt, 6'000);
  EXPECT_EQ((*revoked)->lastUsedAt, 5'000);
  EXPECT_EQ(refused(store_->revokeToken("no-such-token", 1)).code, 404);
  EXPECT_EQ(refused(store_->touchToken("no-such-token", 1)).code, 404);
}

TEST_P(ApiRecordsTest, WebhooksRoundTripAndAnUpdateKeepsCreatedAt) {
  Webhook crm;
  crm.url = "https://crm.example.test/hooks/switchboard";
  crm.secret = "s3cret";
  crm.eventTypes = {"call.started", "call.ended"};
  crm.createdAt = 1'000;
  auto created = store_->createWebhook(crm);
  ASSERT_TRUE(created) << created.error().message;
  Webhook everything;
  everything.url = "https://audit.example.test/";
  everything.secret = "other";
  everything.active = false;
  everything.createdAt = 2'000;
  ASSERT_TRUE(store_->createWebhook(everything));

  auto all = store_->listWebhooks();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ(all->at(0).id, created->id); // creation order
  EXPECT_EQ(all->at(0).eventTypes, (Strings{"call.started", "call.ended"}));
  EXPECT_TRUE(all->at(0).active);
  EXPECT_TRUE(all->at(1).eventTypes.empty());
  EXPECT_FALSE(all->at(1).active);

  Webhook changed = *created;
  changed.url = "https://crm.example.test/v2/hooks";
  changed.secret = "rotated";
  changed.eventTypes = {"lead.created"};
  changed.active = false;
  changed.createdAt = 0;
  auto updated = store_->updateWebhook(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, 1'000);
  auto read = store_->getWebhook(created->id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->url, "https://crm.example.test/v2/hooks");
  EXPECT_EQ((*read)->secret, "rotated");
  EXPECT_EQ((*read)->eventTypes, Strings{"lead.created"});
  EXPECT_FALSE((*read)->active);
  EXPECT_EQ((*read)->createdAt, 1'000);

  changed.id = "no-such-webhook";
  EXPECT_EQ(refused(store_->updateWebhook(changed)).code, 404);
  changed.url.clear();
  EXPECT_EQ(refused(store_->createWebhook(changed)).field, "url");
  EXPECT_FALSE(store_->getWebhook("no-such-webhook")->has_value());
}

TEST_P(ApiRecordsTest, DeliveriesAreListedNewestFirstAndTheDueOnesByWhenTheyAreDue) {
  auto hook = store_->createWebhook(Webhook{"", "https://crm.example.test/", "s", {}, true, 1});
  ASSERT_TRUE(hook);
  auto other = store_->createWebhook(Webhook{"", "https://other.example.test/", "s", {}, true, 2});
  ASSERT_TRUE(other);
  const WebhookDelivery first = delivery(hook->id, 1, 1'000, 9'000);
  const WebhookDelivery second = delivery(hook->id, 2, 2'000, 3'000);
  const WebhookDelivery third = delivery(hook->id, 3, 3'000, 20'000); // not due yet
  const WebhookDelivery elsewhere = delivery(other->id, 4, 4'000, 4'000);

  EXPECT_EQ(idsOf(*store_->listDeliveries(hook->id, 10)), (Strings{third.id, second.id, first.id}));
  EXPECT_EQ(idsOf(*store_->listDeliveries(hook->id, 2)), (Strings{third.id, second.id}));
  EXPECT_EQ(idsOf(*store_->dueDeliveries(10'000, 10)),
            (Strings{second.id, elsewhere.id, first.id}));
  EXPECT_EQ(idsOf(*store_->dueDeliveries(10'000, 1)), Strings{second.id});

  WebhookDelivery sent = second;
  sent.status = DeliveryStatus::Delivered;
  sent.attempts = 1;
  sent.lastStatusCode = 204;
  sent.deliveredAt = 3'100;
  EXPECT_FALSE(store_->updateDelivery(sent).has_value());
  WebhookDelivery retry = first;
  retry.attempts = 2;
  retry.lastStatusCode = 503;
  retry.lastError = "Service Unavailable";
  retry.nextAttemptAt = 15'000;
  EXPECT_FALSE(store_->updateDelivery(retry).has_value());
  WebhookDelivery gaveUp = elsewhere;
  gaveUp.status = DeliveryStatus::Failed;
  gaveUp.attempts = 8;
  gaveUp.lastError = "connection refused";
  EXPECT_FALSE(store_->updateDelivery(gaveUp).has_value());
  EXPECT_TRUE(store_->dueDeliveries(10'000, 10)->empty());
  EXPECT_EQ(idsOf(*store_->dueDeliveries(20'000, 10)), (Strings{first.id, third.id}));

  auto listed = store_->listDeliveries(hook->id, 10);
  ASSERT_TRUE(listed && listed->size() == 3U);
  const WebhookDelivery& stored = listed->at(1);
  EXPECT_EQ(stored.id, second.id);
  EXPECT_EQ(stored.status, DeliveryStatus::Delivered);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.lastStatusCode, 204);
  EXPECT_EQ(stored.deliveredAt, 3'100);
  EXPECT_EQ(stored.eventId, 2);
  EXPECT_EQ(stored.eventType, "call.ended");
  EXPECT_EQ(stored.payload, second.payload); // the exact body, not reformatted
  EXPECT_EQ(listed->at(2).lastError, "Service Unavailable");
  EXPECT_EQ(listed->at(2).lastStatusCode, 503);
  EXPECT_FALSE(listed->at(2).deliveredAt.has_value());

  EXPECT_EQ(refused(store_->listDeliveries(hook->id, 0)).field, "limit");
  EXPECT_EQ(refused(store_->dueDeliveries(10'000, 0)).field, "limit");
  sent.id = "no-such-delivery";
  EXPECT_EQ(refused(store_->updateDelivery(sent)).code, 404);
}

TEST_P(ApiRecordsTest, AWebhooksDeliveriesGoWithIt) {
  auto hook = store_->createWebhook(Webhook{"", "https://crm.example.test/", "s", {}, true, 1});
  ASSERT_TRUE(hook);
  delivery(hook->id, 1, 1'000, 1'000);
  delivery(hook->id, 2, 2'000, 2'000);
  EXPECT_FALSE(store_->deleteWebhook(hook->id).has_value());
  EXPECT_FALSE(store_->getWebhook(hook->id)->has_value());
  EXPECT_TRUE(store_->listDeliveries(hook->id, 10)->empty());
  EXPECT_TRUE(store_->dueDeliveries(10'000, 10)->empty());
  EXPECT_EQ(refused(store_->deleteWebhook(hook->id)).code, 404);
  WebhookDelivery orphan;
  orphan.webhookId = hook->id;
  orphan.eventType = "call.ended";
  EXPECT_EQ(refused(store_->createDelivery(orphan)).code, 409);
}

} // namespace
} // namespace sb::store

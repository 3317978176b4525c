// PostgresStore: a round trip through every table, in PostgreSQL's types (BIGINT times,
// JSONB, phones and members kept in order by position).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/postgres/pg_fixture.hpp"

namespace sb::store::postgres {
namespace {

using testing::PgStoreTest;

TEST_F(PgStoreTest, OrganizationIsOneRowWithJsonSettings) {
  EXPECT_TRUE(*store_->isEmpty());
  Organization org{"Acme", "+15550100000", "GB", {{"cool_down_seconds", 30}, {"x", {1.5, "é"}}}};
  ASSERT_TRUE(store_->updateOrganization(org));
  org.name = "Acme Sales";
  ASSERT_TRUE(store_->updateOrganization(org));
  auto read = store_->organization();
  ASSERT_TRUE(read && *read) << (read ? "missing" : read.error().message);
  EXPECT_EQ((*read)->name, "Acme Sales");
  EXPECT_EQ((*read)->companyPhone, "+15550100000");
  EXPECT_EQ((*read)->defaultCountry, "GB");
  EXPECT_EQ((*read)->settings, org.settings);
  EXPECT_FALSE(*store_->isEmpty());
}

TEST_F(PgStoreTest, UsersRoundTripWithAnswerMethodsAndCaseBlindUniqueEmails) {
  User u;
  u.email = "Dana@Example.test";
  u.name = "Dana";
  u.role = Role::Admin;
  u.passwordHash = "$argon2id$v=19$...";
  u.availability = Availability::Unavailable;
  u.availabilityReason = "lunch";
  u.coolDownSeconds = 0;
  u.ringThroughNumber = "+15550123456";
  u.callerId = "+15550100000";
  u.answerMethods = {DeviceKind::RingThrough, DeviceKind::Browser};
  u.attributes = {{"languages", {"en", "fr"}}, {"states", {"CA"}}};
  auto created = store_->createUser(u);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id.size(), 26U);
  EXPECT_EQ(created->createdAt, common::toEpochMs(clock_.wallNow()));
  auto read = store_->getUser(created->id);
  ASSERT_TRUE(read && *read);
  const User& r = **read;
  EXPECT_EQ(r.email, u.email);
  EXPECT_EQ(r.role, Role::Admin);
  EXPECT_EQ(r.passwordHash, u.passwordHash);
  EXPECT_EQ(r.availability, Availability::Unavailable);
  EXPECT_EQ(r.availabilityReason, "lunch");
  EXPECT_EQ(r.coolDownSeconds, 0);
  EXPECT_EQ(r.ringThroughNumber, u.ringThroughNumber);
  EXPECT_EQ(r.callerId, u.callerId);
  EXPECT_EQ(r.answerMethods, u.answerMethods);
  EXPECT_EQ(r.attributes, u.attributes);
  EXPECT_EQ(r.createdAt, created->createdAt);
  EXPECT_FALSE(r.assignedNumberId);

  User twin;
  twin.email = "dana@example.TEST";
  twin.name = "Other Dana";
  auto clash = store_->createUser(twin);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, 409) << clash.error().message;
  auto none = store_->getUser("nobody");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  EXPECT_EQ(store_->listUsers()->size(), 1U);
}

TEST_F(PgStoreTest, DevicesAreFoundByTheirSipUsername) {
  User dana = addUser("dana");
  Device phone;
  phone.userId = dana.id;
  phone.kind = DeviceKind::Sip;
  phone.sipUsername = "dana-desk";
  phone.sipPassword = "secret";
  ASSERT_TRUE(store_->createDevice(phone));
  Device mobile;
  mobile.userId = dana.id;
  mobile.kind = DeviceKind::RingThrough;
  ASSERT_TRUE(store_->createDevice(mobile));
  auto found = store_->findDeviceBySipUsername("dana-desk");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->userId, dana.id);
  EXPECT_EQ((*found)->sipPassword, "secret");
  EXPECT_EQ(store_->listDevices()->size(), 2U);
  EXPECT_EQ(store_->createDevice(phone).error().code, 409); // same id and username
  phone.id.clear();
  phone.userId = "nobody";
  phone.sipUsername = "ghost";
  EXPECT_EQ(store_->createDevice(phone).error().code, 409); // unknown user (foreign key)
}

TEST_F(PgStoreTest, NumbersUpdateInPlaceAndGiveTheUserTheirNumber) {
  User dana = addUser("dana");
  CallFlowRecord flow{"", "sales", nlohmann::json::array({{{"type", "voicemail"}}}), 0};
  auto storedFlow = store_->createCallFlow(flow);
  ASSERT_TRUE(storedFlow) << storedFlow.error().message;
  PhoneNumber n;
  n.e164 = "+15550100001";
  n.label = "main";
  auto created = store_->createNumber(n);
  ASSERT_TRUE(created) << created.error().message;
  clock_.advance(std::chrono::seconds(5));
  PhoneNumber changed = *created;
  changed.assignedUserId = dana.id;
  changed.forwardingNumber = "+15550100999";
  changed.callFlowId = storedFlow->id;
  changed.createdAt = 42; // ignored: the stored one comes back
  auto updated = store_->updateNumber(changed);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->createdAt, created->createdAt);
  auto found = store_->findNumberByE164("+15550100001");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->assignedUserId, dana.id);
  EXPECT_EQ((*found)->forwardingNumber, "+15550100999");
  EXPECT_EQ((*found)->callFlowId, storedFlow->id);
  EXPECT_EQ((*store_->getUser(dana.id))->assignedNumberId, created->id);

  changed.id = "nope";
  EXPECT_EQ(store_->updateNumber(changed).error().code, 404);
  n.e164 = "5550100";
  EXPECT_EQ(store_->createNumber(n).error().code, 400);
}

TEST_F(PgStoreTest, LeadsKeepTheirPhonesInOrderAndAreFoundByAnyOfThem) {
  User owner = addUser("owner");
  Lead a;
  a.name = "Ada";
  a.company = "Analytical";
  a.title = "CTO";
  a.email = "ada@example.test";
  a.ownerUserId = owner.id;
  a.crmUrl = "https://crm.example.test/ada";
  a.attributes = {{"state", "CA"}};
  a.phones = {"+15550199003", "+15550199001", "+15550199003", "+15550199002"};
  auto storedA = store_->createLead(a);
  ASSERT_TRUE(storedA) << storedA.error().message;
  EXPECT_EQ(storedA->phones,
            (std::vector<std::string>{"+15550199003", "+15550199001", "+15550199002"}));
  clock_.advance(std::chrono::milliseconds(1));
  Lead b;
  b.name = "Bob";
  b.phones = {"+15550199001"};
  ASSERT_TRUE(store_->createLead(b));

  auto read = store_->getLead(storedA->id);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->phones, storedA->phones);
  EXPECT_EQ((*read)->ownerUserId, owner.id);
  EXPECT_EQ((*read)->crmUrl, a.crmUrl);
  EXPECT_EQ((*read)->attributes, a.attributes);
  EXPECT_EQ((*read)->status, "new");

  auto shared = store_->findLeadsByPhone("+15550199001"); // several, oldest first
  ASSERT_TRUE(shared) << shared.error().message;
  ASSERT_EQ(shared->size(), 2U);
  EXPECT_EQ((*shared)[0].name, "Ada");
  EXPECT_EQ((*shared)[1].name, "Bob");
  EXPECT_EQ((*shared)[1].phones, (std::vector<std::string>{"+15550199001"}));
  EXPECT_TRUE(store_->findLeadsByPhone("+15550199999")->empty());
}

TEST_F(PgStoreTest, CallFlowsAndGroupsKeepTheirStepsAndMemberOrder) {
  User a = addUser("a");
  User b = addUser("b");
  User c = addUser("c");
  nlohmann::json steps = nlohmann::json::array({{{"type", "group"},
                                                 {"group_id", "g"},
                                                 {"strategy", "ring_all"},
                                                 {"ring_timeout", 20},
                                                 {"confirm", false}},
                                                {{"type", "voicemail"}}});
  ASSERT_TRUE(store_->createCallFlow(CallFlowRecord{"", "sales", steps, 0}));
  EXPECT_EQ(store_->createCallFlow(CallFlowRecord{"", "", steps, 0}).error().code, 400);
  auto flows = store_->listCallFlows();
  ASSERT_TRUE(flows) << flows.error().message;
  ASSERT_EQ(flows->size(), 1U);
  EXPECT_EQ((*flows)[0].steps, steps);

  ASSERT_TRUE(store_->createGroup(GroupRecord{"", "closers", {c.id, a.id, b.id}, "", 0}));
  clock_.advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(store_->createGroup(GroupRecord{"", "spanish", {}, "user.languages has \"es\"", 0}));
  auto dup = store_->createGroup(GroupRecord{"", "twice", {a.id, a.id}, "", 0});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, 409);
  auto groups = store_->listGroups();
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->size(), 2U); // the failed one left nothing behind
  EXPECT_EQ((*groups)[0].memberIds, (std::vector<std::string>{c.id, a.id, b.id}));
  EXPECT_EQ((*groups)[0].filter, "");
  EXPECT_TRUE((*groups)[1].memberIds.empty());
  EXPECT_EQ((*groups)[1].filter, "user.languages has \"es\"");
}

TEST_F(PgStoreTest, ACallWithItsOffersAndTraceRoundTrips) {
  User dana = addUser("dana");
  CallRecord call = newCall(1'000, "call-1");
  call.outcome = "answered";
  call.disposition = "sale";
  call.notes = "said \"yes\"\n twice";
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(call, d); }));
  ASSERT_TRUE(await([&](Completion d) {
    return store_->offerCreated(newOffer("o-1", "call-1", dana, 1'001), d);
  }));
  for (int i = 0; i < 3; ++i) {
    TraceEntry t{"call-1", 0, 1'002 + i, dana.id, "offered", "step " + std::to_string(i)};
    ASSERT_TRUE(await([&](Completion d) { return store_->traceAppend(t, d); }));
  }
  ASSERT_TRUE(
      await([&](Completion d) { return store_->callAnswered("call-1", dana.id, 2'000, d); }));
  ASSERT_TRUE(await([&](Completion d) {
    return store_->callEnded(CallEnd{"call-1", CallStatus::Completed, "caller hung up", 9'500}, d);
  }));
  auto found = store_->findCall("call-1");
  ASSERT_TRUE(found && *found) << (found ? "missing" : found.error().message);
  const CallDetail& detail = **found;
  EXPECT_EQ(detail.call.status, CallStatus::Completed);
  EXPECT_EQ(detail.call.answeredByUserId, dana.id);
  EXPECT_EQ(detail.call.talkSeconds, 7);
  EXPECT_EQ(detail.call.notes, call.notes);
  EXPECT_EQ(detail.call.disposition, "sale");
  ASSERT_EQ(detail.offers.size(), 1U);
  EXPECT_EQ(detail.offers[0].status, OfferStatus::Cancelled); // still ringing when it ended
  ASSERT_EQ(detail.trace.size(), 3U);
  EXPECT_EQ(detail.trace[2].seq, 3);
  EXPECT_EQ(detail.trace[2].reason, "step 2");
}

TEST_F(PgStoreTest, CallsPageNewestFirstByKeyset) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(i * 1'000), d); }));
  }
  auto first = store_->listCalls(CallPage{std::nullopt, "", 2});
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 2U);
  EXPECT_EQ((*first)[0].startedAt, 5'000);
  auto next = store_->listCalls(CallPage{first->back().startedAt, first->back().id, 10});
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_EQ(next->size(), 3U);
  EXPECT_EQ((*next)[0].startedAt, 3'000);
  EXPECT_EQ(store_->listCalls(CallPage{std::nullopt, "", 0}).error().code, 400);
}

TEST_F(PgStoreTest, VoicemailsAreListedPerCall) {
  ASSERT_TRUE(await([&](Completion d) { return store_->callStarted(newCall(1'000, "c"), d); }));
  Voicemail v{"", "c", std::nullopt, "voicemail/c.wav", 12'345, 2'000};
  ASSERT_TRUE(await([&](Completion d) { return store_->voicemailStored(v, d); }));
  auto listed = store_->listVoicemails("c");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0].path, "voicemail/c.wav");
  EXPECT_EQ((*listed)[0].durationMs, 12'345);
  EXPECT_EQ((*listed)[0].id.size(), 26U);
  v.path.clear();
  EXPECT_EQ(await([&](Completion d) { return store_->voicemailStored(v, d); }).error().code, 400);
}

// libpq passes text as C strings: a NUL byte is refused rather than cutting the text short.
TEST_F(PgStoreTest, TextWithANulByteIsRefusedNotCutShort) {
  Lead l;
  l.name = std::string("Ada\0Lovelace", 12);
  auto created = store_->createLead(l);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, 400) << created.error().message;
  l.id = "lead-nul";
  EXPECT_EQ(await([&](Completion d) { return store_->leadCreated(l, d); }).error().code, 400);
  EXPECT_FALSE(*store_->getLead("lead-nul"));
}

} // namespace
} // namespace sb::store::postgres

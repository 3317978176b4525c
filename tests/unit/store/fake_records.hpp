#pragma once
// What FakeStore keeps, as plain containers open for tests to arrange and inspect, and the
// few rules every in-memory write shares (ids, the clock, finding a record by id).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace sb::store::testing {

struct FakeRecords {
  std::optional<Organization> org;
  std::vector<User> users;
  std::vector<Device> devices;
  std::vector<PhoneNumber> numbers;
  std::vector<Lead> leads;
  std::map<std::string, CallDetail> calls;
  std::vector<CallFlowRecord> callFlows;
  std::vector<GroupRecord> groups;
  std::vector<FollowUp> followUps; // in creation order
  std::vector<Voicemail> voicemails;
  std::vector<ApiToken> tokens;
  std::vector<Webhook> webhooks;
  std::vector<WebhookDelivery> deliveries;
  std::vector<Application> applications;     // in creation order
  std::vector<LeadException> leadExceptions; // in creation order
  EpochMs now = 0; // what admin writes stamp as createdAt when the record has none
  int lastId = 0;  // ids are "<kind>-<n>"

  // Fills in an id and createdAt, as the real store does on an admin write.
  template <typename Record> void stamp(Record& record, const std::string& kind) {
    if (record.id.empty()) record.id = kind + "-" + std::to_string(++lastId);
    if (record.createdAt == 0) record.createdAt = now;
  }
};

// The record with this id in `items`, or nullptr.
template <typename T> T* fakeFind(std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

// ASCII letters without case, as SQLite's NOCASE and LIKE compare them.
inline std::string fakeLower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

} // namespace sb::store::testing

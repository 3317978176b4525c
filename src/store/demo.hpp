#pragma once
// Demo data for a first start: an organization, an admin, three agents with SIP phones
// and numbers, and two leads, so a new install can take a call at once.
//
// Demo logins (documented in the README):
//   admin  admin@demo.switchboard.local   no password yet (see below)
//   agents alice, bob, carol              SIP user "alice", password "alice-demo-sip", ...
//   numbers +15550100001 (alice), +15550100002 (bob), +15550100003 (carol)
//   company phone +15550100000
// The admin's password_hash is NULL: passwords are stored only as argon2 hashes, which the
// API adds; until then the demo admin cannot log in to the API.
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/store.hpp"

namespace sb::store {

struct DemoAgent {
  std::string userId;
  std::string name;
  std::string email;
  std::string sipUsername;
  std::string sipPassword;
  std::string number; // E.164 assigned to the agent
};

struct DemoSeed {
  bool created = false; // false: the store was not empty and nothing was written
  std::string organizationName;
  std::string companyPhone;
  std::string adminUserId;
  std::string adminEmail;
  std::vector<DemoAgent> agents;
  std::vector<std::string> leadIds;
};

// Seeds the demo only when the store is empty (no organization, no user).
common::Result<DemoSeed> seedDemo(Store& store);

} // namespace sb::store

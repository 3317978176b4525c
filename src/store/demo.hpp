#pragma once
// Demo data for a first start: an organization, an admin, three agents with SIP phones
// and numbers, two groups, a call flow on a sales line, and a few leads, so a new
// install can take a call at once.
//
// Demo logins (documented in the README):
//   admin  admin@demo.switchboard.local   no password yet (see below)
//   agents alice, bob, carol              SIP user "alice", password "alice-demo-sip", ...
//   numbers +15550100001 (alice), +15550100002 (bob), +15550100003 (carol)
//   sales line +15550100009: call flow "Sales line" = ring the group "Sales team"
//     (alice, bob, carol) all at once for 20 s, then the company phone for 20 s, then
//     voicemail
//   group "Licensed for the lead's state": no members, filter
//     `user.licensed_states contains lead.state` (every agent is licensed for CA and NY)
//   leads (state, owner): Dana Prospect +15550199001 (CA, alice), Evan Customer
//     +15550199002 (NY, bob), Fiona Buyer +15550199003 (TX, none), Gus Lopez
//     +15550199004 (CA, none), Hana Ito +15550199005 (NY, carol)
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
  std::string salesTeamGroupId;
  std::string licensedGroupId;
  std::string salesFlowId;
  std::string salesLineNumber; // E.164 of the number that uses the sales flow
};

// Seeds the demo only when the store is empty (no organization, no user).
common::Result<DemoSeed> seedDemo(Store& store);

} // namespace sb::store

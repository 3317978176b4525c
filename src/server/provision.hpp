#pragma once
// `switchboard provision FILE.json`: sets up an organization from one JSON document —
// settings, users with SIP devices, groups, call flows, numbers and leads — referring to
// each other by email and name rather than by id. Used for first setup and by the
// end-to-end tests, until the API (and the admin app on it) does the same one at a time.
//
// {
//   "organization": {"name": "...", "company_phone": "+1...", "default_country": "US",
//                    "settings": {...}},                    // merged into the current settings
//   "users":  [{"email", "name", "role", "attributes", "cool_down_seconds", "availability",
//               "sip": {"username", "password"}, "number": "+1..."}],
//   "groups": [{"name", "members": ["email", ...], "filter": "user.states contains lead.state"}],
//   "call_flows": [{"name", "steps": [{"type": "group", "group": "<group name>", "strategy",
//                   "ring_timeout", "confirm"}, {"type": "user", "user": "<email>"}, ...]}],
//   "numbers": [{"e164", "label", "user": "<email>", "forwarding": "+1...", "call_flow": "<name>"}],
//   "leads":  [{"name", "company", "title", "email", "phones": ["+1..."], "owner": "<email>",
//               "status", "crm_url", "attributes"}]
// }
//
// Records are checked and written one at a time, in the order above, so later records
// can name earlier ones (and anything already in the database). The first error stops
// the run and names its place ("users[2].email: required", "numbers[0]: UNIQUE ...");
// the records before it stay written, so fix the document and provision the rest.
#include "common/result.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

namespace sb::server {

struct ProvisionReport {
  int users = 0, groups = 0, callFlows = 0, numbers = 0, leads = 0;
};

common::Result<ProvisionReport> provision(store::Store& db, const nlohmann::json& document);

} // namespace sb::server

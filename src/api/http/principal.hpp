#pragma once
// Who is making an API request or holding an event stream, once authenticated.
#include "store/records.hpp"

#include <string>

namespace sb::api::http {

struct Principal {
  std::string userId; // empty for the SWITCHBOARD_ADMIN_TOKEN
  store::Role role = store::Role::Agent;
  std::string tokenId; // the stored token's id; empty for the admin environment token
  bool isAdmin() const { return role == store::Role::Admin; }
};

} // namespace sb::api::http

#include "server/directories.hpp"

namespace sb::server {

common::Result<std::size_t> CredentialSnapshot::load(store::Store& db) {
  auto devices = db.listDevices();
  if (!devices.ok()) return devices.error();
  byUsername_.clear();
  for (const auto& d : *devices) {
    // SIP phones and browser softphones register; a ring-through number does not.
    if (d.kind == store::DeviceKind::RingThrough || d.sipUsername.empty()) continue;
    byUsername_[d.sipUsername] = sip::auth::DeviceCredential{d.sipUsername, d.sipPassword, d.userId, d.id};
  }
  return byUsername_.size();
}

std::optional<sip::auth::DeviceCredential> CredentialSnapshot::find(std::string_view username) const {
  auto it = byUsername_.find(username);
  if (it == byUsername_.end()) return std::nullopt;
  return it->second;
}

} // namespace sb::server

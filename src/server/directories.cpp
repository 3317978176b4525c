#include "server/directories.hpp"

namespace sb::server {

common::Result<std::size_t> NumberSnapshot::load(store::Store& db) {
  auto numbers = db.listNumbers();
  if (!numbers.ok()) return numbers.error();
  numbers_.clear();
  for (const auto& n : *numbers) numbers_[n.e164] = calls::NumberRoute{n.e164, n.assignedUserId};
  return numbers_.size();
}

std::optional<calls::NumberRoute> NumberSnapshot::findNumber(const std::string& e164) const {
  auto it = numbers_.find(e164);
  if (it == numbers_.end()) return std::nullopt;
  return it->second;
}

common::Result<std::size_t> CredentialSnapshot::load(store::Store& db) {
  auto devices = db.listDevices();
  if (!devices.ok()) return devices.error();
  byUsername_.clear();
  for (const auto& d : *devices) {
    if (d.kind != store::DeviceKind::Sip || d.sipUsername.empty()) continue;
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

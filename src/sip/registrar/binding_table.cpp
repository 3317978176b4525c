#include "sip/registrar/binding_table.hpp"

#include <utility>

namespace sb::sip::registrar {

std::uint32_t Binding::secondsLeft(common::TimePoint now) const {
  if (!isLive(now)) return 0;
  auto ms = (expiresAt - now).count();
  return static_cast<std::uint32_t>((ms + 999) / 1000);
}

BindingId BindingTable::insert(Binding binding) {
  binding.id = nextId_++;
  BindingId id = binding.id;
  std::set<BindingId>& userBindings = byUser_[binding.userId];
  bool wasReachable = !userBindings.empty();
  userBindings.insert(id);
  byDevice_[binding.username].insert(id);
  std::string userId = binding.userId;
  bindings_.emplace(id, std::move(binding));
  if (!wasReachable && onReachability_) onReachability_(userId, true);
  return id;
}

void BindingTable::erase(BindingId id) {
  auto it = bindings_.find(id);
  if (it == bindings_.end()) return;
  std::string userId = it->second.userId;
  auto device = byDevice_.find(it->second.username);
  if (device != byDevice_.end()) {
    device->second.erase(id);
    if (device->second.empty()) byDevice_.erase(device);
  }
  bindings_.erase(it);
  auto user = byUser_.find(userId);
  if (user == byUser_.end()) return;
  user->second.erase(id);
  if (user->second.empty()) {
    byUser_.erase(user);
    if (onReachability_) onReachability_(userId, false);
  }
}

std::size_t BindingTable::purgeExpired(common::TimePoint now) {
  std::vector<BindingId> expired;
  for (const auto& [id, binding] : bindings_) {
    if (!binding.isLive(now)) expired.push_back(id);
  }
  for (BindingId id : expired)
    erase(id);
  return expired.size();
}

Binding* BindingTable::find(BindingId id) {
  auto it = bindings_.find(id);
  return it == bindings_.end() ? nullptr : &it->second;
}

const Binding* BindingTable::find(BindingId id) const {
  auto it = bindings_.find(id);
  return it == bindings_.end() ? nullptr : &it->second;
}

std::vector<Binding*> BindingTable::ofDevice(const std::string& username) {
  std::vector<Binding*> out;
  auto it = byDevice_.find(username);
  if (it == byDevice_.end()) return out;
  for (BindingId id : it->second)
    out.push_back(&bindings_.at(id));
  return out;
}

std::vector<Binding> BindingTable::liveOfDevice(const std::string& username,
                                                common::TimePoint now) const {
  std::vector<Binding> out;
  auto it = byDevice_.find(username);
  if (it == byDevice_.end()) return out;
  for (BindingId id : it->second) {
    const Binding& binding = bindings_.at(id);
    if (binding.isLive(now)) out.push_back(binding);
  }
  return out;
}

std::vector<Binding> BindingTable::liveOfUser(const std::string& userId,
                                              common::TimePoint now) const {
  std::vector<Binding> out;
  auto it = byUser_.find(userId);
  if (it == byUser_.end()) return out;
  for (BindingId id : it->second) {
    const Binding& binding = bindings_.at(id);
    if (binding.isLive(now)) out.push_back(binding);
  }
  return out;
}

bool BindingTable::hasLiveBinding(const std::string& userId, common::TimePoint now) const {
  auto it = byUser_.find(userId);
  if (it == byUser_.end()) return false;
  for (BindingId id : it->second) {
    if (bindings_.at(id).isLive(now)) return true;
  }
  return false;
}

std::vector<BindingId> BindingTable::ids() const {
  std::vector<BindingId> out;
  out.reserve(bindings_.size());
  for (const auto& entry : bindings_)
    out.push_back(entry.first);
  return out;
}

} // namespace sb::sip::registrar

namespace sb::sip::registrar {

bool BindingTable::hasLiveFrom(const net::Endpoint& source, common::TimePoint now) const {
  for (const auto& [id, binding] : bindings_)
    if (binding.isLive(now) && binding.source == source) return true;
  return false;
}

} // namespace sb::sip::registrar

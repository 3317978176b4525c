#include "fakes.hpp"

#include <algorithm>

namespace sb::calls::testing {

std::vector<sip::Message> RecordingNetwork::take(const net::Endpoint& to) {
  std::vector<sip::Message> out;
  std::vector<Sent> rest;
  for (auto& s : sent) {
    if (s.to.address == to.address && s.to.port == to.port) out.push_back(std::move(s.message));
    else rest.push_back(std::move(s));
  }
  sent = std::move(rest);
  return out;
}

void ManualScheduler::fireAll() {
  auto due = std::move(tasks);
  tasks.clear();
  for (auto& [id, entry] : due) entry.second();
}

void ManualScheduler::fire(common::Duration delay) {
  std::vector<std::function<void()>> due;
  for (auto it = tasks.begin(); it != tasks.end();) {
    if (it->second.first == delay) {
      due.push_back(std::move(it->second.second));
      it = tasks.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& task : due) task();
}

std::vector<DeviceContact> FakeDevices::contactsOfUser(const std::string& userId) const {
  std::vector<DeviceContact> out;
  std::copy_if(contacts.begin(), contacts.end(), std::back_inserter(out),
               [&](const DeviceContact& c) { return c.userId == userId; });
  return out;
}

std::optional<std::string> FakeDevices::userOfSipUsername(const std::string& username) const {
  for (const auto& c : contacts)
    if (c.contact.user == username) return c.userId;
  return std::nullopt;
}

bool FakeDevices::isRegisteredSource(const net::Endpoint& source) const {
  return std::any_of(contacts.begin(), contacts.end(), [&](const DeviceContact& c) {
    return c.flow.address == source.address && c.flow.port == source.port;
  });
}

} // namespace sb::calls::testing

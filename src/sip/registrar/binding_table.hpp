#pragma once
// The bindings of every device, indexed by binding id, device username and user id.
// Owns the reachability rule: a user is reachable iff at least one of their bindings
// is live, and every change of that is reported once, when a binding comes or goes.
#include "sip/registrar/binding.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::sip::registrar {

class BindingTable {
public:
  // Called with (userId, reachable) after the user's first binding is added or their
  // last one removed.
  using ReachabilityCallback = std::function<void(const std::string&, bool)>;

  explicit BindingTable(ReachabilityCallback onReachability)
      : onReachability_(std::move(onReachability)) {}

  // Assigns the id; returns it.
  BindingId insert(Binding binding);
  void erase(BindingId id);
  // Removes every binding whose expiry has passed; returns how many.
  std::size_t purgeExpired(common::TimePoint now);

  Binding* find(BindingId id);
  const Binding* find(BindingId id) const;
  // Every binding of the device, expired ones included, oldest first.
  std::vector<Binding*> ofDevice(const std::string& username);
  std::vector<Binding> liveOfDevice(const std::string& username, common::TimePoint now) const;
  std::vector<Binding> liveOfUser(const std::string& userId, common::TimePoint now) const;
  bool hasLiveBinding(const std::string& userId, common::TimePoint now) const;
  // True if a live binding was registered from this transport, address and port.
  // A linear walk: it only runs for out-of-dialog requests from non-trunk sources.
  bool hasLiveFrom(const net::Endpoint& source, common::TimePoint now) const;

  // Ids of all bindings, for sweeps that may erase while walking.
  std::vector<BindingId> ids() const;
  std::size_t size() const { return bindings_.size(); }

private:
  std::map<BindingId, Binding> bindings_; // ordered: lower ids are older
  std::unordered_map<std::string, std::set<BindingId>> byDevice_;
  std::unordered_map<std::string, std::set<BindingId>> byUser_;
  BindingId nextId_ = 1;
  ReachabilityCallback onReachability_;
};

} // namespace sb::sip::registrar

#include "routing/agent_board.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace sb::routing {

std::string missedCallsReason(int missed) {
  return "missed " + std::to_string(missed) + (missed == 1 ? " call" : " calls") + " in a row";
}

AgentHot AgentHot::of(const AgentState& state) {
  AgentHot h;
  h.idHash = AgentBoard::hashOf(state.userId);
  h.coolDownUntil = state.coolDownUntil;
  h.idleSince = state.idleSince;
  h.lastOfferedAt = state.lastOfferedAt;
  h.state = &state;
  h.devices = state.devices;
  h.available = state.available;
  h.onCall = state.onCall;
  h.hasAssignedNumber = state.hasAssignedNumber;
  return h;
}

AgentBoard::AgentBoard(const AgentBoard& other) {
  *this = other;
}

AgentBoard& AgentBoard::operator=(const AgentBoard& other) {
  if (this != &other) {
    owned_.clear();
    owned_.reserve(other.owned_.size());
    for (const auto& state : other.owned_)
      owned_.push_back(std::make_unique<AgentState>(*state));
    if (!members_) members_ = std::make_unique<MemberCache>();
    rebuildAll();
  }
  return *this;
}

std::uint64_t AgentBoard::hashOf(std::string_view userId) {
  return std::hash<std::string_view>{}(userId);
}

void AgentBoard::insertSlot(std::uint32_t index) {
  std::uint64_t hash = hot_[index].idHash;
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].index != 0)
    i = (i + 1) & mask;
  slots_[i] = Slot{hash, index + 1};
}

void AgentBoard::rebuildSlots() {
  std::size_t capacity = 16;
  while (capacity < owned_.size() * 2)
    capacity *= 2;
  slots_.assign(capacity, Slot{});
  for (std::uint32_t i = 0; i < hot_.size(); ++i)
    insertSlot(i);
}

void AgentBoard::rebuildAll() {
  ++layoutVersion_;
  attributes_.clearPool();
  hot_.clear();
  hot_.reserve(owned_.size());
  order_.clear();
  for (std::uint32_t i = 0; i < owned_.size(); ++i) {
    hot_.push_back(AgentHot::of(*owned_[i]));
    hot_.back().attributes = attributes_.encode(owned_[i]->attributes);
    order_.push_back(i);
  }
  std::sort(order_.begin(), order_.end(),
            [this](std::uint32_t a, std::uint32_t b) { return owned_[a]->userId < owned_[b]->userId; });
  rebuildSlots();
}

void AgentBoard::compactAttributes() {
  attributes_.clearPool();
  for (std::uint32_t i = 0; i < owned_.size(); ++i)
    hot_[i].attributes = attributes_.encode(owned_[i]->attributes);
}

void AgentBoard::refresh(std::uint32_t index) {
  AttributeTable::Ref attributes = hot_[index].attributes;
  hot_[index] = AgentHot::of(*owned_[index]);
  hot_[index].attributes = attributes;
}

void AgentBoard::upsert(AgentState state) {
  std::uint32_t index = indexOf(state.userId);
  if (index != kUnknown) {
    AgentState& current = *owned_[index];
    current.name = std::move(state.name);
    current.available = state.available;
    current.unavailableReason = std::move(state.unavailableReason);
    current.coolDownOverride = state.coolDownOverride;
    current.hasAssignedNumber = state.hasAssignedNumber;
    current.attributes = std::move(state.attributes);
    refresh(index);
    attributes_.release(hot_[index].attributes);
    hot_[index].attributes = attributes_.encode(current.attributes);
    if (attributes_.wantsCompaction()) compactAttributes();
    return;
  }
  index = static_cast<std::uint32_t>(owned_.size());
  owned_.push_back(std::make_unique<AgentState>(std::move(state)));
  hot_.push_back(AgentHot::of(*owned_[index]));
  hot_[index].attributes = attributes_.encode(owned_[index]->attributes);
  auto pos = std::lower_bound(order_.begin(), order_.end(), owned_[index]->userId,
                              [this](std::uint32_t i, const std::string& id) {
                                return owned_[i]->userId < id;
                              });
  order_.insert(pos, index);
  ++layoutVersion_; // a member id unknown until now may be this user
  if ((owned_.size() * 2) > slots_.size()) {
    rebuildSlots();
  } else {
    insertSlot(index);
  }
}

void AgentBoard::remove(const std::string& userId) {
  std::uint32_t index = indexOf(userId);
  if (index == kUnknown) return;
  // Rare (an admin deletes a user): the last user takes the freed index, and every table
  // is rebuilt, since linear probing has no simple erase.
  std::swap(owned_[index], owned_.back());
  owned_.pop_back();
  rebuildAll();
}

std::uint32_t AgentBoard::indexOf(std::string_view userId) const {
  if (slots_.empty()) return kUnknown;
  std::uint64_t hash = hashOf(userId);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.index == 0) return kUnknown;
    if (slot.hash == hash && owned_[slot.index - 1]->userId == userId) return slot.index - 1;
  }
}

const AgentState* AgentBoard::find(const std::string& userId) const {
  std::uint32_t index = indexOf(userId);
  return index == kUnknown ? nullptr : owned_[index].get();
}

std::vector<const AgentState*> AgentBoard::all() const {
  std::vector<const AgentState*> out;
  out.reserve(order_.size());
  for (std::uint32_t index : order_)
    out.push_back(owned_[index].get());
  return out;
}

void AgentBoard::resolveInto(MemberCache::Entry& entry, const std::vector<std::string>& ids) const {
  if (entry.layoutVersion != layoutVersion_ || entry.indexes.size() != ids.size()) {
    entry.layoutVersion = layoutVersion_;
    entry.indexes.resize(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
      entry.indexes[i] = indexOf(ids[i]);
    return;
  }
  // The same layout: each remembered index still holds the same user unless the group's
  // list was edited in place, which the id's hash against the record's catches.
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::uint32_t& index = entry.indexes[i];
    if (index == kUnknown || hot_[index].idHash != hashOf(ids[i])) index = indexOf(ids[i]);
  }
}

void AgentBoard::resolveMembers(const void* key, const std::vector<std::string>& ids,
                                std::vector<std::uint32_t>& out) const {
  if (!members_) { // a moved-from board: nothing to remember in
    out.clear();
    for (const auto& id : ids)
      out.push_back(indexOf(id));
    return;
  }
  std::lock_guard lock(members_->mutex);
  if (members_->layoutVersion != layoutVersion_ || members_->entries.size() > 65536) {
    members_->entries.clear(); // groups replaced since, or a new layout: start afresh
    members_->layoutVersion = layoutVersion_;
  }
  MemberCache::Entry& entry = members_->entries[key];
  resolveInto(entry, ids);
  out.assign(entry.indexes.begin(), entry.indexes.end());
}

template <typename Change> void AgentBoard::change(const std::string& userId, Change&& apply) {
  std::uint32_t index = indexOf(userId);
  if (index == kUnknown) return;
  apply(*owned_[index]);
  refresh(index);
}

void AgentBoard::setAvailability(const std::string& userId, bool available, std::string reason,
                                 EpochMs now) {
  change(userId, [&](AgentState& a) {
    if (available && !a.available) {
      a.idleSince = now;
      a.missedInRow = 0;
    }
    a.available = available;
    a.unavailableReason = available ? std::string() : std::move(reason);
  });
}

void AgentBoard::setDevices(const std::string& userId, int devices) {
  change(userId, [&](AgentState& a) { a.devices = devices < 0 ? 0 : devices; });
}

void AgentBoard::offered(const std::string& userId, EpochMs now) {
  change(userId, [&](AgentState& a) { a.lastOfferedAt = now; });
}

bool AgentBoard::missed(const std::string& userId, const Settings& settings, EpochMs /*now*/) {
  bool setUnavailable = false;
  change(userId, [&](AgentState& a) {
    ++a.missedInRow;
    int limit = settings.missedOffersBeforeUnavailable;
    if (limit <= 0 || a.missedInRow < limit || !a.available) return;
    a.available = false;
    a.unavailableReason = missedCallsReason(a.missedInRow);
    setUnavailable = true;
  });
  return setUnavailable;
}

void AgentBoard::declined(const std::string& userId) {
  change(userId, [](AgentState& a) { a.missedInRow = 0; });
}

void AgentBoard::callConnected(const std::string& userId, EpochMs /*now*/) {
  change(userId, [](AgentState& a) {
    a.onCall = true;
    a.missedInRow = 0;
    a.coolDownUntil = 0;
  });
}

EpochMs AgentBoard::callEnded(const std::string& userId, const Settings& settings, EpochMs now) {
  EpochMs until = 0;
  change(userId, [&](AgentState& a) {
    a.onCall = false;
    a.idleSince = now;
    int seconds = a.coolDownOverride.value_or(settings.coolDownSeconds);
    a.coolDownUntil = seconds > 0 ? now + static_cast<EpochMs>(seconds) * 1000 : 0;
    until = a.coolDownUntil;
  });
  return until;
}

void AgentBoard::endCoolDown(const std::string& userId, EpochMs /*now*/) {
  change(userId, [](AgentState& a) { a.coolDownUntil = 0; });
}

} // namespace sb::routing

#pragma once
// The caller lookup: every lead's phones, owner and attributes, held in memory so
// that routing never waits on SQL. Built for a million leads: a lead costs a few hundred
// bytes (bench/routing measures it), a lookup by E.164 is one hash probe.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/model.hpp"

namespace sb::routing {

// What routing reads about a lead.
struct LeadInfo {
  std::string id;
  std::optional<std::string> ownerUserId;
  nlohmann::json attributes = nlohmann::json::object();
  std::string name;
  EpochMs createdAt = 0; // "oldest first" when several leads share a phone
};

class LeadIndex {
public:
  // Adds or replaces a lead and its phones. Phones that are not E.164 ("+" and 1..15
  // digits) cannot be matched by a caller's E.164 number and are not indexed.
  void upsert(const LeadInfo& lead, const std::vector<std::string>& phonesE164);
  void remove(const std::string& leadId);
  // Every lead with this phone, oldest first (createdAt, then the order they were added).
  std::vector<LeadInfo> findByPhone(std::string_view e164) const;
  std::optional<LeadInfo> find(const std::string& leadId) const;
  // The lead's indexed phones, in the order given to upsert.
  std::vector<std::string> phonesOf(const std::string& leadId) const;
  void setOwner(const std::string& leadId, std::optional<std::string> owner);
  std::size_t size() const { return byId_.size(); }
  // Sizes the tables for a bulk load of this many leads.
  void reserve(std::size_t leads);

private:
  // One lead, packed: id, name, attributes (MessagePack) and phone keys live in one heap
  // block, so a lead is one allocation plus its hash entries. The block never moves once
  // made, which lets byId_ key on a view into it.
  struct Slot {
    std::unique_ptr<char[]> blob; // nullptr: a free slot
    EpochMs createdAt = 0;
    std::uint32_t seq = 0;   // order added, breaks createdAt ties
    std::uint32_t owner = 0; // 1 + index into owners_, 0: none
  };
  struct Unpacked;

  static Unpacked unpack(const Slot& slot);
  LeadInfo toLeadInfo(const Slot& slot) const;
  std::uint32_t internOwner(const std::optional<std::string>& owner);
  void unlinkPhones(std::uint32_t index);

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> freeSlots_;
  std::unordered_map<std::string_view, std::uint32_t> byId_;      // view into the slot's blob
  std::unordered_multimap<std::uint64_t, std::uint32_t> byPhone_; // E.164 digits as a number
  std::vector<std::string> owners_;                               // interned user ids
  std::unordered_map<std::string, std::uint32_t> ownerIndex_;
  std::uint32_t nextSeq_ = 0;
};

} // namespace sb::routing

#include "routing/lead_index.hpp"

#include <algorithm>
#include <cstring>

namespace sb::routing {

namespace {

// "+" and 1..15 digits, the first not 0: the digits as a number are then unique.
std::optional<std::uint64_t> phoneKey(std::string_view e164) {
  if (e164.size() < 2 || e164.size() > 16 || e164[0] != '+' || e164[1] == '0') return std::nullopt;
  std::uint64_t key = 0;
  for (char c : e164.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    key = key * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return key;
}

std::string phoneText(std::uint64_t key) {
  return "+" + std::to_string(key);
}

void putVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void putBytes(std::string& out, std::string_view bytes) {
  putVarint(out, bytes.size());
  out.append(bytes);
}

// Reads what putVarint / putBytes wrote; the blob is ours, so it is trusted.
struct BlobReader {
  const char* p;
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      auto byte = static_cast<unsigned char>(*p++);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
  }
  std::string_view bytes() {
    auto n = static_cast<std::size_t>(varint());
    std::string_view out(p, n);
    p += n;
    return out;
  }
};

std::unique_ptr<char[]> pack(const LeadInfo& lead, const std::vector<std::uint64_t>& phones) {
  std::string packed;
  putBytes(packed, lead.id);
  putBytes(packed, lead.name);
  std::string attributes;
  if (!lead.attributes.is_null() && !(lead.attributes.is_object() && lead.attributes.empty())) {
    auto bytes = nlohmann::json::to_msgpack(lead.attributes);
    attributes.assign(bytes.begin(), bytes.end());
  }
  putBytes(packed, attributes);
  putVarint(packed, phones.size());
  for (auto key : phones)
    putVarint(packed, key);
  auto blob = std::make_unique<char[]>(packed.size());
  std::memcpy(blob.get(), packed.data(), packed.size());
  return blob;
}

} // namespace

struct LeadIndex::Unpacked {
  std::string_view id;
  std::string_view name;
  std::string_view attributes; // MessagePack, empty for {}
  std::vector<std::uint64_t> phones;
};

LeadIndex::Unpacked LeadIndex::unpack(const Slot& slot) {
  BlobReader r{slot.blob.get()};
  Unpacked u;
  u.id = r.bytes();
  u.name = r.bytes();
  u.attributes = r.bytes();
  auto count = r.varint();
  u.phones.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i)
    u.phones.push_back(r.varint());
  return u;
}

LeadInfo LeadIndex::toLeadInfo(const Slot& slot) const {
  Unpacked u = unpack(slot);
  LeadInfo lead;
  lead.id = std::string(u.id);
  lead.name = std::string(u.name);
  lead.createdAt = slot.createdAt;
  if (slot.owner != 0) lead.ownerUserId = owners_[slot.owner - 1];
  if (!u.attributes.empty()) {
    auto parsed =
        nlohmann::json::from_msgpack(u.attributes.begin(), u.attributes.end(), true, false);
    if (!parsed.is_discarded()) lead.attributes = std::move(parsed);
  }
  return lead;
}

std::uint32_t LeadIndex::internOwner(const std::optional<std::string>& owner) {
  if (!owner || owner->empty()) return 0;
  auto [it, added] = ownerIndex_.try_emplace(*owner, static_cast<std::uint32_t>(owners_.size()));
  if (added) owners_.push_back(*owner);
  return it->second + 1;
}

void LeadIndex::unlinkPhones(std::uint32_t index) {
  for (auto key : unpack(slots_[index]).phones) {
    auto [first, last] = byPhone_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      if (it->second == index) {
        byPhone_.erase(it);
        break;
      }
    }
  }
}

void LeadIndex::upsert(const LeadInfo& lead, const std::vector<std::string>& phonesE164) {
  std::vector<std::uint64_t> phones;
  for (const auto& phone : phonesE164) {
    auto key = phoneKey(phone);
    if (key && std::find(phones.begin(), phones.end(), *key) == phones.end())
      phones.push_back(*key);
  }
  std::uint32_t index = 0;
  if (auto it = byId_.find(lead.id); it != byId_.end()) {
    index = it->second;
    unlinkPhones(index);
    byId_.erase(it); // its key views the blob about to be replaced
  } else if (!freeSlots_.empty()) {
    index = freeSlots_.back();
    freeSlots_.pop_back();
    slots_[index].seq = nextSeq_++;
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    slots_[index].seq = nextSeq_++;
  }
  Slot& slot = slots_[index];
  slot.blob = pack(lead, phones);
  slot.createdAt = lead.createdAt;
  slot.owner = internOwner(lead.ownerUserId);
  byId_.emplace(unpack(slot).id, index);
  for (auto key : phones)
    byPhone_.emplace(key, index);
}

void LeadIndex::remove(const std::string& leadId) {
  auto it = byId_.find(leadId);
  if (it == byId_.end()) return;
  std::uint32_t index = it->second;
  unlinkPhones(index);
  byId_.erase(it);
  slots_[index] = Slot{};
  freeSlots_.push_back(index);
}

std::vector<LeadInfo> LeadIndex::findByPhone(std::string_view e164) const {
  std::vector<LeadInfo> out;
  auto key = phoneKey(e164);
  if (!key) return out;
  auto [first, last] = byPhone_.equal_range(*key);
  std::vector<std::uint32_t> found;
  for (auto it = first; it != last; ++it)
    found.push_back(it->second);
  std::sort(found.begin(), found.end(), [this](std::uint32_t a, std::uint32_t b) {
    const Slot& x = slots_[a];
    const Slot& y = slots_[b];
    return x.createdAt != y.createdAt ? x.createdAt < y.createdAt : x.seq < y.seq;
  });
  out.reserve(found.size());
  for (auto index : found)
    out.push_back(toLeadInfo(slots_[index]));
  return out;
}

std::optional<LeadInfo> LeadIndex::find(const std::string& leadId) const {
  auto it = byId_.find(leadId);
  if (it == byId_.end()) return std::nullopt;
  return toLeadInfo(slots_[it->second]);
}

std::vector<std::string> LeadIndex::phonesOf(const std::string& leadId) const {
  std::vector<std::string> out;
  auto it = byId_.find(leadId);
  if (it == byId_.end()) return out;
  for (auto key : unpack(slots_[it->second]).phones)
    out.push_back(phoneText(key));
  return out;
}

void LeadIndex::setOwner(const std::string& leadId, std::optional<std::string> owner) {
  auto it = byId_.find(leadId);
  if (it != byId_.end()) slots_[it->second].owner = internOwner(owner);
}

void LeadIndex::reserve(std::size_t leads) {
  slots_.reserve(leads);
  byId_.reserve(leads);
  byPhone_.reserve(leads + leads / 2);
}

} // namespace sb::routing

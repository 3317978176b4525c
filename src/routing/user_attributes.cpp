#include "routing/user_attributes.hpp"

#include <algorithm>

namespace sb::routing {

namespace {

constexpr std::uint32_t kMaxCount = (1U << 24) - 1; // the count shares a word with the tag

std::uint32_t header(AttributeTable::Tag tag, std::size_t count) {
  return (static_cast<std::uint32_t>(tag) << 24) | static_cast<std::uint32_t>(count);
}

} // namespace

std::uint32_t AttributeTable::intern(const std::string& text) {
  auto [it, added] = ids_.try_emplace(text, static_cast<std::uint32_t>(ids_.size()));
  return it->second;
}

std::uint32_t AttributeTable::idOf(std::string_view text) const {
  // Filters look up a handful of lead values per decision; a temporary key is fine there.
  auto it = ids_.find(std::string(text));
  return it == ids_.end() ? kNone : it->second;
}

void AttributeTable::encodeValue(const nlohmann::json& value) {
  if (value.is_string()) {
    pool_.push_back(header(Tag::String, 1));
    pool_.push_back(intern(value.get_ref<const std::string&>()));
    return;
  }
  bool strings = value.is_array() && value.size() <= kMaxCount &&
                 std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); });
  if (!strings) {
    pool_.push_back(header(Tag::Other, 0));
    return;
  }
  std::vector<std::uint32_t> ids;
  ids.reserve(value.size());
  for (const auto& element : value)
    ids.push_back(intern(element.get_ref<const std::string&>()));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  pool_.push_back(header(Tag::Strings, ids.size()));
  pool_.insert(pool_.end(), ids.begin(), ids.end());
}

AttributeTable::Ref AttributeTable::encode(const nlohmann::json& attributes) {
  Ref ref;
  ref.begin = static_cast<std::uint32_t>(pool_.size());
  ref.isObject = attributes.is_object();
  if (ref.isObject) {
    for (const auto& [key, value] : attributes.items()) {
      if (value.is_null()) continue; // a null attribute reads as missing
      pool_.push_back(intern(key));
      encodeValue(value);
    }
  }
  ref.end = static_cast<std::uint32_t>(pool_.size());
  return ref;
}

AttributeTable::Value AttributeTable::lookup(Ref ref, std::uint32_t keyId) const {
  const std::uint32_t* p = pool_.data() + ref.begin;
  const std::uint32_t* end = pool_.data() + ref.end;
  while (p < end) {
    std::uint32_t key = p[0];
    auto tag = static_cast<Tag>(p[1] >> 24);
    std::uint32_t count = p[1] & kMaxCount;
    if (key == keyId) return Value{tag, p + 2, count};
    p += 2 + count;
  }
  return Value{};
}

} // namespace sb::routing

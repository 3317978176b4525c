#pragma once
// Users' attributes in the form group filters read them during a decision: every
// string interned to a number, each user's top-level keys as a short run of numbers in one
// shared pool. A filter then compares numbers in a few contiguous words instead of walking
// each user's JSON tree (a dozen scattered heap nodes per user, measured in bench/routing).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::routing {

class AttributeTable {
public:
  static constexpr std::uint32_t kNone = 0xffffffffU; // no user has this string

  // Where one user's encoded attributes lie in the pool.
  struct Ref {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool isObject = true; // false: attributes that are not an object are read as JSON
  };

  // A top-level value as encoded. Other: anything but a string or an array of strings
  // (numbers, objects, mixed arrays), which the filter reads from the JSON instead.
  enum class Tag : std::uint8_t { Missing, String, Strings, Other };
  struct Value {
    Tag tag = Tag::Missing;
    const std::uint32_t* ids = nullptr; // String: one id; Strings: sorted, distinct ids
    std::uint32_t count = 0;
  };

  Ref encode(const nlohmann::json& attributes);
  // The user's old encoding is no longer referenced (its words are reclaimed by compact).
  void release(Ref ref) { garbage_ += ref.end - ref.begin; }
  // More dead words than live ones: the board re-encodes everyone into a fresh pool.
  bool wantsCompaction() const { return garbage_ > 4096 && garbage_ * 2 > pool_.size(); }
  void clearPool() {
    pool_.clear();
    garbage_ = 0;
  }

  // The string's id, kNone when no user's attribute (or key) is this string.
  std::uint32_t idOf(std::string_view text) const;
  Value lookup(Ref ref, std::uint32_t keyId) const;

private:
  std::uint32_t intern(const std::string& text);
  void encodeValue(const nlohmann::json& value);

  std::unordered_map<std::string, std::uint32_t> ids_; // grows only: ids stay valid
  std::vector<std::uint32_t> pool_; // per key: key id, tag << 24 | count, ids
  std::size_t garbage_ = 0;
};

} // namespace sb::routing

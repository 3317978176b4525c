#pragma once
// The live state of every user that routing reads. Pure: the
// caller feeds it events (with the time) and stores / publishes what changed.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/model.hpp"
#include "routing/user_attributes.hpp"

namespace sb::routing {

struct AgentState {
  std::string userId;
  std::string name;
  bool available = true;
  std::string unavailableReason;
  bool onCall = false;
  EpochMs coolDownUntil = 0;           // 0: none
  int devices = 0;                     // devices that can ring now (registrations + ring-through)
  EpochMs idleSince = 0;               // last call ended, or became available; for longest idle
  EpochMs lastOfferedAt = 0;           // for round robin
  int missedInRow = 0;
  std::optional<int> coolDownOverride; // the user's own cool-down seconds
  bool hasAssignedNumber = false;      // the default chain's owner step needs this
  nlohmann::json attributes = nlohmann::json::object();
};

// What a routing decision reads of one user, packed into one cache line and kept in step
// with the AgentState by every board event: a decision reads ~50 users scattered over the
// board, so one line per user rather than several heap objects each (bench/routing).
struct alignas(64) AgentHot {
  std::uint64_t idHash = 0; // AgentBoard's hash of userId
  EpochMs coolDownUntil = 0;
  EpochMs idleSince = 0;
  EpochMs lastOfferedAt = 0;
  const AgentState* state = nullptr; // the full record, owned by the board
  AttributeTable::Ref attributes;    // into the board's attribute table
  std::int32_t devices = 0;
  bool available = true;
  bool onCall = false;
  bool hasAssignedNumber = false;

  // The live fields of a state (attributes are the board's to encode).
  static AgentHot of(const AgentState& state);
};

class AgentBoard {
public:
  // A dense index: stable until a user is added or removed (layoutVersion changes).
  static constexpr std::uint32_t kUnknown = 0xffffffffU;

  AgentBoard() = default;
  // A copy gets its own index into its own states.
  AgentBoard(const AgentBoard& other);
  AgentBoard& operator=(const AgentBoard& other);
  AgentBoard(AgentBoard&&) noexcept = default;
  AgentBoard& operator=(AgentBoard&&) noexcept = default;
  ~AgentBoard() = default;

  // Adds a user, or applies a load / admin change to one already on the board. For a user
  // already on the board the fields the store owns are replaced (name, available,
  // unavailableReason, coolDownOverride, hasAssignedNumber, attributes) and the live fields
  // are kept (onCall, coolDownUntil, devices, idleSince, lastOfferedAt, missedInRow), so a
  // reload never forgets a call in progress or a registration.
  void upsert(AgentState state);
  void remove(const std::string& userId);
  const AgentState* find(const std::string& userId) const;
  // Every user, by userId.
  std::vector<const AgentState*> all() const;
  std::size_t size() const { return owned_.size(); }

  // The decision's view (group steps): users by dense index.
  const AgentHot& hot(std::uint32_t index) const { return hot_[index]; }
  const AttributeTable& attributeTable() const { return attributes_; }
  // Dense indexes of every user, by userId.
  const std::vector<std::uint32_t>& byUserId() const { return order_; }
  std::uint32_t indexOf(std::string_view userId) const;
  static std::uint64_t hashOf(std::string_view userId);
  // The dense index of each id (kUnknown when not on the board), remembered per `key` (the
  // group) while the board's layout stays the same, so a group's members are hashed and
  // checked against their records rather than looked up on every decision. Safe to call
  // from several threads.
  void resolveMembers(const void* key, const std::vector<std::string>& ids,
                      std::vector<std::uint32_t>& out) const;

  // Events. Each is a no-op for a user not on the board.

  // R-13 manual availability. Becoming available restarts the idle time and the missed
  // count (a user set unavailable by R-11 starts afresh); the reason is kept only while
  // unavailable.
  void setAvailability(const std::string& userId, bool available, std::string reason, EpochMs now);
  // with 0 devices the user is unreachable and routing skips them.
  void setDevices(const std::string& userId, int devices);
  // Round robin reads lastOfferedAt; the caller reports every offer it makes.
  void offered(const std::string& userId, EpochMs now);
  // an offer not answered in time. Returns true when this miss set the user
  // unavailable ("missed 3 calls in a row"); settings.missedOffersBeforeUnavailable 0
  // disables the rule.
  bool missed(const std::string& userId, const Settings& settings, EpochMs now);
  // A decline is an answer: it does not count as missed, and it ends a run of misses.
  void declined(const std::string& userId);
  // The user took a call: on a call, missed count reset, any cool-down over.
  void callConnected(const std::string& userId, EpochMs now);
  // the call is over; cool-down for the user's override or the org default (0
  // disables). Idle from now. Returns the cool-down end, 0 when none.
  EpochMs callEnded(const std::string& userId, const Settings& settings, EpochMs now);
  // "Ready now": the user ends their cool-down early.
  void endCoolDown(const std::string& userId, EpochMs now);

private:
  // Finds the user and, after the change, copies the live fields into their AgentHot.
  template <typename Change> void change(const std::string& userId, Change&& apply);
  void refresh(std::uint32_t index);

  // A flat open-addressing table of (hash, dense index + 1): one probe per lookup.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = 0; // 0: empty
  };
  void insertSlot(std::uint32_t index);
  void rebuildSlots();
  void rebuildAll(); // after a removal or a copy: indexes, order, attributes, slots
  void compactAttributes();

  struct MemberCache {
    std::mutex mutex;
    std::uint64_t layoutVersion = 0;
    struct Entry {
      std::uint64_t layoutVersion = 0;
      std::vector<std::uint32_t> indexes;
    };
    std::unordered_map<const void*, Entry> entries;
  };
  void resolveInto(MemberCache::Entry& entry, const std::vector<std::string>& ids) const;

  std::vector<std::unique_ptr<AgentState>> owned_; // by dense index
  std::vector<AgentHot> hot_;                      // by dense index
  std::vector<std::uint32_t> order_;               // dense indexes by userId (all() order)
  std::vector<Slot> slots_;                        // size a power of two, at most half full
  AttributeTable attributes_;
  std::uint64_t layoutVersion_ = 0; // bumped whenever dense indexes change or a user is added
  std::unique_ptr<MemberCache> members_ = std::make_unique<MemberCache>(); // null once moved from
};

// The reason shown when R-11 sets a user unavailable, e.g. "missed 3 calls in a row".
std::string missedCallsReason(int missed);

} // namespace sb::routing

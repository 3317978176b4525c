#pragma once
// Stateless nonces (RFC 7616 section 3.3 leaves the format to the server):
//   nonce = base64url( timestamp ms (8 bytes, big endian) | random (16) |
//                      HMAC-SHA256(secret, timestamp | random) (32) )
// Any nonce this server issued is recognised without a table, it expires after a
// lifetime, and an expired one can still be told apart from a forged one, which is what
// stale=true needs.
#include "common/clock.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sb::sip::auth {

enum class NonceState {
  Fresh,   // issued here and within its lifetime
  Stale,   // issued here, lifetime over: challenge again with stale=true
  Invalid, // not ours (bad MAC, bad encoding, from the future)
};

class NonceIssuer {
public:
  // An empty secret means a random one: nonces then die with the process, which
  // only costs clients one more challenge after a restart.
  NonceIssuer(std::string secret, common::Duration lifetime);

  std::string issue(common::WallTime now) const;
  NonceState check(std::string_view nonce, common::WallTime now) const;

private:
  std::string secret_;
  common::Duration lifetime_;
};

// Remembers the highest nonce-count seen per nonce so a captured Authorization cannot
// be replayed (RFC 7616 section 3.4: the server SHOULD check nc). Bounded: the oldest
// nonces are forgotten first; a forgotten nonce is still limited by its lifetime.
class NonceCountTracker {
public:
  explicit NonceCountTracker(std::size_t capacity) : capacity_(capacity) {}

  // True if `nc` is higher than every count seen before for `nonce`, and records it.
  bool accept(const std::string& nonce, std::uint32_t nc);
  std::size_t size() const { return highest_.size(); }

private:
  std::size_t capacity_;
  std::unordered_map<std::string, std::uint32_t> highest_;
  std::deque<std::string> order_; // insertion order, for eviction
};

} // namespace sb::sip::auth

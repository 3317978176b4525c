#include "store/id.hpp"

#include <array>
#include <random>

namespace sb::store {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// One generator per thread, seeded once from the OS, so ids never need a lock.
std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64{seq};
  }()};
  return gen;
}

} // namespace

std::string newId(std::int64_t epochMs) {
  std::string id(26, '0');
  auto time = static_cast<std::uint64_t>(epochMs < 0 ? 0 : epochMs) & ((1ULL << 48) - 1);
  // 48 bits of time in the first 10 characters (50 bits, top two always zero).
  for (int i = 9; i >= 0; --i) {
    id[static_cast<std::size_t>(i)] = kCrockford[time & 31U];
    time >>= 5;
  }
  // 80 random bits in the last 16 characters.
  std::uint64_t hi = generator()();
  std::uint64_t lo = generator()();
  for (std::size_t i = 10; i < 26; ++i) {
    std::uint64_t& word = i < 18 ? hi : lo;
    id[i] = kCrockford[word & 31U];
    word >>= 5;
  }
  return id;
}

} // namespace sb::store

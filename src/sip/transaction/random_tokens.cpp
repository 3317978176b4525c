// newBranch() and randomToken(): uniqueness is what matters (branches, tags, Call-IDs),
// so a fast per-thread 64-bit generator seeded from std::random_device is enough.
#include "sip/transaction/matcher.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <array>
#include <random>

namespace sb::sip::transaction {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::array<std::uint32_t, 8> seed{};
    for (auto& word : seed)
      word = device();
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  return engine;
}

} // namespace

std::string randomToken(std::size_t length) {
  std::string token;
  token.reserve(length);
  auto& engine = generator();
  while (token.size() < length) {
    std::uint64_t bits = engine();
    // Ten 6-bit draws per word; values 62 and 63 are skipped so every letter is equally likely.
    for (int i = 0; i < 10 && token.size() < length; ++i, bits >>= 6) {
      std::size_t index = bits & 0x3f;
      if (index < kAlphabet.size()) token += kAlphabet[index];
    }
  }
  return token;
}

std::string newBranch() {
  return std::string(kMagicCookie) + randomToken(16);
}

} // namespace sb::sip::transaction

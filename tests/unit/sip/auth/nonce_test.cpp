#include "sip/auth/crypto.hpp"
#include "sip/auth/nonce.hpp"

#include <gtest/gtest.h>

namespace sb::sip::auth {
namespace {

using namespace std::chrono_literals;

TEST(NonceTest, FreshThenStaleAfterLifetime) {
  common::ManualClock clock;
  NonceIssuer issuer("secret", 300s);
  std::string nonce = issuer.issue(clock.wallNow());
  EXPECT_EQ(issuer.check(nonce, clock.wallNow()), NonceState::Fresh);
  clock.advance(300s);
  EXPECT_EQ(issuer.check(nonce, clock.wallNow()), NonceState::Fresh);
  clock.advance(1ms);
  EXPECT_EQ(issuer.check(nonce, clock.wallNow()), NonceState::Stale);
}

TEST(NonceTest, EachIssueIsDifferent) {
  common::ManualClock clock;
  NonceIssuer issuer("secret", 300s);
  EXPECT_NE(issuer.issue(clock.wallNow()), issuer.issue(clock.wallNow()));
}

TEST(NonceTest, TamperedOrForeignNoncesAreInvalid) {
  common::ManualClock clock;
  NonceIssuer issuer("secret", 300s);
  NonceIssuer other("another secret", 300s);
  std::string nonce = issuer.issue(clock.wallNow());
  EXPECT_EQ(other.check(nonce, clock.wallNow()), NonceState::Invalid);

  std::string raw = *base64UrlDecode(nonce);
  raw[3] = static_cast<char>(raw[3] ^ 1); // move the timestamp
  EXPECT_EQ(issuer.check(base64UrlEncode(raw), clock.wallNow()), NonceState::Invalid);

  EXPECT_EQ(issuer.check("", clock.wallNow()), NonceState::Invalid);
  EXPECT_EQ(issuer.check("not base64!", clock.wallNow()), NonceState::Invalid);
  EXPECT_EQ(issuer.check(nonce.substr(1), clock.wallNow()), NonceState::Invalid);
}

TEST(NonceTest, NonceFromTheFutureIsInvalid) {
  common::ManualClock clock;
  NonceIssuer issuer("secret", 300s);
  std::string nonce = issuer.issue(clock.wallNow() + 60s);
  EXPECT_EQ(issuer.check(nonce, clock.wallNow()), NonceState::Invalid);
}

TEST(NonceTest, RandomSecretWhenNoneGiven) {
  common::ManualClock clock;
  NonceIssuer first("", 300s);
  NonceIssuer second("", 300s);
  std::string nonce = first.issue(clock.wallNow());
  EXPECT_EQ(first.check(nonce, clock.wallNow()), NonceState::Fresh);
  EXPECT_EQ(second.check(nonce, clock.wallNow()), NonceState::Invalid);
}

TEST(NonceCountTrackerTest, AcceptsOnlyIncreasingCounts) {
  NonceCountTracker tracker(10);
  EXPECT_TRUE(tracker.accept("n1", 1));
  EXPECT_FALSE(tracker.accept("n1", 1));
  EXPECT_TRUE(tracker.accept("n1", 3));
  EXPECT_FALSE(tracker.accept("n1", 2));
  EXPECT_TRUE(tracker.accept("n2", 1));
}

TEST(NonceCountTrackerTest, ForgetsOldestBeyondCapacity) {
  NonceCountTracker tracker(2);
  EXPECT_TRUE(tracker.accept("a", 1));
  EXPECT_TRUE(tracker.accept("b", 1));
  EXPECT_TRUE(tracker.accept("c", 1));
  EXPECT_EQ(tracker.size(), 2u);
  EXPECT_FALSE(tracker.accept("c", 1));
  EXPECT_FALSE(tracker.accept("b", 1));
  EXPECT_TRUE(tracker.accept("a", 1)); // forgotten: only its lifetime limits it now
}

} // namespace
} // namespace sb::sip::auth

#include "routing/decision_builder.hpp"

#include <algorithm>
#include <cstring>

namespace sb::routing {

namespace {

// Folds bytes into a 64-bit hash, eight at a time: a skip line is keyed for every member
// of a group on every decision, and std::hash twice per line showed in bench/routing.
std::uint64_t fold(std::uint64_t h, std::string_view bytes) {
  constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * kMul;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  if (i < bytes.size()) std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h = (h ^ tail ^ (static_cast<std::uint64_t>(bytes.size()) << 56)) * kMul; // at most 7 tail bytes
  return h ^ (h >> 32);
}

// The same reason text gives the same key: the code, its seconds and its words are what
// the text is made of.
std::uint64_t lineKey(std::string_view userId, const TraceReason& reason) {
  std::uint64_t h = fold(0x243f6a8885a308d3ULL, userId);
  std::uint64_t codeAndSeconds[2] = {static_cast<std::uint64_t>(reason.code()),
                                     static_cast<std::uint64_t>(reason.seconds())};
  h = fold(h, {reinterpret_cast<const char*>(codeAndSeconds), sizeof codeAndSeconds});
  return fold(h, reason.words());
}

} // namespace

void DecisionBuilder::skipUser(std::string_view userId, TraceReason reason) {
  std::uint64_t key = lineKey(userId, reason);
  if (std::binary_search(progress_.tracedInStep.begin(), progress_.tracedInStep.end(), key)) return;
  if (skipLines_ >= kMaxSkipLines) {
    ++suppressed_; // not remembered: a later decision may still list it
    return;
  }
  newKeys_.push_back(key);
  ++skipLines_;
  line(userId, "skip", std::move(reason));
}

void DecisionBuilder::stepOver() {
  progress_.tracedInStep.clear();
  newKeys_.clear();
}

Decision DecisionBuilder::take() {
  // The lines of this decision join the step's; sorted once here rather than per line.
  auto& traced = progress_.tracedInStep;
  traced.insert(traced.end(), newKeys_.begin(), newKeys_.end());
  std::sort(traced.begin(), traced.end());
  traced.erase(std::unique(traced.begin(), traced.end()), traced.end());
  newKeys_.clear();
  return std::move(decision_);
}

void DecisionBuilder::flushSuppressed() {
  if (suppressed_ == 0) return;
  skipStep(std::to_string(suppressed_) + " more users skipped (not listed)");
  suppressed_ = 0;
}

void DecisionBuilder::settle(const Step& step, Decision::Kind kind) {
  decision_.kind = kind;
  decision_.stepIndex = progress_.stepIndex;
  decision_.stepType = step.type;
  decision_.ringTimeoutSeconds = step.ringTimeoutSeconds;
  decision_.confirm = step.confirm;
}

void DecisionBuilder::offer(const Step& step, std::span<const std::string_view> users,
                            std::string_view why) {
  settle(step, Decision::Kind::Offer);
  decision_.users.reserve(users.size());
  for (std::string_view user : users) {
    line(user, "offer", TraceReason::literal(why));
    progress_.done.mark(user, std::nullopt);
    newKeys_.push_back(lineKey(user, TraceReason::literal("offer")));
    decision_.users.emplace_back(user);
  }
}

void DecisionBuilder::dial(const Step& step, std::string number, std::string why) {
  settle(step, Decision::Kind::Dial);
  line({}, "dial", why + " " + number);
  decision_.number = std::move(number);
}

void DecisionBuilder::voicemail(std::string why) {
  Step step;
  step.type = StepType::Voicemail;
  settle(step, Decision::Kind::Voicemail);
  progress_.voicemailGiven = true;
  line({}, "voicemail", std::move(why));
}

void DecisionBuilder::hangup(std::string why) {
  Step step;
  step.type = StepType::Hangup;
  settle(step, Decision::Kind::Hangup);
  progress_.finished = true;
  line({}, "hangup", std::move(why));
}

} // namespace sb::routing

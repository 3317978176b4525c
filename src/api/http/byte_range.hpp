#pragma once
// The Range request header (RFC 9110 14.2) for a single byte range, and what it means for
// a file of a given size. Pure; fuzzed.
#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::api::http {

// One byte-range-spec: "0-99" (first and last), "100-" (first only), "-500" (suffix).
struct RangeSpec {
  std::optional<std::uint64_t> first;
  std::optional<std::uint64_t> last; // with `first`: the last byte; alone: a suffix length
};

// "bytes=0-99", "bytes=100-", "bytes=-500" (unit case-insensitive, spaces allowed around
// the spec). nullopt for anything else, including several ranges and first > last.
std::optional<RangeSpec> parseRangeHeader(std::string_view header);

enum class RangeOutcome {
  Whole,         // no usable Range: 200 with the whole file
  Partial,       // 206 with bytes [first, last]
  Unsatisfiable, // 416 with Content-Range: bytes */size
};

struct RangeDecision {
  RangeOutcome outcome = RangeOutcome::Whole;
  std::uint64_t first = 0; // inclusive, for Partial
  std::uint64_t last = 0;  // inclusive, for Partial
  std::uint64_t length() const { return last - first + 1; }
};

// What to send for `header` (empty when absent) and a file of `size` bytes: a range
// starting past the end, a zero-length suffix or any range of an empty file cannot be
// satisfied; a last byte past the end is the end; a suffix longer than the file is the
// whole file as a 206.
RangeDecision decideRange(std::string_view header, std::uint64_t size);

} // namespace sb::api::http

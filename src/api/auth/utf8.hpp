#pragma once
// UTF-8 checks for text that arrives from outside (passwords, imported files): only
// well-formed UTF-8 is accepted (no overlong forms, surrogates or code points past U+10FFFF).
#include <cstddef>
#include <string_view>

namespace sb::api::auth {

// The byte offset of the first byte that does not start a well-formed sequence, or
// std::string_view::npos when all of `text` is well-formed.
std::size_t firstInvalidUtf8(std::string_view text);

inline bool isValidUtf8(std::string_view text) {
  return firstInvalidUtf8(text) == std::string_view::npos;
}

// The number of code points in well-formed UTF-8 `text`.
std::size_t countCodePoints(std::string_view text);

} // namespace sb::api::auth

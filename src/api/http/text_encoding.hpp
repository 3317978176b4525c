#pragma once
// Byte-level text checks for untrusted API input: UTF-8 validity, character counts and
// percent-decoding of URL paths and queries. Pure functions over bytes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::api::http {

// True for well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

// The number of code points in `text`, which must be valid UTF-8.
std::size_t utf8Length(std::string_view text);

// Decodes %XX escapes; with plusIsSpace (form-encoded queries) '+' is a space too.
// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

} // namespace sb::api::http

#pragma once
// The query string of an API request, decoded once and read with typed, field-naming
// accessors so that a malformed parameter is answered with a 400 that names it.
#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::api::http {

class QueryParams {
public:
  static constexpr std::size_t kMaxParameters = 100;

  QueryParams() = default;

  // application/x-www-form-urlencoded query (no leading '?'): '+' is a space, %XX decoded;
  // a bad escape, a name or value that is not valid UTF-8 or holds a NUL, a parameter
  // without a name or more than kMaxParameters parameters is a 400 with field "query".
  static common::Result<QueryParams> parse(std::string_view raw);

  std::optional<std::string> first(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const; // repeatable (?phone=1&phone=2)
  bool has(std::string_view name) const;
  // Every parameter in the order received.
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  // A 400 "unknown parameter" naming the first parameter whose name is not in `allowed`.
  std::optional<common::Error> onlyKnown(std::initializer_list<std::string_view> allowed) const;

  // Typed reads: nullopt when absent; a 400 naming the parameter when malformed or given
  // more than once.
  common::Result<std::optional<std::int64_t>> integer(std::string_view name, std::int64_t min,
                                                      std::int64_t max) const;
  common::Result<std::optional<bool>> boolean(std::string_view name) const; // true/false/1/0
  // RFC 3339 date-time with an offset or Z, or a bare date (midnight UTC) -> epoch ms. A
  // space where the offset's '+' belongs is read as '+': an unescaped '+' in a query
  // arrives as a space.
  common::Result<std::optional<std::int64_t>> time(std::string_view name) const;
  // At most maxLength characters (code points).
  common::Result<std::optional<std::string>> string(std::string_view name,
                                                    std::size_t maxLength) const;

private:
  // The one value of a parameter that may appear once: nullopt when absent.
  common::Result<std::optional<std::string>> single(std::string_view name) const;

  std::vector<std::pair<std::string, std::string>> entries_;
};

} // namespace sb::api::http

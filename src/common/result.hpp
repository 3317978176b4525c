#pragma once
// Result<T>: a value or an Error, for everything that handles untrusted input.
// (std::expected is C++23; this is the small part of it the project needs.)
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sb::common {

struct Error {
  std::string message;
  int code = 0;      // a protocol status to answer with (e.g. SIP 400, HTTP 409), or 0
  std::string field; // the input field at fault (API errors name it), or empty
};

template <typename T>
class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

inline Error makeError(std::string message, int code = 0) { return Error{std::move(message), code, {}}; }
// An error about one input field: `field` is the name the API shows ("disposition").
inline Error fieldError(std::string field, std::string message, int code = 400) {
  return Error{std::move(message), code, std::move(field)};
}

} // namespace sb::common

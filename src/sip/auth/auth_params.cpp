#include "sip/auth/auth_params.hpp"

#include <cstring>

namespace sb::sip::auth {
namespace {

using common::Error;
using common::Result;

// Bounds keep a hostile header from costing more than a normal one.
constexpr std::size_t kMaxValueLength = 8192;
constexpr std::size_t kMaxParams = 32;

bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("-.!%*_+`'~", c) != nullptr;
}

bool isLws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

Error syntaxError(std::string what) {
  return common::makeError("bad auth header: " + std::move(what), 400);
}

// A cursor over the header value; every read stops at the end of the text.
class Reader {
public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  void skip() { ++pos_; }
  void skipLws() {
    while (!atEnd() && isLws(text_[pos_]))
      ++pos_;
  }
  std::string_view token() {
    std::size_t start = pos_;
    while (!atEnd() && isTokenChar(text_[pos_]))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // Lenient on purpose: some devices send unquoted nonces with '/' or '='.
  std::string_view bareValue() {
    std::size_t start = pos_;
    while (!atEnd() && text_[pos_] != ',' && text_[pos_] != '"' && !isLws(text_[pos_]))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // At an opening quote: reads up to the closing one, resolving quoted-pairs.
  bool quoted(std::string& out) {
    ++pos_;
    while (!atEnd()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (atEnd()) return false;
        c = text_[pos_++];
      }
      out.push_back(c);
    }
    return false;
  }

private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Result<AuthParam> readParam(Reader& reader) {
  AuthParam param;
  param.name = std::string(reader.token());
  if (param.name.empty()) return syntaxError("parameter name expected");
  reader.skipLws();
  if (reader.peek() != '=') return syntaxError("'=' expected after " + param.name);
  reader.skip();
  reader.skipLws();
  if (reader.peek() == '"') {
    if (!reader.quoted(param.value)) return syntaxError("unterminated quoted string");
    param.quoted = true;
  } else {
    param.value = std::string(reader.bareValue());
    param.quoted = false;
    if (param.value.empty()) return syntaxError("value expected for " + param.name);
  }
  return param;
}

} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool AuthValue::isDigest() const {
  return equalsIgnoreCase(scheme, "Digest");
}

const std::string* AuthValue::find(std::string_view name) const {
  for (const AuthParam& param : params) {
    if (equalsIgnoreCase(param.name, name)) return &param.value;
  }
  return nullptr;
}

void AuthValue::add(std::string name, std::string value, bool quoted) {
  params.push_back(AuthParam{std::move(name), std::move(value), quoted});
}

std::string AuthValue::str() const {
  std::string out = scheme;
  bool first = true;
  for (const AuthParam& param : params) {
    out += first ? " " : ", ";
    first = false;
    out += param.name;
    out += '=';
    if (!param.quoted) {
      out += param.value;
      continue;
    }
    out += '"';
    for (char c : param.value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

Result<AuthValue> parseAuthValue(std::string_view text) {
  if (text.size() > kMaxValueLength) return syntaxError("value too long");
  Reader reader(text);
  reader.skipLws();
  AuthValue value;
  value.scheme = std::string(reader.token());
  if (value.scheme.empty()) return syntaxError("scheme expected");
  if (!reader.atEnd() && !isLws(reader.peek())) return syntaxError("space expected after scheme");
  reader.skipLws();
  while (!reader.atEnd()) {
    Result<AuthParam> param = readParam(reader);
    if (!param) return param.error();
    if (value.find(param->name) != nullptr) return syntaxError("duplicate " + param->name);
    if (value.params.size() == kMaxParams) return syntaxError("too many parameters");
    value.params.push_back(std::move(param.value()));
    reader.skipLws();
    if (reader.atEnd()) break;
    if (reader.peek() != ',') return syntaxError("',' expected");
    // Empty list elements (",,") are allowed by the #rule of RFC 7230.
    while (reader.peek() == ',' || isLws(reader.peek()))
      reader.skip();
  }
  return value;
}

} // namespace sb::sip::auth

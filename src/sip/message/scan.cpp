#include "sip/message/scan.hpp"

namespace sb::sip::scan {

bool isTokenChar(char c) {
  if (isAlnum(c)) return true;
  switch (c) {
  case '-':
  case '.':
  case '!':
  case '%':
  case '*':
  case '_':
  case '+':
  case '`':
  case '\'':
  case '~':
    return true;
  default:
    return false;
  }
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

bool isHexDigit(char c) {
  return hexValue(c) >= 0;
}

int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  const char l = lower(c);
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool istartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string toLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lower(c);
  return out;
}

std::string toUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = upper(c);
  return out;
}

namespace {
bool isTrimmed(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
} // namespace

std::string_view trimLeft(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && isTrimmed(text[i]))
    ++i;
  return text.substr(i);
}

std::string_view trimRight(std::string_view text) {
  std::size_t n = text.size();
  while (n > 0 && isTrimmed(text[n - 1]))
    --n;
  return text.substr(0, n);
}

std::string_view trim(std::string_view text) {
  return trimRight(trimLeft(text));
}

std::optional<std::uint64_t> parseDecimal(std::string_view text, std::uint64_t max) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (!isDigit(c)) return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt; // would exceed max
    value = value * 10 + digit;
  }
  return value;
}

std::vector<std::string_view> splitOutsideQuotes(std::string_view text, char separator) {
  std::vector<std::string_view> items;
  bool inQuotes = false;
  bool inAngle = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inQuotes) {
      if (c == '\\')
        ++i; // the escaped character cannot close the string
      else if (c == '"')
        inQuotes = false;
    } else if (c == '"') {
      inQuotes = true;
    } else if (c == '<') {
      inAngle = true;
    } else if (c == '>') {
      inAngle = false;
    } else if (c == separator && !inAngle) {
      items.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  items.push_back(trim(text.substr(start)));
  return items;
}

bool readQuotedString(std::string_view text, std::size_t& pos, std::string* unquoted) {
  if (pos >= text.size() || text[pos] != '"') return false;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      pos = i + 1;
      return true;
    }
    if (c == '\\') {
      // quoted-pair excludes CR and LF (RFC 3261 25.1).
      if (i + 1 >= text.size() || text[i + 1] == '\r' || text[i + 1] == '\n') return false;
      ++i;
    } else if (c == '\r' || c == '\n') {
      return false;
    }
    if (unquoted) unquoted->push_back(text[i]);
  }
  return false; // unbalanced quote
}

namespace {

// Characters of a generic-param value: token, host (IPv6 brackets and colons).
bool isParamValueChar(char c) {
  return isTokenChar(c) || c == ':' || c == '[' || c == ']';
}

std::size_t skipWsp(std::string_view text, std::size_t pos) {
  while (pos < text.size() && isWsp(text[pos]))
    ++pos;
  return pos;
}

// One generic-param starting at `pos` (just after a ';' and its whitespace).
bool readGenericParam(std::string_view text, std::size_t& pos, Params& out) {
  const std::size_t nameStart = pos;
  while (pos < text.size() && isTokenChar(text[pos]))
    ++pos;
  if (pos == nameStart) return false;
  Param param{std::string(text.substr(nameStart, pos - nameStart)), std::nullopt};
  std::size_t next = skipWsp(text, pos);
  if (next < text.size() && text[next] == '=') {
    next = skipWsp(text, next + 1);
    const std::size_t valueStart = next;
    if (next < text.size() && text[next] == '"') {
      if (!readQuotedString(text, next, nullptr)) return false;
    } else {
      while (next < text.size() && isParamValueChar(text[next]))
        ++next;
    }
    if (next == valueStart) return false;
    param.value = std::string(text.substr(valueStart, next - valueStart));
    pos = next;
  }
  out.push_back(std::move(param));
  return true;
}

} // namespace

bool parseGenericParams(std::string_view text, Params& out) {
  std::size_t pos = skipWsp(text, 0);
  while (pos < text.size()) {
    if (text[pos] != ';') return false;
    pos = skipWsp(text, pos + 1);
    if (!readGenericParam(text, pos, out)) return false;
    pos = skipWsp(text, pos);
  }
  return true;
}

void appendParams(std::string& out, const Params& params) {
  for (const Param& p : params) {
    out += ';';
    out += p.name;
    if (p.value) {
      out += '=';
      out += *p.value;
    }
  }
}

namespace {

bool isIpv6Reference(std::string_view text) {
  if (text.size() < 4 || text.front() != '[' || text.back() != ']') return false;
  const std::string_view inner = text.substr(1, text.size() - 2);
  bool sawColon = false;
  for (char c : inner) {
    if (c == ':')
      sawColon = true;
    else if (!isHexDigit(c) && c != '.')
      return false;
  }
  return sawColon;
}

bool isHostname(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.front() == '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && i + 1 < text.size() && text[i + 1] == '.') return false;
    if (!isAlnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

} // namespace

bool isHost(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == '[') return isIpv6Reference(text);
  return isHostname(text);
}

} // namespace sb::sip::scan

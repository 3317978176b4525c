#include "sip/message/uri.hpp"

#include "sip/message/scan.hpp"

#include <algorithm>

namespace sb::sip {

using common::makeError;

const Param* findParam(const Params& params, std::string_view name) {
  for (const Param& p : params) {
    if (scan::iequals(p.name, name)) return &p;
  }
  return nullptr;
}

std::optional<std::string> paramValue(const Params& params, std::string_view name) {
  const Param* p = findParam(params, name);
  if (p == nullptr || !p->value) return std::nullopt;
  return p->value;
}

bool hasParam(const Params& params, std::string_view name) {
  return findParam(params, name);
}

void setParam(Params& params, std::string_view name, std::optional<std::string> value) {
  for (Param& p : params) {
    if (scan::iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  params.push_back(Param{std::string(name), std::move(value)});
}

void removeParam(Params& params, std::string_view name) {
  std::erase_if(params, [name](const Param& p) { return scan::iequals(p.name, name); });
}

namespace {

bool isMark(char c) {
  switch (c) {
  case '-':
  case '_':
  case '.':
  case '!':
  case '~':
  case '*':
  case '\'':
  case '(':
  case ')':
    return true;
  default:
    return false;
  }
}

bool isUnreserved(char c) {
  return scan::isAlnum(c) || isMark(c);
}
// '#' is not in RFC 3261's user grammar, but trunks and phones send feature codes like
// "sip:*31#5551234@host" unescaped; refusing them would refuse real calls.
bool isUserExtra(char c) {
  return std::string_view("&=+$,;?/#").find(c) != std::string_view::npos;
}
bool isPasswordExtra(char c) {
  return std::string_view("&=+$,").find(c) != std::string_view::npos;
}
bool isParamExtra(char c) {
  return std::string_view("[]/:&+$").find(c) != std::string_view::npos;
}
bool isHeaderExtra(char c) {
  return std::string_view("[]/?:+$").find(c) != std::string_view::npos;
}

// Every character is unreserved, an allowed extra, or a well-formed %HH escape.
bool isEscapedText(std::string_view text, bool (*extra)(char)) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      if (!scan::isHexDigit(text[i + 1]) || !scan::isHexDigit(text[i + 2])) return false;
      i += 2;
    } else if (!isUnreserved(c) && !extra(c)) {
      return false;
    }
  }
  return true;
}

bool parseUriParams(std::string_view text, Params& out) {
  // text is ";a=b;c" (possibly empty)
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(';', pos + 1);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = text.substr(pos + 1, end - pos - 1);
    const std::size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    if (name.empty() || !isEscapedText(name, isParamExtra)) return false;
    Param param{std::string(name), std::nullopt};
    if (eq != std::string_view::npos) {
      const std::string_view value = item.substr(eq + 1);
      if (value.empty() || !isEscapedText(value, isParamExtra)) return false;
      param.value = std::string(value);
    }
    out.push_back(std::move(param));
    pos = end;
  }
  return true;
}

bool parseUriHeaders(std::string_view text, Params& out) {
  // text is "a=b&c=d" (after the '?')
  if (text.empty()) return false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('&', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = text.substr(pos, end - pos);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    const std::string_view name = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (!isEscapedText(name, isHeaderExtra) || !isEscapedText(value, isHeaderExtra)) return false;
    out.push_back(Param{std::string(name), std::string(value)});
    pos = end + 1;
  }
  return true;
}

bool parseHostPort(std::string_view text, Uri& uri) {
  std::size_t hostEnd = 0;
  if (!text.empty() && text.front() == '[') {
    hostEnd = text.find(']');
    if (hostEnd == std::string_view::npos) return false;
    ++hostEnd;
  } else {
    hostEnd = std::min(text.find(':'), text.size());
  }
  const std::string_view host = text.substr(0, hostEnd);
  if (!scan::isHost(host)) return false;
  uri.host = scan::toLower(host);
  if (hostEnd == text.size()) return true;
  if (text[hostEnd] != ':') return false;
  const auto port = scan::parseDecimal(text.substr(hostEnd + 1), 65535);
  if (!port) return false;
  uri.port = static_cast<std::uint16_t>(*port);
  return true;
}

bool parseUserInfo(std::string_view userInfo, Uri& uri) {
  const std::size_t colon = userInfo.find(':');
  const std::string_view user = userInfo.substr(0, colon);
  if (user.empty() || !isEscapedText(user, isUserExtra)) return false;
  uri.user = std::string(user);
  if (colon != std::string_view::npos) {
    const std::string_view password = userInfo.substr(colon + 1);
    if (!isEscapedText(password, isPasswordExtra)) return false;
    uri.password = std::string(password);
  }
  return true;
}

// The part of a sip/sips URI after "sip:". '@' cannot appear unescaped anywhere but
// after the userinfo, so the first '@' ends it even when the user holds ';' or '?'.
bool parseSipParts(std::string_view rest, Uri& uri) {
  const std::size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    if (rest.find('@', at + 1) != std::string_view::npos) return false;
    if (!parseUserInfo(rest.substr(0, at), uri)) return false;
    rest.remove_prefix(at + 1);
  }
  const std::size_t question = std::min(rest.find('?'), rest.size());
  const std::size_t semicolon = std::min(rest.find(';'), question);
  if (!parseHostPort(rest.substr(0, semicolon), uri)) return false;
  if (!parseUriParams(rest.substr(semicolon, question - semicolon), uri.params)) return false;
  if (question < rest.size() && !parseUriHeaders(rest.substr(question + 1), uri.headers)) {
    return false;
  }
  return true;
}

bool isOpaqueChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && c != '<' && c != '>' && c != '"';
}

void appendEscapedParams(std::string& out, const Params& params, char first, char between) {
  bool isFirst = true;
  for (const Param& p : params) {
    out += isFirst ? first : between;
    isFirst = false;
    out += p.name;
    if (p.value) {
      out += '=';
      out += *p.value;
    }
  }
}

} // namespace

common::Result<Uri> Uri::parse(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || !scan::isAlpha(text[0])) {
    return makeError("URI without a scheme", 400);
  }
  Uri uri;
  for (char c : text.substr(0, colon)) {
    if (!scan::isAlnum(c) && c != '+' && c != '-' && c != '.') {
      return makeError("bad URI scheme", 400);
    }
  }
  uri.scheme = scan::toLower(text.substr(0, colon));
  const std::string_view rest = text.substr(colon + 1);
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), isOpaqueChar)) {
    return makeError("bad characters in URI", 400);
  }
  if (!uri.isSip()) {
    uri.opaque = std::string(rest);
    return uri;
  }
  if (!parseSipParts(rest, uri)) return makeError("malformed SIP URI", 400);
  return uri;
}

std::string Uri::userUnescaped() const {
  std::string out;
  out.reserve(user.size());
  for (std::size_t i = 0; i < user.size(); ++i) {
    if (user[i] == '%' && i + 2 < user.size() && scan::isHexDigit(user[i + 1]) &&
        scan::isHexDigit(user[i + 2])) {
      out += static_cast<char>(scan::hexValue(user[i + 1]) * 16 + scan::hexValue(user[i + 2]));
      i += 2;
    } else {
      out += user[i];
    }
  }
  return out;
}

std::string Uri::str() const {
  std::string out;
  out.reserve(scheme.size() + user.size() + host.size() + opaque.size() + 16);
  out += scheme;
  out += ':';
  if (!isSip()) {
    out += opaque;
    return out;
  }
  if (!user.empty()) {
    out += user;
    if (password) {
      out += ':';
      out += *password;
    }
    out += '@';
  }
  out += host;
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  appendEscapedParams(out, params, ';', ';');
  appendEscapedParams(out, headers, '?', '&');
  return out;
}

std::uint16_t Uri::portOrDefault() const {
  if (port) return *port;
  const auto transport = paramValue(params, "transport");
  const bool tls = scheme == "sips" || (transport && scan::iequals(*transport, "tls"));
  return tls ? 5061 : 5060;
}

namespace {

// The display name before '<': a quoted-string or *(token LWS).
bool readDisplayName(std::string_view text, std::size_t& pos, std::string& displayName) {
  if (!text.empty() && text.front() == '"') {
    return scan::readQuotedString(text, pos, &displayName);
  }
  const std::size_t lt = text.find('<');
  const std::string_view tokens = scan::trim(text.substr(0, lt));
  for (char c : tokens) {
    if (!scan::isTokenChar(c) && !scan::isWsp(c)) return false;
  }
  displayName = std::string(tokens);
  pos = lt;
  return true;
}

void appendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '\r' || c == '\n') {
      out += ' '; // cannot be quoted at all; keeps the header on one line
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || (u < 0x20 && c != '\t') || u == 0x7F) out += '\\';
    out += c;
  }
  out += '"';
}

} // namespace

common::Result<NameAddr> NameAddr::parse(std::string_view text) {
  text = scan::trim(text);
  NameAddr result;
  if (text == "*") {
    result.isStar = true;
    return result;
  }
  if (text.empty()) return makeError("empty address", 400);
  std::string_view paramsText;
  const bool nameAddrForm = text.front() == '"' || text.find('<') != std::string_view::npos;
  if (nameAddrForm) {
    std::size_t pos = 0;
    if (!readDisplayName(text, pos, result.displayName)) {
      return makeError("bad display name", 400);
    }
    while (pos < text.size() && scan::isWsp(text[pos]))
      ++pos;
    const std::size_t gt = text.find('>', pos);
    if (pos >= text.size() || text[pos] != '<' || gt == std::string_view::npos) {
      return makeError("address without <URI>", 400);
    }
    auto uri = Uri::parse(text.substr(pos + 1, gt - pos - 1));
    if (!uri) return uri.error();
    result.uri = std::move(uri.value());
    paramsText = text.substr(gt + 1);
  } else {
    std::size_t end = 0;
    while (end < text.size() && text[end] != ';' && !scan::isWsp(text[end]))
      ++end;
    const std::string_view spec = text.substr(0, end);
    if (spec.find_first_of("?,") != std::string_view::npos) {
      return makeError("addr-spec with '?' or ',' needs <>", 400);
    }
    auto uri = Uri::parse(spec);
    if (!uri) return uri.error();
    result.uri = std::move(uri.value());
    paramsText = text.substr(end);
  }
  if (!scan::parseGenericParams(paramsText, result.params)) {
    return makeError("bad header parameters", 400);
  }
  return result;
}

std::string NameAddr::tag() const {
  return paramValue(params, "tag").value_or("");
}

std::string NameAddr::str() const {
  if (isStar) return "*";
  std::string out;
  if (!displayName.empty()) {
    appendQuoted(out, displayName);
    out += ' ';
  }
  out += '<';
  out += uri.str();
  out += '>';
  scan::appendParams(out, params);
  return out;
}

} // namespace sb::sip

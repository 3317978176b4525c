#pragma once
// SIP URIs (RFC 3261 19.1), name-addr forms and generic parameters.
#include "common/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::sip {

struct Param {
  std::string name;                 // as received; compared case-insensitively
  std::optional<std::string> value; // nullopt for a bare flag like ";lr"; quoted values keep quotes

  friend bool operator==(const Param&, const Param&) = default;
};
using Params = std::vector<Param>;

// Case-insensitive lookup. findParam returns nullptr when absent.
const Param* findParam(const Params& params, std::string_view name);
std::optional<std::string> paramValue(const Params& params, std::string_view name);
bool hasParam(const Params& params, std::string_view name);
void setParam(Params& params, std::string_view name, std::optional<std::string> value);
void removeParam(Params& params, std::string_view name);

struct Uri {
  std::string scheme; // lower case: "sip", "sips", "tel", ...
  std::string user;   // as on the wire (still %-escaped)
  std::optional<std::string> password;
  std::string host; // lower case; IPv6 kept in brackets
  std::optional<std::uint16_t> port;
  Params params;      // ;transport=tcp;lr ...
  Params headers;     // ?subject=...
  std::string opaque; // for schemes other than sip/sips: all after "scheme:"

  bool isSip() const { return scheme == "sip" || scheme == "sips"; }
  std::string userUnescaped() const; // %-escapes decoded
  std::string str() const;
  // Host and port, port defaulted from scheme and transport (5060, 5061 for sips).
  std::uint16_t portOrDefault() const;

  // Strict RFC 3261 19.1 syntax: no whitespace, no <>; a sip/sips URI must have a host.
  // Any other scheme (tel, http, urn, ...) keeps everything after "scheme:" in `opaque`.
  static common::Result<Uri> parse(std::string_view text);

  friend bool operator==(const Uri&, const Uri&) = default;
};

struct NameAddr {
  std::string displayName; // unquoted, escapes resolved; "" when absent
  Uri uri;
  Params params;       // header params after the URI: ;tag=...;expires=...;q=...
  bool isStar = false; // "Contact: *"

  std::string tag() const; // "" when absent
  std::string str() const; // always with <> around the URI ("*" for isStar)
  // name-addr or addr-spec (RFC 3261 20.10): in the addr-spec form every ';' after the
  // URI starts a header parameter, and a URI with '?' or ',' is rejected.
  static common::Result<NameAddr> parse(std::string_view text);

  friend bool operator==(const NameAddr&, const NameAddr&) = default;
};

} // namespace sb::sip

#pragma once
// The header names the stack knows, their compact forms (RFC 3261 7.3.3 and the
// extensions that registered one), and which of them hold comma-separated lists.
#include <string_view>

namespace sb::sip::header_names {

// Canonical long form of a known header name or compact form, any case; "" when unknown.
std::string_view known(std::string_view name);

// Whether a header's value may be a comma-separated list (RFC 3261 7.3.1). Headers whose
// grammar contains commas of its own (Date, WWW-Authenticate, ...) are not split.
bool isList(std::string_view canonicalName);

} // namespace sb::sip::header_names

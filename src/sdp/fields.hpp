#pragma once
// Parsers for the value of one typed SDP line (what follows "x="). Errors say what the
// line needs; the session parser adds the line number.
#include "common/result.hpp"
#include "sdp/session.hpp"

#include <string_view>

namespace sb::sdp::fields {

using common::Result;

Result<Origin> parseOrigin(std::string_view value);         // o=
Result<Connection> parseConnection(std::string_view value); // c=
Result<Bandwidth> parseBandwidth(std::string_view value);   // b=
Result<Timing> parseTiming(std::string_view value);         // t=
Result<Media> parseMediaLine(std::string_view value);       // m=, the section's other parts empty
Result<Attribute> parseAttribute(std::string_view value);   // a=, known attributes checked

} // namespace sb::sdp::fields

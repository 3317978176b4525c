#pragma once
// The request-target of an HTTP request ("/api/v1/calls/7?phone=%2B1555") cut into a
// decoded path and parsed query. Only origin-form targets are served.
#include "api/http/query_params.hpp"
#include "common/result.hpp"

#include <string>
#include <string_view>

namespace sb::api::http {

struct RequestTarget {
  std::string path; // percent-decoded; '+' stays '+'
  QueryParams query;
};

// A 400 with field "path" when the target does not start with '/', has a malformed
// %-escape or decodes to something other than NUL-free UTF-8; query errors as
// QueryParams::parse gives them (field "query").
common::Result<RequestTarget> parseRequestTarget(std::string_view target);

} // namespace sb::api::http

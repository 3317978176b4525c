#include "api/http/request_target.hpp"

#include "api/http/text_encoding.hpp"

namespace sb::api::http {

common::Result<RequestTarget> parseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/')
    return common::fieldError("path", "the request target must be a path starting with '/'");
  const std::size_t question = target.find('?');
  auto path = percentDecode(target.substr(0, question), false);
  if (!path) return common::fieldError("path", "the path has a malformed %-escape");
  if (!isValidUtf8(*path) || path->find('\0') != std::string::npos)
    return common::fieldError("path", "the path is not valid UTF-8 text");
  auto query = QueryParams::parse(question == std::string_view::npos ? std::string_view{}
                                                                     : target.substr(question + 1));
  if (!query) return query.error();
  return RequestTarget{std::move(*path), std::move(*query)};
}

} // namespace sb::api::http

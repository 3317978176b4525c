#include "api/http/response_writer.hpp"

#include "api/http/byte_range.hpp"
#include "api/http/file_range_body.hpp"
#include "common/log.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace sb::api::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

bool sameName(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// Headers the server owns, and anything that would let a value split the header block.
bool allowedExtraHeader(const std::string& name, const std::string& value) {
  static constexpr std::array<std::string_view, 4> kFraming = {
      "content-length", "transfer-encoding", "connection", "upgrade"};
  if (name.empty() || std::any_of(kFraming.begin(), kFraming.end(),
                                  [&](std::string_view f) { return sameName(name, f); }))
    return false;
  const auto breaksFraming = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  const auto notTokenChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) == 0 &&
           std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos;
  };
  return std::none_of(name.begin(), name.end(), notTokenChar) &&
         std::none_of(value.begin(), value.end(), breaksFraming);
}

bool isJson(const std::string& contentType) {
  return contentType.rfind("application/json", 0) == 0;
}

template <class Body>
void setCommonHeaders(bhttp::response<Body>& message, const ApiResponse& response,
                      const ResponseContext& context, bool hasBody) {
  message.set(bhttp::field::server, "switchboard");
  if (hasBody && !response.contentType.empty()) {
    if (allowedExtraHeader("Content-Type", response.contentType))
      message.set(bhttp::field::content_type, response.contentType);
    if (isJson(response.contentType)) message.set(bhttp::field::cache_control, "no-store");
  }
  for (const auto& [name, value] : response.headers) {
    if (allowedExtraHeader(name, value))
      message.set(name, value);
    else
      SB_LOG_ERROR("api: response header '{}' left out: it would break HTTP framing", name);
  }
  message.keep_alive(context.keepAlive);
}

// A response without a body of its own (HEAD, 204, 304) that announces `length` unless the
// status has no body at all.
bhttp::message_generator headersOnly(const ApiResponse& response, const ResponseContext& context,
                                     std::optional<std::uint64_t> length) {
  bhttp::response<bhttp::empty_body> message{static_cast<bhttp::status>(response.status),
                                             context.version};
  setCommonHeaders(message, response, context, length.has_value());
  if (length) message.content_length(*length);
  return message;
}

bhttp::message_generator textResponse(ApiResponse response, const ResponseContext& context) {
  if (response.status < 200 || response.status > 599) {
    SB_LOG_ERROR("api: a handler answered with status {}; sent as 500", response.status);
    response = errorResponse(common::makeError("the server produced an invalid response", 500));
  }
  const bool bodyless = response.status == 204 || response.status == 304;
  if (bodyless) return headersOnly(response, context, std::nullopt);
  if (context.head) return headersOnly(response, context, response.body.size());
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status),
                                              context.version};
  setCommonHeaders(message, response, context, true);
  message.body() = std::move(response.body);
  message.prepare_payload();
  return message;
}

bhttp::message_generator fileResponse(ApiResponse response, const ResponseContext& context) {
  const std::filesystem::path path = *response.file;
  std::error_code statError;
  beast::error_code ec;
  beast::file file;
  if (std::filesystem::is_regular_file(path, statError))
    file.open(path.c_str(), beast::file_mode::scan, ec);
  const std::uint64_t size = file.is_open() ? file.size(ec) : 0;
  if (!file.is_open() || ec)
    return textResponse(errorResponse(common::makeError("no such file", 404)), context);

  const RangeDecision range = decideRange(context.head ? "" : context.range, size);
  if (range.outcome == RangeOutcome::Unsatisfiable) {
    ApiResponse refusal = errorResponse(common::makeError(
        "the requested range is outside the file's " + std::to_string(size) + " bytes", 416));
    refusal.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    return textResponse(std::move(refusal), context);
  }
  const bool partial = range.outcome == RangeOutcome::Partial;
  response.status = partial ? 206 : 200;
  response.headers.emplace_back("Accept-Ranges", "bytes");
  if (partial)
    response.headers.emplace_back("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                                       std::to_string(range.last) + "/" +
                                                       std::to_string(size));
  if (context.head) return headersOnly(response, context, size);

  bhttp::response<FileRangeBody> message{static_cast<bhttp::status>(response.status),
                                         context.version};
  setCommonHeaders(message, response, context, true);
  message.body().file = std::move(file);
  message.body().offset = partial ? range.first : 0;
  message.body().length = partial ? range.length() : size;
  message.prepare_payload();
  return message;
}

} // namespace

bhttp::message_generator buildResponse(ApiResponse response, const ResponseContext& context) {
  if (response.file) return fileResponse(std::move(response), context);
  return textResponse(std::move(response), context);
}

} // namespace sb::api::http

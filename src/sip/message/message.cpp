// Message: header access, typed accessors, printing and response building.
#include "sip/message/message.hpp"

#include "sip/message/header_names.hpp"
#include "sip/message/scan.hpp"

#include <algorithm>
#include <climits>

namespace sb::sip {

using common::makeError;

namespace {

std::string_view canonicalView(std::string_view name) {
  const std::string_view known = header_names::known(name);
  return known.empty() ? name : known;
}

// Every list item of every occurrence, empty items kept so that parsers can reject them.
std::vector<std::string_view> listItems(const std::vector<Header>& headers, std::string_view name) {
  std::vector<std::string_view> items;
  for (const Header& h : headers) {
    if (!scan::iequals(h.name, name)) continue;
    for (std::string_view item : scan::splitOutsideQuotes(h.value, ','))
      items.push_back(item);
  }
  return items;
}

Result<std::vector<NameAddr>> parseAddressList(const std::vector<Header>& headers,
                                               std::string_view name, bool allowStar) {
  std::vector<NameAddr> result;
  for (std::string_view item : listItems(headers, name)) {
    auto address = NameAddr::parse(item);
    if (!address) return makeError(std::string(name) + ": " + address.error().message, 400);
    if (address->isStar && !allowStar) return makeError(std::string(name) + ": '*'", 400);
    result.push_back(std::move(address.value()));
  }
  return result;
}

Result<NameAddr> parseSingleAddress(const std::string* value, std::string_view name) {
  if (value == nullptr) return makeError("missing " + std::string(name), 400);
  auto address = NameAddr::parse(*value);
  if (!address) return makeError(std::string(name) + ": " + address.error().message, 400);
  if (address->isStar) return makeError(std::string(name) + ": '*'", 400);
  return address;
}

} // namespace

const std::string* Message::header(std::string_view name) const {
  const std::string_view canonical = canonicalView(name);
  for (const Header& h : headers) {
    if (scan::iequals(h.name, canonical)) return &h.value;
  }
  return nullptr;
}

std::vector<std::string> Message::headerValues(std::string_view name) const {
  const std::string_view canonical = canonicalView(name);
  const bool isList = header_names::isList(canonical);
  std::vector<std::string> values;
  for (const Header& h : headers) {
    if (!scan::iequals(h.name, canonical)) continue;
    if (!isList) {
      values.push_back(h.value);
      continue;
    }
    for (std::string_view item : scan::splitOutsideQuotes(h.value, ',')) {
      if (!item.empty()) values.emplace_back(item);
    }
  }
  return values;
}

void Message::addHeader(std::string_view name, std::string value) {
  headers.push_back(Header{canonicalHeaderName(name), std::move(value)});
}

void Message::prependHeader(std::string_view name, std::string value) {
  const std::string canonical = canonicalHeaderName(name);
  auto first = std::find_if(headers.begin(), headers.end(),
                            [&](const Header& h) { return scan::iequals(h.name, canonical); });
  if (first == headers.end()) first = headers.begin();
  headers.insert(first, Header{canonical, std::move(value)});
}

void Message::setHeader(std::string_view name, std::string value) {
  const std::string canonical = canonicalHeaderName(name);
  auto first = std::find_if(headers.begin(), headers.end(),
                            [&](const Header& h) { return scan::iequals(h.name, canonical); });
  if (first == headers.end()) {
    headers.push_back(Header{canonical, std::move(value)});
    return;
  }
  *first = Header{canonical, std::move(value)};
  const auto keep = first - headers.begin();
  auto it = headers.begin() + keep + 1;
  headers.erase(std::remove_if(it, headers.end(),
                               [&](const Header& h) { return scan::iequals(h.name, canonical); }),
                headers.end());
}

void Message::removeHeader(std::string_view name) {
  const std::string_view canonical = canonicalView(name);
  std::erase_if(headers, [&](const Header& h) { return scan::iequals(h.name, canonical); });
}

Result<std::vector<Via>> Message::vias() const {
  std::vector<Via> result;
  for (std::string_view item : listItems(headers, "Via")) {
    auto via = Via::parse(item);
    if (!via) return via.error();
    result.push_back(std::move(via.value()));
  }
  if (result.empty()) return makeError("missing Via", 400);
  return result;
}

Result<Via> Message::topVia() const {
  const std::string* value = header("Via");
  if (value == nullptr) return makeError("missing Via", 400);
  return Via::parse(scan::splitOutsideQuotes(*value, ',').front());
}

Result<NameAddr> Message::from() const {
  return parseSingleAddress(header("From"), "From");
}
Result<NameAddr> Message::to() const {
  return parseSingleAddress(header("To"), "To");
}

std::string Message::callId() const {
  const std::string* value = header("Call-ID");
  return value != nullptr ? *value : std::string();
}

Result<CSeq> Message::cseq() const {
  const std::string* value = header("CSeq");
  if (value == nullptr) return makeError("missing CSeq", 400);
  return CSeq::parse(*value);
}

std::optional<int> Message::maxForwards() const {
  const std::string* value = header("Max-Forwards");
  if (value == nullptr) return std::nullopt;
  const auto number = scan::parseDecimal(*value, INT_MAX);
  if (!number) return std::nullopt;
  return static_cast<int>(*number);
}

Result<std::vector<NameAddr>> Message::contacts() const {
  return parseAddressList(headers, "Contact", true);
}
Result<std::vector<NameAddr>> Message::routes() const {
  return parseAddressList(headers, "Route", false);
}
Result<std::vector<NameAddr>> Message::recordRoutes() const {
  return parseAddressList(headers, "Record-Route", false);
}

std::optional<std::uint32_t> Message::expires() const {
  const std::string* value = header("Expires");
  if (value == nullptr) return std::nullopt;
  const auto number = scan::parseDecimal(*value, 0xFFFFFFFFu);
  if (!number) return std::nullopt;
  return static_cast<std::uint32_t>(*number);
}

std::string Message::fromTag() const {
  auto address = from();
  return address ? address->tag() : std::string();
}

std::string Message::toTag() const {
  auto address = to();
  return address ? address->tag() : std::string();
}

std::string Message::serialize() const {
  std::string out;
  std::size_t estimate = body.size() + 64 + requestLine.size();
  for (const Header& h : headers)
    estimate += h.name.size() + h.value.size() + 4;
  out.reserve(estimate);
  const std::string_view sipVersion = version.empty() ? std::string_view("SIP/2.0") : version;
  if (isRequest()) {
    out.append(method).append(" ").append(requestUri.str()).append(" ").append(sipVersion);
  } else {
    out.append(sipVersion).append(" ").append(std::to_string(statusCode)).append(" ");
    out.append(reason);
  }
  out += "\r\n";
  const std::string contentLength = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  bool lengthWritten = false;
  for (const Header& h : headers) {
    if (scan::iequals(h.name, "Content-Length")) {
      // Printed once, where it first was, and always from the body actually sent.
      if (!lengthWritten) out += contentLength;
      lengthWritten = true;
      continue;
    }
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!lengthWritten) out += contentLength;
  out += "\r\n";
  out += body;
  return out;
}

bool operator==(const Message& a, const Message& b) {
  return a.method == b.method && a.requestUri == b.requestUri && a.statusCode == b.statusCode &&
         a.reason == b.reason && a.headers == b.headers && a.body == b.body &&
         a.version == b.version;
}

Message makeResponse(const Message& request, int statusCode, std::string_view reason,
                     std::string_view toTag) {
  Message response;
  response.statusCode = statusCode;
  response.reason = std::string(reason.empty() ? reasonPhrase(statusCode) : reason);
  for (const Header& h : request.headers) {
    const bool single = h.name == "From" || h.name == "To" || h.name == "Call-ID" ||
                        h.name == "CSeq" ||
                        (statusCode == 100 && h.name == "Timestamp"); // RFC 3261 8.2.6.1
    // Only the first of a repeated single header, so that the 400 answering a request
    // with two To headers (RFC 4475 multi01) is itself well formed.
    if (h.name == "Via" || (single && !response.hasHeader(h.name))) response.headers.push_back(h);
  }
  if (!toTag.empty() && statusCode != 100) {
    auto to = request.to();
    if (to && to->tag().empty()) {
      for (Header& h : response.headers) {
        if (h.name != "To") continue;
        h.value.append(";tag=").append(toTag);
        break;
      }
    }
  }
  response.headers.push_back(Header{"Content-Length", "0"});
  return response;
}

} // namespace sb::sip

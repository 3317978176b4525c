#include "sdp/parser.hpp"

#include "sdp/fields.hpp"
#include "sdp/text.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace sb::sdp {
namespace {

using common::makeError;

// Reads one line at a time into the session, remembering which section it is in.
class SessionReader {
public:
  // Adds one non-blank "x=value" line; an error message without the line number.
  std::optional<std::string> add(char type, std::string_view value) {
    if (!sawVersion_) {
      if (type != 'v') return "SDP must start with v=0";
      if (text::trim(value) != "0") return "v= must be 0";
      sawVersion_ = true;
      return std::nullopt;
    }
    if (type == 'm') return startMedia(value);
    if (type == 'a') return addAttribute(value);
    return media_ ? addMediaLevel(type, value) : addSessionLevel(type, value);
  }

  Result<Session> finish() && {
    if (!sawVersion_) return makeError("SDP is empty");
    if (!sawOrigin_) return makeError("SDP has no o= line");
    if (!sawName_) return makeError("SDP has no s= line");
    sortLines(session_.lines);
    for (Media& section : session_.media)
      sortLines(section.lines);
    return std::move(session_);
  }

private:
  static void sortLines(std::vector<Line>& lines) {
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      return canonicalRank(a.type) < canonicalRank(b.type);
    });
  }

  std::optional<std::string> addSessionLevel(char type, std::string_view value) {
    switch (type) {
    case 'v':
      return "second v= line";
    case 'o':
      return setOnce(sawOrigin_, session_.origin, fields::parseOrigin(value), "o=");
    case 's':
      if (sawName_) return "second s= line";
      sawName_ = true;
      session_.name = std::string(value);
      return std::nullopt;
    case 'c':
      return setConnection(session_.connection, value, "second c= in the session section");
    case 'b':
      return addBandwidth(session_.bandwidths, value);
    case 't':
      return addTiming(value);
    case 'r':
      if (session_.timings.empty()) return "r= before any t=";
      session_.timings.back().repeats.emplace_back(value);
      return std::nullopt;
    case 'i':
    case 'u':
    case 'e':
    case 'p':
    case 'z':
    case 'k':
      session_.lines.push_back(Line{type, std::string(value)});
      return std::nullopt;
    default:
      return unknownType(type);
    }
  }

  std::optional<std::string> addMediaLevel(char type, std::string_view value) {
    switch (type) {
    case 'c':
      return setConnection(media_->connection, value, "second c= in one media section");
    case 'b':
      return addBandwidth(media_->bandwidths, value);
    case 'i':
    case 'k':
      media_->lines.push_back(Line{type, std::string(value)});
      return std::nullopt;
    case 'v':
    case 'o':
    case 's':
    case 'u':
    case 'e':
    case 'p':
    case 't':
    case 'r':
    case 'z':
      return std::string(1, type) + "= belongs before the first m= line";
    default:
      return unknownType(type);
    }
  }

  static std::string unknownType(char type) {
    // RFC 8866 5: a description with a type letter we do not understand is rejected.
    return "unknown line type " + std::string(1, type) + "=";
  }

  template <typename T>
  static std::optional<std::string> setOnce(bool& seen, T& field, Result<T> parsed,
                                            const char* what) {
    if (seen) return std::string("second ") + what + " line";
    if (!parsed) return parsed.error().message;
    seen = true;
    field = std::move(*parsed);
    return std::nullopt;
  }

  static std::optional<std::string> setConnection(std::optional<Connection>& field,
                                                  std::string_view value, const char* twice) {
    if (field) return twice;
    auto connection = fields::parseConnection(value);
    if (!connection) return connection.error().message;
    field = std::move(*connection);
    return std::nullopt;
  }

  static std::optional<std::string> addBandwidth(std::vector<Bandwidth>& list,
                                                 std::string_view value) {
    auto bandwidth = fields::parseBandwidth(value);
    if (!bandwidth) return bandwidth.error().message;
    list.push_back(std::move(*bandwidth));
    return std::nullopt;
  }

  std::optional<std::string> addTiming(std::string_view value) {
    auto timing = fields::parseTiming(value);
    if (!timing) return timing.error().message;
    session_.timings.push_back(std::move(*timing));
    return std::nullopt;
  }

  std::optional<std::string> addAttribute(std::string_view value) {
    auto attribute = fields::parseAttribute(value);
    if (!attribute) return attribute.error().message;
    auto& list = media_ ? media_->attributes : session_.attributes;
    list.push_back(std::move(*attribute));
    return std::nullopt;
  }

  std::optional<std::string> startMedia(std::string_view value) {
    auto media = fields::parseMediaLine(value);
    if (!media) return media.error().message;
    session_.media.push_back(std::move(*media));
    media_ = &session_.media.back();
    return std::nullopt;
  }

  Session session_;
  bool sawVersion_ = false;
  bool sawOrigin_ = false;
  bool sawName_ = false;
  Media* media_ = nullptr; // the section being read: the last of session_.media, or none
};

std::string lineError(std::size_t number, std::string_view message) {
  return "line " + std::to_string(number) + ": " + std::string(message);
}

// Why a raw line cannot be an SDP line, or nullopt.
std::optional<std::string> lineProblem(std::string_view line, const Limits& limits) {
  if (line.size() > limits.maxLineLength) {
    return "longer than " + std::to_string(limits.maxLineLength) + " bytes";
  }
  if (line.find('\0') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
    return "NUL or CR inside the line";
  }
  if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
    return "expected <type>=<value>";
  }
  return std::nullopt;
}

} // namespace

Result<Session> parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.maxBytes) {
    return makeError("SDP of " + std::to_string(text.size()) + " bytes is over the limit of " +
                     std::to_string(limits.maxBytes));
  }
  SessionReader reader;
  std::size_t number = 0;
  std::size_t counted = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (++counted > limits.maxLines) {
      return makeError(
          lineError(number, "more than " + std::to_string(limits.maxLines) + " lines"));
    }
    if (auto problem = lineProblem(line, limits)) return makeError(lineError(number, *problem));
    if (auto problem = reader.add(line[0], line.substr(2))) {
      return makeError(lineError(number, *problem));
    }
  }
  return std::move(reader).finish();
}

} // namespace sb::sdp

// The checks of call logging, shared by every backend: values against the
// organization's lists, and the conflict a changed disposition or sentiment is.
#include <algorithm>

#include "store/call_search.hpp"

namespace sb::store {
namespace {

// A value for `field`, checked against settings[listName] when that is a list.
std::optional<common::Error> checkValue(const std::string& field, const std::string& value,
                                        const nlohmann::json& settings,
                                        const std::string& listName) {
  const auto list = settings.is_object() ? settings.find(listName) : settings.end();
  if (settings.is_object() && list != settings.end() && list->is_array()) {
    const bool listed = std::any_of(list->begin(), list->end(), [&](const nlohmann::json& v) {
      return v.is_string() && v.get<std::string>() == value;
    });
    if (listed) return std::nullopt;
    return common::makeError(
        field + ": \"" + value + "\" is not one of the organization's " + listName, 400);
  }
  if (value.empty()) return common::makeError(field + ": must not be empty", 400);
  if (value.size() > kMaxLogValue) {
    return common::makeError(
        field + ": longer than " + std::to_string(kMaxLogValue) + " characters", 400);
  }
  return std::nullopt;
}

} // namespace

std::optional<common::Error> checkCallLog(const CallLog& log, const nlohmann::json& settings) {
  if (log.callId.empty()) return common::makeError("call: id is required", 400);
  if (!log.notes && !log.disposition && !log.sentiment) {
    return common::makeError("notes, disposition or sentiment is required", 400);
  }
  if (log.notes && log.notes->size() > kMaxNotes) {
    return common::makeError("notes: longer than " + std::to_string(kMaxNotes) + " characters",
                             400);
  }
  if (log.byUserId && log.byUserId->empty()) return common::makeError("user: empty id", 400);
  if (log.disposition) {
    if (auto bad = checkValue("disposition", *log.disposition, settings, "dispositions"))
      return bad;
  }
  if (log.sentiment) {
    if (auto bad = checkValue("sentiment", *log.sentiment, settings, "sentiments")) return bad;
  }
  return std::nullopt;
}

common::Error callLogConflict(const CallLog& log, const std::string& storedDisposition,
                              const std::string& storedSentiment) {
  if (log.disposition && !storedDisposition.empty() && storedDisposition != *log.disposition) {
    return common::makeError("disposition: already logged as \"" + storedDisposition + "\"", 409);
  }
  if (log.sentiment && !storedSentiment.empty() && storedSentiment != *log.sentiment) {
    return common::makeError("sentiment: already logged as \"" + storedSentiment + "\"", 409);
  }
  // Not reached while logged values never change; kept so a refusal always has a field.
  return common::makeError(
      log.disposition ? "disposition: already logged" : "sentiment: already logged", 409);
}

} // namespace sb::store

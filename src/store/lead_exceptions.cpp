// The checks, cursor and SQL of applications and lead exceptions, shared by every backend.
#include "store/lead_exceptions.hpp"

#include <array>
#include <utility>

namespace sb::store {
namespace {

constexpr std::string_view kCursorTag = "x1";
constexpr std::array<std::string_view, 5> kReasons{"nobody_eligible", "all_declined", "no_answer",
                                                   "not_started", "failed"};

} // namespace

bool isLeadExceptionReason(std::string_view reason) {
  for (std::string_view known : kReasons)
    if (reason == known) return true;
  return false;
}

Refusal checkApplication(const Application& a) {
  if (a.id.empty()) return common::makeError("an application needs an id", 400);
  if (a.leadId.empty()) return common::fieldError("lead_id", "an application needs a lead");
  if (a.userId.empty())
    return common::fieldError("user_id", "an application needs the user who took the lead");
  return std::nullopt;
}

Refusal checkLeadException(const LeadException& e) {
  if (e.id.empty()) return common::makeError("a lead exception needs an id", 400);
  if (e.leadId.empty()) return common::fieldError("lead_id", "a lead exception needs a lead");
  if (!isLeadExceptionReason(e.reason)) {
    return common::fieldError("reason",
                              "reason \"" + e.reason + "\" is not a lead exception reason");
  }
  return std::nullopt;
}

common::Result<std::optional<KeysetPosition>> checkLeadExceptionQuery(const LeadExceptionQuery& q) {
  if (q.limit < 1 || q.limit > kMaxLeadExceptionPage) {
    return common::fieldError("limit", "limit must be between 1 and " +
                                           std::to_string(kMaxLeadExceptionPage));
  }
  if (q.cursor.empty()) return std::optional<KeysetPosition>{};
  auto position = readCursor(q.cursor, kCursorTag);
  if (!position)
    return common::fieldError("cursor", "cursor is not one the lead exceptions list gave");
  return std::optional<KeysetPosition>{std::move(*position)};
}

SqlTail leadExceptionSql(const LeadExceptionQuery& q, const std::optional<KeysetPosition>& after,
                         SqlDialect dialect) {
  SqlBuilder b(dialect);
  if (q.state == LeadExceptionQuery::State::Open) b.where("resolved_at IS NULL");
  if (q.state == LeadExceptionQuery::State::Resolved) b.where("resolved_at IS NOT NULL");
  if (after) {
    const std::string key = b.param(after->key);
    const std::string id = b.param(after->id);
    b.where("(created_at, id) < (" + key + ", " + id + ")");
  }
  const std::string limit = b.param(std::int64_t{q.limit} + 1);
  return b.finish("ORDER BY created_at DESC, id DESC LIMIT " + limit);
}

LeadExceptionPage leadExceptionPage(std::vector<LeadException> rows,
                                    const LeadExceptionQuery& query) {
  LeadExceptionPage page;
  page.nextCursor = cutToPage(rows, query.limit, kCursorTag);
  page.items = std::move(rows);
  return page;
}

common::Error alreadyResolved(const std::string& id) {
  return common::makeError("lead exception " + id + " is already resolved", 409);
}

} // namespace sb::store

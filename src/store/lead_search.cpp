// The checks, cursor and SQL of the leads search, shared by every backend.
#include "store/lead_search.hpp"

#include <utility>

#include "store/call_search.hpp"

namespace sb::store {
namespace {

constexpr std::string_view kCursorTag = "l1";

// LIKE's wildcards and its escape character, escaped, so the text matches as typed.
std::string likePattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + '%';
}

std::string textCondition(SqlBuilder& b, const std::string& text) {
  // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL needs ILIKE for that.
  const std::string like = b.dialect() == SqlDialect::Sqlite ? " LIKE " : " ILIKE ";
  std::string any;
  for (const char* column : {"name", "company", "title", "email"}) {
    if (!any.empty()) any += " OR ";
    any += column + like + b.param(likePattern(text)) + " ESCAPE '\\'";
  }
  return "(" + any + ")";
}

} // namespace

common::Result<std::optional<KeysetPosition>> checkLeadQuery(const LeadQuery& q) {
  if (q.limit < 1 || q.limit > kMaxLeadPage) {
    return common::fieldError("limit",
                              "limit must be between 1 and " + std::to_string(kMaxLeadPage));
  }
  if (q.text.size() > kMaxLeadSearchText) {
    return common::fieldError("q", "search text is longer than " +
                                       std::to_string(kMaxLeadSearchText) + " characters");
  }
  if (!q.phone.empty() && phoneDigits(q.phone).empty()) {
    return common::fieldError("phone", "phone \"" + q.phone + "\" has no digits");
  }
  if (q.ownerUserId && q.ownerUserId->empty()) {
    return common::fieldError("owner", "owner must not be empty");
  }
  if (q.ownerUserId && q.unassignedOnly) {
    return common::fieldError("owner",
                              "ask for one owner's leads or for unassigned ones, not both");
  }
  if (q.cursor.empty()) return std::optional<KeysetPosition>{};
  auto position = readCursor(q.cursor, kCursorTag);
  if (!position) return common::fieldError("cursor", "cursor is not one the leads list gave");
  return std::optional<KeysetPosition>{std::move(*position)};
}

SqlTail leadSearchSql(const LeadQuery& q, const std::optional<KeysetPosition>& after,
                      SqlDialect dialect) {
  SqlBuilder b(dialect);
  if (!q.text.empty()) b.where(textCondition(b, q.text));
  if (!q.phone.empty()) {
    // Stored phones are E.164 ('+' then digits), so a run of digits is a plain substring.
    b.where("id IN (SELECT lead_id FROM lead_phones WHERE e164 LIKE " +
            b.param('%' + phoneDigits(q.phone) + '%') + ")");
  }
  if (q.unassignedOnly) b.where("owner_user_id IS NULL");
  if (q.ownerUserId) b.where("owner_user_id = " + b.param(*q.ownerUserId));
  if (after) {
    const std::string key = b.param(after->key);
    const std::string id = b.param(after->id);
    b.where("(created_at, id) < (" + key + ", " + id + ")");
  }
  const std::string limit = b.param(std::int64_t{q.limit} + 1);
  return b.finish("ORDER BY created_at DESC, id DESC LIMIT " + limit);
}

LeadPage leadPage(std::vector<Lead> rows, const LeadQuery& query) {
  LeadPage page;
  page.nextCursor = cutToPage(rows, query.limit, kCursorTag);
  page.leads = std::move(rows);
  return page;
}

} // namespace sb::store

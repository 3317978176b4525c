#include "store/call_search_sql.hpp"

#include <algorithm>
#include <utility>

namespace sb::store {
namespace {

// Phone fragments shorter than a trigram cannot use a trigram index; they are checked
// against calls.phone_digits call by call along the sort order.
constexpr std::size_t kTrigram = 3;

// The call-specific fragments over the generic builder.
class Builder : public SqlBuilder {
public:
  explicit Builder(SqlDialect dialect) : SqlBuilder(dialect) {}

  // The calls answered by or offered to the users, each once.
  std::string usersListed(const std::vector<std::string>& users, const std::string& unionOp) {
    const std::string offered = list(users);
    const std::string answered = list(users);
    return "SELECT call_id FROM offers WHERE user_id IN " + offered + ' ' + unionOp +
           " SELECT id FROM calls WHERE answered_by_user_id IN " + answered;
  }
  // SQLite (migration 8): the calls from or to a number holding any fragment, the numbers
  // from their trigram index, each number's calls from its own index. A call whose caller
  // and dialled number both match is listed twice (harmless to `id IN`); UNION ALL lets a
  // LIMIT stop early where UNION would first collect every match.
  std::string phonesListed(const std::vector<std::string>& phones) {
    const std::string asCaller = numbersHolding(phones);
    const std::string asDialled = numbersHolding(phones); // the same, with parameters of its own
    return "SELECT id FROM calls WHERE caller_digits IN (" + asCaller +
           ") UNION ALL SELECT id FROM calls WHERE number_digits IN (" + asDialled + ")";
  }
  // SQLite: the numbers holding any fragment.
  std::string numbersHolding(const std::vector<std::string>& phones) {
    std::string any;
    for (const std::string& p : phones) {
      if (!any.empty()) any += " UNION ";
      any += "SELECT digits FROM call_number_search WHERE digits LIKE " + param(pattern(p));
    }
    return any;
  }
  // Checked on calls.phone_digits; PostgreSQL's pg_trgm GIN index serves it when chosen.
  std::string phonesChecked(const std::vector<std::string>& phones) {
    std::string any;
    for (const std::string& p : phones) {
      if (!any.empty()) any += " OR ";
      any += "phone_digits LIKE " + param(pattern(p));
    }
    return "(" + any + ")";
  }

private:
  static std::string pattern(const std::string& phone) {
    return '%' + phoneDigits(phone) + '%'; // digits only: nothing to escape
  }
};

bool phonesIndexable(const std::vector<std::string>& phones) {
  return std::all_of(phones.begin(), phones.end(),
                     [](const std::string& p) { return phoneDigits(p).size() >= kTrigram; });
}

// "SELECT COUNT(*) FROM (<rows> LIMIT kListedMatches) AS counted": stops counting at the cap.
CallSearchSql capped(Builder& b, const std::string& rows) {
  const std::string cap = b.param(kListedMatches);
  return b.finish("SELECT COUNT(*) FROM (" + rows + " LIMIT " + cap + ") AS counted");
}

} // namespace

std::optional<CallSearchSql> userMatchCount(const CallQuery& q, SqlDialect dialect) {
  if (q.userIds.empty()) return std::nullopt;
  Builder b(dialect);
  const std::string rows = b.usersListed(q.userIds, "UNION ALL");
  return capped(b, rows);
}

std::optional<CallSearchSql> phoneMatchIds(const CallQuery& q) {
  if (q.phones.empty() || !phonesIndexable(q.phones)) return std::nullopt;
  Builder b(SqlDialect::Sqlite);
  const std::string rows = b.phonesListed(q.phones);
  return b.finish(rows + " LIMIT " + b.param(kListedMatches));
}

CallSearchSql callSearchSql(const CallQuery& q, const std::optional<CallPosition>& after,
                            SqlDialect dialect, const CallSearchPlan& plan) {
  Builder b(dialect);
  const std::string talk = "COALESCE(talk_seconds, 0)";
  if (q.talkTimeMin) b.where(talk + " >= " + b.param(std::int64_t{*q.talkTimeMin}));
  if (q.talkTimeMax) b.where(talk + " <= " + b.param(std::int64_t{*q.talkTimeMax}));
  if (q.from) b.where("started_at >= " + b.param(*q.from));
  if (q.to) b.where("started_at < " + b.param(*q.to));
  if (!q.phones.empty()) {
    const bool listed =
        dialect == SqlDialect::Sqlite && plan.listPhones && phonesIndexable(q.phones);
    if (listed && plan.phoneIds) {
      b.where("id IN (SELECT value FROM json_each(" + b.param(*plan.phoneIds) + "))");
    } else {
      b.where(listed ? "id IN (" + b.phonesListed(q.phones) + ")" : b.phonesChecked(q.phones));
    }
  }
  if (!q.userIds.empty() && plan.listUsers) {
    b.where("id IN (" + b.usersListed(q.userIds, "UNION") + ")");
  } else if (!q.userIds.empty()) {
    const std::string answered = b.list(q.userIds);
    const std::string offered = b.list(q.userIds);
    b.where("(answered_by_user_id IN " + answered +
            " OR EXISTS (SELECT 1 FROM offers o WHERE o.call_id = calls.id AND o.user_id IN " +
            offered + "))");
  }
  if (q.disposition) b.where("disposition = " + b.param(*q.disposition));
  if (q.direction) b.where("direction = " + b.param(std::string(toString(*q.direction))));
  if (q.outcome) b.where("status = " + b.param(std::string(toString(*q.outcome))));
  if (q.leadId) b.where("lead_id = " + b.param(*q.leadId));

  const std::string key = q.sort == CallSort::LongestTalkFirst ? talk : "started_at";
  const bool ascending = q.sort == CallSort::StartedOldestFirst;
  if (after) {
    const std::string keyParam = b.param(after->key);
    const std::string idParam = b.param(after->id);
    b.where("(" + key + ", id) " + (ascending ? ">" : "<") + " (" + keyParam + ", " + idParam +
            ")");
  }
  const std::string direction = ascending ? " ASC" : " DESC";
  const std::string limit = b.param(std::int64_t{q.limit} + 1);
  return b.finish("ORDER BY " + key + direction + ", id" + direction + " LIMIT " + limit);
}

} // namespace sb::store

// PostgresStore: synchronous reads, on the shared connection.
#include <string>

#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/transaction.hpp"

namespace sb::store::postgres {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

// Leads per FETCH: enough to keep round trips few, few enough that memory stays flat.
constexpr int kLeadBatch = 500;

} // namespace

Found<Organization> PostgresStore::organization() {
  return onShared([](Connection& c) {
    return oneOf<Organization>(
        c, "SELECT name, company_phone, default_country, settings FROM organization WHERE id = 1",
        {}, readOrganization);
  });
}

Found<User> PostgresStore::getUser(const std::string& id) {
  return onShared([&](Connection& c) {
    return oneOf<User>(c, sql(kUserSelect, "WHERE u.id = $1"), Params().add(id), readUser);
  });
}

common::Result<std::vector<User>> PostgresStore::listUsers() {
  return onShared([](Connection& c) {
    return listOf<User>(c, sql(kUserSelect, "ORDER BY u.created_at, u.id"), {}, readUser);
  });
}

common::Result<std::vector<Device>> PostgresStore::listDevices() {
  return onShared([](Connection& c) {
    return listOf<Device>(c, sql(kDeviceSelect, "ORDER BY created_at, id"), {}, readDevice);
  });
}

Found<Device> PostgresStore::findDeviceBySipUsername(std::string_view username) {
  return onShared([&](Connection& c) {
    return oneOf<Device>(c, sql(kDeviceSelect, "WHERE sip_username = $1"), Params().add(username),
                         readDevice);
  });
}

common::Result<std::vector<PhoneNumber>> PostgresStore::listNumbers() {
  return onShared([](Connection& c) {
    return listOf<PhoneNumber>(c, sql(kNumberSelect, "ORDER BY e164"), {}, readNumber);
  });
}

Found<PhoneNumber> PostgresStore::findNumberByE164(std::string_view e164) {
  return onShared([&](Connection& c) {
    return oneOf<PhoneNumber>(c, sql(kNumberSelect, "WHERE e164 = $1"), Params().add(e164),
                              readNumber);
  });
}

common::Result<std::vector<Lead>> PostgresStore::findLeadsByPhone(std::string_view e164) {
  return onShared([&](Connection& c) {
    return listOf<Lead>(c,
                        sql(kLeadSelect, "WHERE l.id IN (SELECT lead_id FROM lead_phones"
                                         " WHERE e164 = $1) ORDER BY l.created_at, l.id"),
                        Params().add(e164), readLead);
  });
}

Found<Lead> PostgresStore::getLead(const std::string& id) {
  return onShared([&](Connection& c) {
    return oneOf<Lead>(c, sql(kLeadSelect, "WHERE l.id = $1"), Params().add(id), readLead);
  });
}

Found<CallDetail> PostgresStore::findCall(const std::string& id) {
  return onShared([&](Connection& c) -> Found<CallDetail> {
    auto call = oneOf<CallRecord>(c, sql(kCallSelect, "WHERE id = $1"), Params().add(id), readCall);
    if (!call) return call.error();
    if (!*call) return std::optional<CallDetail>{};
    CallDetail detail{std::move(**call), {}, {}};
    auto offers =
        listOf<OfferRecord>(c, sql(kOfferSelect, "WHERE call_id = $1 ORDER BY created_at, id"),
                            Params().add(id), readOffer);
    if (!offers) return offers.error();
    detail.offers = std::move(*offers);
    auto trace = listOf<TraceEntry>(c, sql(kTraceSelect, "WHERE call_id = $1 ORDER BY seq"),
                                    Params().add(id), readTrace);
    if (!trace) return trace.error();
    detail.trace = std::move(*trace);
    return std::optional<CallDetail>{std::move(detail)};
  });
}

common::Result<std::vector<CallRecord>> PostgresStore::listCalls(const CallPage& page) {
  if (page.limit <= 0 || page.limit > 1000) {
    return invalid("page limit must be between 1 and 1000");
  }
  Params params;
  std::string rest = "ORDER BY started_at DESC, id DESC LIMIT $1";
  if (page.beforeStartedAt) {
    params.add(*page.beforeStartedAt).add(page.beforeId);
    rest = "WHERE (started_at, id) < ($1, $2) ORDER BY started_at DESC, id DESC LIMIT $3";
  }
  params.add(page.limit);
  return onShared([&](Connection& c) {
    return listOf<CallRecord>(c, sql(kCallSelect, rest), params, readCall);
  });
}

common::Result<std::vector<CallFlowRecord>> PostgresStore::listCallFlows() {
  return onShared([](Connection& c) {
    return listOf<CallFlowRecord>(c, sql(kCallFlowSelect, "ORDER BY created_at, id"), {},
                                  readCallFlow);
  });
}

common::Result<std::vector<GroupRecord>> PostgresStore::listGroups() {
  return onShared([](Connection& c) {
    return listOf<GroupRecord>(c, sql(kGroupSelect, "ORDER BY g.created_at, g.id"), {}, readGroup);
  });
}

common::Result<int> PostgresStore::forEachLead(const std::function<void(const Lead&)>& visit) {
  int visited = 0;
  // A cursor lives in a transaction; READ ONLY because nothing here writes. Only one
  // batch of leads is in memory at a time.
  Status s = onShared([&](Connection& conn) {
    return runInTransaction(conn, "BEGIN READ ONLY", [&](Connection& c) -> Status {
      Status declared = c.exec("DECLARE sb_leads NO SCROLL CURSOR FOR " +
                               sql(kLeadSelect, "ORDER BY l.created_at, l.id"));
      if (!declared) return declared;
      const std::string fetch = "FETCH FORWARD " + std::to_string(kLeadBatch) + " FROM sb_leads";
      for (;;) {
        auto rows = c.queryOnce(fetch);
        if (!rows) return rows.error();
        for (int r = 0; r < rows->count(); ++r) {
          visit(readLead(*rows, r));
          ++visited;
        }
        if (rows->count() < kLeadBatch) break;
      }
      return c.exec("CLOSE sb_leads");
    });
  });
  if (!s) return s.error();
  return visited;
}

common::Result<std::vector<FollowUp>> PostgresStore::listFollowUps(const FollowUpQuery& query) {
  if (query.limit <= 0 || query.limit > 1000) return invalid("limit must be between 1 and 1000");
  if (query.unassignedOnly && query.assignedUserId) {
    return invalid("ask for one assignee or for the unassigned queue, not both");
  }
  Params params;
  std::string where = "WHERE true";
  if (query.status) {
    params.add(toString(*query.status));
    where += " AND status = $" + std::to_string(params.size());
  }
  if (query.assignedUserId) {
    params.add(*query.assignedUserId);
    where += " AND assigned_user_id = $" + std::to_string(params.size());
  }
  if (query.unassignedOnly) where += " AND assigned_user_id IS NULL";
  params.add(query.limit);
  where += " ORDER BY updated_at DESC, id DESC LIMIT $" + std::to_string(params.size());
  return onShared([&](Connection& c) {
    return listOf<FollowUp>(c, sql(kFollowUpSelect, where), params, readFollowUp);
  });
}

common::Result<std::vector<Voicemail>> PostgresStore::listVoicemails(const std::string& callId) {
  return onShared([&](Connection& c) {
    return listOf<Voicemail>(c, sql(kVoicemailSelect, "WHERE call_id = $1 ORDER BY created_at, id"),
                             Params().add(callId), readVoicemail);
  });
}

common::Result<bool> PostgresStore::isEmpty() {
  return onShared([](Connection& c) -> common::Result<bool> {
    auto rows =
        c.query("SELECT (SELECT COUNT(*) FROM organization) + (SELECT COUNT(*) FROM users)");
    if (!rows) return rows.error();
    return rows->count() == 1 && rows->integer(0, 0) == 0;
  });
}

} // namespace sb::store::postgres

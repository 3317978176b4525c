#pragma once
// Applications and lead exceptions over FakeRecords, kept to the real
// stores' rules: the checks, order and cursors of store/lead_exceptions.hpp, 404 for an
// unknown lead or exception, 409 for resolving one already resolved.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store/conflicts.hpp"
#include "store/lead_exceptions.hpp"
#include "store/store.hpp"
#include "unit/store/fake_records.hpp"

namespace sb::store::testing {

inline WriteOutcome fakeCreateApplication(FakeRecords& r, const Application& application) {
  if (auto bad = checkApplication(application)) return *bad;
  if (!fakeFind(r.leads, application.leadId))
    return common::makeError("no lead " + application.leadId, 404);
  if (fakeFind(r.applications, application.id))
    return common::makeError("application already exists", 409);
  r.applications.push_back(application);
  return Committed{};
}

inline WriteOutcome fakeRaiseLeadException(FakeRecords& r, const LeadException& exception) {
  if (auto bad = checkLeadException(exception)) return *bad;
  if (!fakeFind(r.leads, exception.leadId))
    return common::makeError("no lead " + exception.leadId, 404);
  if (fakeFind(r.leadExceptions, exception.id))
    return common::makeError("lead exception already exists", 409);
  LeadException open = exception;
  open.resolvedAt.reset();
  open.resolvedByUserId.reset();
  r.leadExceptions.push_back(open);
  return Committed{};
}

inline Found<Application> fakeApplicationOfLead(const FakeRecords& r, const std::string& leadId) {
  const Application* newest = nullptr;
  for (const Application& a : r.applications) {
    if (a.leadId != leadId) continue;
    if (!newest || std::tie(a.createdAt, a.id) > std::tie(newest->createdAt, newest->id))
      newest = &a;
  }
  if (!newest) return std::optional<Application>{};
  return std::optional<Application>{*newest};
}

inline common::Result<LeadExceptionPage> fakeListLeadExceptions(const FakeRecords& r,
                                                                const LeadExceptionQuery& q) {
  auto after = checkLeadExceptionQuery(q);
  if (!after) return after.error();
  std::vector<LeadException> rows;
  for (const LeadException& e : r.leadExceptions) {
    if (q.state == LeadExceptionQuery::State::Open && e.resolvedAt) continue;
    if (q.state == LeadExceptionQuery::State::Resolved && !e.resolvedAt) continue;
    if (*after && std::tie(e.createdAt, e.id) >= std::tie((*after)->key, (*after)->id)) continue;
    rows.push_back(e);
  }
  std::sort(rows.begin(), rows.end(), [](const LeadException& a, const LeadException& b) {
    return std::tie(b.createdAt, b.id) < std::tie(a.createdAt, a.id);
  });
  if (rows.size() > static_cast<std::size_t>(q.limit) + 1)
    rows.resize(static_cast<std::size_t>(q.limit) + 1);
  return leadExceptionPage(std::move(rows), q);
}

inline common::Result<LeadException> fakeResolveLeadException(FakeRecords& r, const std::string& id,
                                                              const std::string& byUserId,
                                                              EpochMs at) {
  LeadException* e = fakeFind(r.leadExceptions, id);
  if (!e) return unknownRecord("lead exception", id);
  if (e->resolvedAt) return alreadyResolved(id);
  if (!byUserId.empty() && !fakeFind(r.users, byUserId))
    return common::makeError("no user " + byUserId, 409);
  e->resolvedAt = at;
  if (!byUserId.empty()) e->resolvedByUserId = byUserId;
  return *e;
}

} // namespace sb::store::testing

// SqliteStore: reads of what routing loads (call flows, groups, every lead) and of the
// follow-ups and voicemails a call leaves behind; on the shared connection.
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace sb::store::sqlite {
namespace {

common::Error invalid(std::string message) {
  return common::makeError(std::move(message), 400);
}

// Leads change rows at each new lead id; the phones of one lead are consecutive rows.
struct LeadAssembler {
  const std::function<void(const Lead&)>& visit;
  std::optional<Lead> current;
  int visited = 0;

  void add(const Statement& row) {
    if (current && current->id != row.text(0)) finishCurrent();
    if (!current) current = readLead(row);
    if (auto phone = row.optText(10)) current->phones.push_back(std::move(*phone));
  }
  void finishCurrent() {
    if (!current) return;
    visit(*current);
    ++visited;
    current.reset();
  }
};

} // namespace

common::Result<std::vector<CallFlowRecord>> SqliteStore::listCallFlows() {
  auto db = readers_->lease();
  auto stmt = db->prepare(std::string(kCallFlowSelect) + " ORDER BY created_at, id");
  if (!stmt) return stmt.error();
  return collect<CallFlowRecord>(*stmt, readCallFlow);
}

common::Result<std::map<std::string, std::vector<std::string>>> SqliteStore::groupMembers(Connection& db) {
  auto stmt = db.prepare("SELECT group_id, user_id FROM group_members"
                               " ORDER BY group_id, position");
  if (!stmt) return stmt.error();
  std::map<std::string, std::vector<std::string>> members;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return members;
    members[stmt->text(0)].push_back(stmt->text(1));
  }
}

common::Result<std::vector<GroupRecord>> SqliteStore::listGroups() {
  auto db = readers_->lease();
  auto members = groupMembers(*db);
  if (!members) return members.error();
  auto stmt = db->prepare("SELECT id, name, filter, created_at FROM groups"
                               " ORDER BY created_at, id");
  if (!stmt) return stmt.error();
  return collect<GroupRecord>(*stmt, [&](const Statement& s) {
    GroupRecord g;
    g.id = s.text(0);
    g.name = s.text(1);
    g.filter = s.text(2);
    g.createdAt = s.integer(3);
    auto it = members->find(g.id);
    if (it != members->end()) g.memberIds = std::move(it->second);
    return g;
  });
}

common::Result<int> SqliteStore::forEachLead(const std::function<void(const Lead&)>& visit) {
  auto db = readers_->lease();
  // One statement, stepped row by row: only the lead being assembled is in memory.
  auto stmt =
      db->prepare(std::string(kLeadWithPhoneSelect) + " ORDER BY l.created_at, l.id, p.rowid");
  if (!stmt) return stmt.error();
  LeadAssembler leads{visit, std::nullopt, 0};
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    leads.add(*stmt);
  }
  leads.finishCurrent();
  return leads.visited;
}

common::Result<std::vector<FollowUp>> SqliteStore::listFollowUps(const FollowUpQuery& query) {
  if (query.limit <= 0 || query.limit > 1000) return invalid("limit must be between 1 and 1000");
  if (query.unassignedOnly && query.assignedUserId) {
    return invalid("ask for one assignee or for the unassigned queue, not both");
  }
  std::string where = " WHERE 1 = 1";
  if (query.status) where += " AND status = ?";
  if (query.assignedUserId) where += " AND assigned_user_id = ?";
  if (query.unassignedOnly) where += " AND assigned_user_id IS NULL";
  auto db = readers_->lease();
  auto stmt = db->prepare(std::string(kFollowUpSelect) + where +
                               " ORDER BY updated_at DESC, id DESC LIMIT ?");
  if (!stmt) return stmt.error();
  int next = 1;
  if (query.status) stmt->bind(next++, toString(*query.status));
  if (query.assignedUserId) stmt->bind(next++, *query.assignedUserId);
  stmt->bind(next, static_cast<std::int64_t>(query.limit));
  return collect<FollowUp>(*stmt, readFollowUp);
}

common::Result<std::vector<Voicemail>> SqliteStore::listVoicemails(const std::string& callId) {
  auto db = readers_->lease();
  auto stmt = db->prepare(std::string(kVoicemailSelect) +
                               " WHERE call_id = ? ORDER BY created_at, id");
  if (!stmt) return stmt.error();
  stmt->bind(1, callId);
  return collect<Voicemail>(*stmt, readVoicemail);
}

} // namespace sb::store::sqlite

// `switchboard leads`, `switchboard follow-ups` and `switchboard voicemails`: what routing
// and the calls left behind, as JSON, read straight from the store.
#include "server/admin_commands.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sb::server {

namespace {

using Json = nlohmann::json;

template <typename T> Json orNull(const std::optional<T>& v) { return v ? Json(*v) : Json(nullptr); }

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

int runLeads(const StoreLocation& where) {
  auto db = openStore(where);
  if (!db.ok()) return fail(db.error().message);
  Json out = Json::array();
  auto visited = (*db)->forEachLead([&out](const store::Lead& l) {
    out.push_back({{"id", l.id}, {"name", l.name}, {"company", l.company}, {"phones", l.phones},
                   {"owner_user_id", orNull(l.ownerUserId)}, {"status", l.status}, {"attributes", l.attributes},
                   {"created_at", l.createdAt}});
  });
  if (!visited.ok()) return fail(visited.error().message);
  std::cout << out.dump(2) << "\n";
  return 0;
}

int runFollowUps(const StoreLocation& where, const std::string& status, int limit) {
  store::FollowUpQuery query;
  query.limit = limit;
  if (!status.empty()) {
    query.status = store::parseFollowUpStatus(status);
    if (!query.status) return fail("--status: expected open or closed");
  }
  auto db = openStore(where);
  if (!db.ok()) return fail(db.error().message);
  auto list = (*db)->listFollowUps(query);
  if (!list.ok()) return fail(list.error().message);
  Json out = Json::array();
  for (const auto& f : *list)
    out.push_back({{"id", f.id}, {"caller_e164", f.callerE164}, {"lead_id", orNull(f.leadId)},
                   {"assigned_user_id", orNull(f.assignedUserId)}, {"status", store::toString(f.status)},
                   {"reason", f.reason}, {"missed_calls", f.missedCalls}, {"last_call_id", f.lastCallId},
                   {"created_at", f.createdAt}, {"updated_at", f.updatedAt}, {"closed_at", orNull(f.closedAt)},
                   {"closed_by_call_id", orNull(f.closedByCallId)}});
  std::cout << out.dump(2) << "\n";
  return 0;
}

int runVoicemails(const StoreLocation& where, const std::string& callId) {
  auto db = openStore(where);
  if (!db.ok()) return fail(db.error().message);
  auto list = (*db)->listVoicemails(callId);
  if (!list.ok()) return fail(list.error().message);
  Json out = Json::array();
  for (const auto& v : *list)
    out.push_back({{"id", v.id}, {"call_id", v.callId}, {"lead_id", orNull(v.leadId)}, {"path", v.path},
                   {"duration_ms", v.durationMs}, {"created_at", v.createdAt}});
  std::cout << out.dump(2) << "\n";
  return 0;
}

} // namespace

void addReportCommands(CLI::App& app, int& exitCode) {
  auto* leads = app.add_subcommand("leads", "List every lead with its phones and owner, as JSON");
  auto leadsWhere = std::make_shared<StoreLocation>();
  addStoreOptions(*leads, *leadsWhere);
  leads->callback([leadsWhere, &exitCode] { exitCode = runLeads(*leadsWhere); });

  auto* followUps = app.add_subcommand("follow-ups", "List follow-ups (missed calls to return), newest first, as JSON");
  struct Args {
    StoreLocation where;
    std::string status;
    int limit = 100;
  };
  auto args = std::make_shared<Args>();
  addStoreOptions(*followUps, args->where);
  followUps->add_option("--status", args->status, "open or closed (default: both)");
  followUps->add_option("--limit", args->limit, "How many")->capture_default_str();
  followUps->callback([args, &exitCode] { exitCode = runFollowUps(args->where, args->status, args->limit); });

  auto* voicemails = app.add_subcommand("voicemails", "List the voicemails left on a call (R-14), as JSON");
  struct VoicemailArgs {
    StoreLocation where;
    std::string callId;
  };
  auto vm = std::make_shared<VoicemailArgs>();
  addStoreOptions(*voicemails, vm->where);
  voicemails->add_option("--call", vm->callId, "The call's id")->required();
  voicemails->callback([vm, &exitCode] { exitCode = runVoicemails(vm->where, vm->callId); });
}

} // namespace sb::server

// `switchboard token create` (an integration token, printed once) and
// `switchboard lead import FILE.csv` (leads from a spreadsheet, with a report of the rows
// refused and why). Both work on the data directory, like the other admin commands.
#include "api/auth/authenticator.hpp"
#include "api/auth/lead_csv.hpp"
#include "api/http/date_time.hpp"
#include "server/admin_commands.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace sb::server {

namespace {

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

struct TokenArgs {
  StoreLocation store;
  std::string email, name, expires;
};

int runTokenCreate(const TokenArgs& a) {
  auto db = openStore(a.store);
  if (!db.ok()) return fail(db.error().message);
  auto user = (*db)->findUserByEmail(a.email);
  if (!user.ok()) return fail(user.error().message);
  if (!*user) return fail("no user with email " + a.email);
  std::optional<store::EpochMs> expiresAt;
  if (!a.expires.empty()) {
    expiresAt = api::http::parseDateTime(a.expires);
    if (!expiresAt) return fail("--expires: not an RFC 3339 date-time (2027-01-31T00:00:00Z)");
  }
  common::SystemClock clock;
  api::auth::Authenticator auth(**db, clock, "");
  auto token = auth.createIntegrationToken((*user)->id, a.name, expiresAt);
  if (!token.ok()) return fail(token.error().message);
  std::cerr << "token " << token->second.id << " for " << a.email << " (" << store::toString((*user)->role)
            << "); shown once, keep it safe:\n";
  std::cout << token->first << "\n";
  return 0;
}

struct ImportArgs {
  StoreLocation store;
  std::string file;
  bool dryRun = false;
};

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Why a parsed row cannot be stored: an owner nobody has, or a phone another lead has.
std::optional<std::string> conflictOf(store::Store& db, const api::auth::ImportedLead& row,
                                      std::map<std::string, std::optional<std::string>>& owners,
                                      std::optional<std::string>& ownerId) {
  if (row.ownerEmail) {
    auto known = owners.find(*row.ownerEmail);
    if (known == owners.end()) {
      auto user = db.findUserByEmail(*row.ownerEmail);
      known = owners.emplace(*row.ownerEmail, user.ok() && *user ? std::optional((*user)->id) : std::nullopt).first;
    }
    if (!known->second) return "owner_email: no user " + *row.ownerEmail;
    ownerId = known->second;
  }
  for (const auto& phone : row.lead.phones) {
    auto existing = db.findLeadsByPhone(phone);
    if (!existing.ok()) return existing.error().message;
    if (!existing->empty()) return "phone " + phone + ": already on lead \"" + existing->front().name + "\"";
  }
  return std::nullopt;
}

int runLeadImport(const ImportArgs& a) {
  auto text = readFile(a.file);
  if (!text) return fail("cannot read " + a.file);
  auto db = openStore(a.store);
  if (!db.ok()) return fail(db.error().message);
  auto org = (*db)->organization();
  std::string country = org.ok() && *org ? (*org)->defaultCountry : "US";
  auto parsed = api::auth::parseLeadCsv(*text, country);
  if (!parsed.ok()) return fail(a.file + ": " + parsed.error().message);
  std::vector<api::auth::RejectedRow> rejected = parsed->rejected;
  std::map<std::string, std::optional<std::string>> owners;
  int imported = 0;
  for (auto& row : parsed->leads) {
    std::optional<std::string> ownerId;
    if (auto conflict = conflictOf(**db, row, owners, ownerId)) {
      rejected.push_back({row.line, *conflict});
      continue;
    }
    row.lead.ownerUserId = ownerId;
    if (!a.dryRun) {
      auto created = (*db)->createLead(row.lead);
      if (!created.ok()) {
        rejected.push_back({row.line, created.error().message});
        continue;
      }
    }
    ++imported;
  }
  std::sort(rejected.begin(), rejected.end(), [](const auto& x, const auto& y) { return x.line < y.line; });
  std::cout << (a.dryRun ? "would import " : "imported ") << imported << " lead(s); rejected " << rejected.size()
            << " row(s)\n";
  for (const auto& row : rejected) std::cout << "  line " << row.line << ": " << row.reason << "\n";
  return 0;
}

} // namespace

void addApiCommands(CLI::App& app, int& exitCode) {
  auto* token = app.add_subcommand("token", "Manage API tokens")->require_subcommand(1);
  auto* create = token->add_subcommand("create", "Create an integration token for a user; prints it once");
  auto t = std::make_shared<TokenArgs>();
  addStoreOptions(*create, t->store);
  create->add_option("--email", t->email, "The user the token acts as")->required();
  create->add_option("--name", t->name, "What the token is for (\"CRM sync\")")->required();
  create->add_option("--expires", t->expires, "When it stops working (RFC 3339); default never");
  create->callback([t, &exitCode] { exitCode = runTokenCreate(*t); });

  auto* lead = app.add_subcommand("lead", "Manage leads")->require_subcommand(1);
  auto* import = lead->add_subcommand("import", "Import leads from a CSV file, reporting rows refused and why");
  auto i = std::make_shared<ImportArgs>();
  addStoreOptions(*import, i->store);
  import->add_option("file", i->file, "CSV with a header row: name, company, title, email, phone, owner_email, ...")
      ->required();
  import->add_flag("--dry-run", i->dryRun, "Check every row and report, without storing anything");
  import->callback([i, &exitCode] { exitCode = runLeadImport(*i); });
}

} // namespace sb::server

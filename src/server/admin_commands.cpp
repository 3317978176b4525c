#include "server/admin_commands.hpp"

#include "api/auth/passwords.hpp"
#include "common/clock.hpp"
#include "common/e164.hpp"
#include "server/data_dir.hpp"
#include "server/provision.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace sb::server {

namespace {

struct UserArgs {
  StoreLocation store;
  std::string email, name, role = "agent", password, sipUsername, sipPassword, number;
};

struct DeviceArgs {
  StoreLocation store;
  std::string email, sipUsername, sipPassword;
};

struct NumberArgs {
  StoreLocation store;
  std::string e164, userEmail, forwarding, label;
};

int fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

std::optional<store::User> userByEmail(store::Store& db, const std::string& email) {
  auto users = db.listUsers();
  if (!users.ok()) return std::nullopt;
  for (auto& u : *users)
    if (u.email == email) return u;
  return std::nullopt;
}

int addNumber(store::Store& db, const std::string& raw, std::optional<std::string> userId,
              const std::string& forwarding, const std::string& label) {
  auto e164 = common::toE164(raw);
  if (!e164) return fail("'" + raw + "' is not a phone number");
  store::PhoneNumber number;
  number.e164 = *e164;
  number.label = label;
  number.assignedUserId = std::move(userId);
  if (!forwarding.empty()) {
    auto fwd = common::toE164(forwarding);
    if (!fwd) return fail("--forwarding '" + forwarding + "' is not a phone number");
    number.forwardingNumber = *fwd;
  }
  auto created = db.createNumber(number);
  if (!created.ok()) return fail(created.error().message);
  std::cout << "number " << created->e164 << " id " << created->id << "\n";
  return 0;
}

int addDevice(store::Store& db, const std::string& userId, const std::string& username, const std::string& password) {
  if (username.empty() || password.empty()) return fail("a SIP device needs --sip-username and --sip-password");
  store::Device device;
  device.userId = userId;
  device.kind = store::DeviceKind::Sip;
  device.sipUsername = username;
  device.sipPassword = password;
  auto created = db.createDevice(device);
  if (!created.ok()) return fail(created.error().message);
  std::cout << "device " << username << " id " << created->id << "\n";
  return 0;
}

int runUserAdd(const UserArgs& a) {
  auto db = openStore(a.store);
  if (!db.ok()) return fail(db.error().message);
  store::User user;
  user.email = a.email;
  user.name = a.name.empty() ? a.email : a.name;
  auto role = store::parseRole(a.role);
  if (!role) return fail("--role must be agent or admin");
  user.role = *role;
  if (!a.password.empty()) {
    if (auto weak = api::auth::checkNewPassword(a.password)) return fail("--password: " + weak->message);
    user.passwordHash = api::auth::hashPassword(a.password);
  }
  auto created = (*db)->createUser(user);
  if (!created.ok()) return fail(created.error().message);
  std::cout << "user " << created->email << " id " << created->id << "\n";
  if (!a.sipUsername.empty())
    if (int rc = addDevice(**db, created->id, a.sipUsername, a.sipPassword); rc != 0) return rc;
  if (!a.number.empty()) return addNumber(**db, a.number, created->id, "", "");
  return 0;
}

int runDeviceAdd(const DeviceArgs& a) {
  auto db = openStore(a.store);
  if (!db.ok()) return fail(db.error().message);
  auto user = userByEmail(**db, a.email);
  if (!user) return fail("no user with email " + a.email);
  return addDevice(**db, user->id, a.sipUsername, a.sipPassword);
}

int runNumberAdd(const NumberArgs& a) {
  auto db = openStore(a.store);
  if (!db.ok()) return fail(db.error().message);
  std::optional<std::string> userId;
  if (!a.userEmail.empty()) {
    auto user = userByEmail(**db, a.userEmail);
    if (!user) return fail("no user with email " + a.userEmail);
    userId = user->id;
  }
  return addNumber(**db, a.e164, userId, a.forwarding, a.label);
}

template <typename T>
nlohmann::json optionalJson(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json callJson(const store::CallDetail& d) {
  const auto& c = d.call;
  nlohmann::json j = {{"id", c.id},
                      {"direction", store::toString(c.direction)},
                      {"status", store::toString(c.status)},
                      {"number_e164", c.numberE164},
                      {"caller_e164", c.callerE164},
                      {"lead_id", optionalJson(c.leadId)},
                      {"answered_by_user_id", optionalJson(c.answeredByUserId)},
                      {"started_at", c.startedAt},
                      {"answered_at", optionalJson(c.answeredAt)},
                      {"ended_at", optionalJson(c.endedAt)},
                      {"talk_seconds", optionalJson(c.talkSeconds)},
                      {"end_reason", c.endReason}};
  j["offers"] = nlohmann::json::array();
  for (const auto& o : d.offers)
    j["offers"].push_back({{"id", o.id}, {"user_id", o.userId}, {"status", store::toString(o.status)},
                           {"reason", o.reason}, {"created_at", o.createdAt}, {"ended_at", optionalJson(o.endedAt)}});
  j["trace"] = nlohmann::json::array();
  for (const auto& t : d.trace)
    j["trace"].push_back({{"at", t.at}, {"user_id", optionalJson(t.userId)}, {"action", t.action}, {"reason", t.reason}});
  return j;
}

int runProvision(const StoreLocation& where, const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "error: cannot read " << file << "\n";
    return 1;
  }
  auto document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) {
    std::cerr << "error: " << file << " is not valid JSON\n";
    return 1;
  }
  auto db = openStore(where);
  if (!db.ok()) return fail(db.error().message);
  auto report = provision(**db, document);
  if (!report.ok()) {
    std::cerr << "error: " << file << ": " << report.error().message << "\n";
    return 1;
  }
  std::cout << "provisioned " << report->users << " users, " << report->groups << " groups, " << report->callFlows
            << " call flows, " << report->numbers << " numbers, " << report->leads << " leads\n";
  return 0;
}

int runCalls(const StoreLocation& where, int limit) {
  auto db = openStore(where);
  if (!db.ok()) return fail(db.error().message);
  store::CallPage page;
  page.limit = limit;
  auto calls = (*db)->listCalls(page);
  if (!calls.ok()) return fail(calls.error().message);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : *calls) {
    auto detail = (*db)->findCall(c.id);
    if (detail.ok() && detail->has_value()) out.push_back(callJson(**detail));
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

} // namespace

void addStoreOptions(CLI::App& command, StoreLocation& where) {
  command.add_option("--data-dir", where.dataDir, "Data directory")->capture_default_str();
  command.add_option("--database", where.database, "PostgreSQL URL instead of SQLite in the data directory");
}

void addAdminCommands(CLI::App& app, int& exitCode) {
  auto* user = app.add_subcommand("user", "Manage users")->require_subcommand(1);
  auto* userAdd = user->add_subcommand("add", "Add a user, optionally with a SIP device and a number");
  auto u = std::make_shared<UserArgs>();
  addStoreOptions(*userAdd, u->store);
  userAdd->add_option("--email", u->email, "Login email")->required();
  userAdd->add_option("--name", u->name, "Full name");
  userAdd->add_option("--role", u->role, "agent or admin")->capture_default_str();
  userAdd->add_option("--password", u->password, "Password for logging in to the app and API (10 characters or more)");
  userAdd->add_option("--sip-username", u->sipUsername, "Create a SIP device with this username");
  userAdd->add_option("--sip-password", u->sipPassword, "The SIP device's password");
  userAdd->add_option("--number", u->number, "Create this number (E.164) and assign it to the user");
  userAdd->callback([u, &exitCode] { exitCode = runUserAdd(*u); });

  auto* device = app.add_subcommand("device", "Manage devices")->require_subcommand(1);
  auto* deviceAdd = device->add_subcommand("add", "Add a SIP device to a user");
  auto d = std::make_shared<DeviceArgs>();
  addStoreOptions(*deviceAdd, d->store);
  deviceAdd->add_option("--email", d->email, "The user's email")->required();
  deviceAdd->add_option("--sip-username", d->sipUsername, "SIP username")->required();
  deviceAdd->add_option("--sip-password", d->sipPassword, "SIP password")->required();
  deviceAdd->callback([d, &exitCode] { exitCode = runDeviceAdd(*d); });

  auto* number = app.add_subcommand("number", "Manage phone numbers")->require_subcommand(1);
  auto* numberAdd = number->add_subcommand("add", "Add a phone number (DID)");
  auto n = std::make_shared<NumberArgs>();
  addStoreOptions(*numberAdd, n->store);
  numberAdd->add_option("e164", n->e164, "The number")->required();
  numberAdd->add_option("--user", n->userEmail, "Assign to the user with this email");
  numberAdd->add_option("--forwarding", n->forwarding, "Forwarding number (E.164)");
  numberAdd->add_option("--label", n->label, "A name for the number");
  numberAdd->callback([n, &exitCode] { exitCode = runNumberAdd(*n); });

  auto* prov = app.add_subcommand("provision", "Set up users, groups, call flows, numbers and leads from a JSON file");
  auto provArgs = std::make_shared<std::pair<StoreLocation, std::string>>();
  addStoreOptions(*prov, provArgs->first);
  prov->add_option("file", provArgs->second, "The JSON document (see docs/provisioning.md)")->required();
  prov->callback([provArgs, &exitCode] { exitCode = runProvision(provArgs->first, provArgs->second); });

  auto* calls = app.add_subcommand("calls", "List stored calls, newest first, as JSON");
  auto where = std::make_shared<StoreLocation>();
  auto limit = std::make_shared<int>(100);
  addStoreOptions(*calls, *where);
  calls->add_option("--limit", *limit, "How many calls")->capture_default_str();
  auto json = std::make_shared<bool>(true);
  calls->add_flag("--json", *json, "Print JSON (the only format for now)");
  calls->callback([where, limit, json, &exitCode] { exitCode = runCalls(*where, *limit); });
  addReportCommands(app, exitCode);
  addPromptCommands(app, exitCode);
  addApiCommands(app, exitCode);
}

} // namespace sb::server

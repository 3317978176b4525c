#include "server/admin_commands.hpp"

#include "common/clock.hpp"
#include "common/e164.hpp"
#include "server/data_dir.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace sb::server {

namespace {

struct UserArgs {
  std::string dataDir = "./data";
  std::string email, name, role = "agent", sipUsername, sipPassword, number;
};

struct DeviceArgs {
  std::string dataDir = "./data";
  std::string email, sipUsername, sipPassword;
};

struct NumberArgs {
  std::string dataDir = "./data";
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
  auto db = openDataDir(a.dataDir);
  if (!db.ok()) return fail(db.error().message);
  store::User user;
  user.email = a.email;
  user.name = a.name.empty() ? a.email : a.name;
  auto role = store::parseRole(a.role);
  if (!role) return fail("--role must be agent or admin");
  user.role = *role;
  auto created = (*db)->createUser(user);
  if (!created.ok()) return fail(created.error().message);
  std::cout << "user " << created->email << " id " << created->id << "\n";
  if (!a.sipUsername.empty())
    if (int rc = addDevice(**db, created->id, a.sipUsername, a.sipPassword); rc != 0) return rc;
  if (!a.number.empty()) return addNumber(**db, a.number, created->id, "", "");
  return 0;
}

int runDeviceAdd(const DeviceArgs& a) {
  auto db = openDataDir(a.dataDir);
  if (!db.ok()) return fail(db.error().message);
  auto user = userByEmail(**db, a.email);
  if (!user) return fail("no user with email " + a.email);
  return addDevice(**db, user->id, a.sipUsername, a.sipPassword);
}

int runNumberAdd(const NumberArgs& a) {
  auto db = openDataDir(a.dataDir);
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

int runCalls(const std::string& dataDir, int limit) {
  auto db = openDataDir(dataDir);
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

void addAdminCommands(CLI::App& app, int& exitCode) {
  auto* user = app.add_subcommand("user", "Manage users")->require_subcommand(1);
  auto* userAdd = user->add_subcommand("add", "Add a user, optionally with a SIP device and a number");
  auto u = std::make_shared<UserArgs>();
  userAdd->add_option("--data-dir", u->dataDir, "Data directory")->capture_default_str();
  userAdd->add_option("--email", u->email, "Login email")->required();
  userAdd->add_option("--name", u->name, "Full name");
  userAdd->add_option("--role", u->role, "agent or admin")->capture_default_str();
  userAdd->add_option("--sip-username", u->sipUsername, "Create a SIP device with this username");
  userAdd->add_option("--sip-password", u->sipPassword, "The SIP device's password");
  userAdd->add_option("--number", u->number, "Create this number (E.164) and assign it to the user");
  userAdd->callback([u, &exitCode] { exitCode = runUserAdd(*u); });

  auto* device = app.add_subcommand("device", "Manage devices")->require_subcommand(1);
  auto* deviceAdd = device->add_subcommand("add", "Add a SIP device to a user");
  auto d = std::make_shared<DeviceArgs>();
  deviceAdd->add_option("--data-dir", d->dataDir, "Data directory")->capture_default_str();
  deviceAdd->add_option("--email", d->email, "The user's email")->required();
  deviceAdd->add_option("--sip-username", d->sipUsername, "SIP username")->required();
  deviceAdd->add_option("--sip-password", d->sipPassword, "SIP password")->required();
  deviceAdd->callback([d, &exitCode] { exitCode = runDeviceAdd(*d); });

  auto* number = app.add_subcommand("number", "Manage phone numbers")->require_subcommand(1);
  auto* numberAdd = number->add_subcommand("add", "Add a phone number (DID)");
  auto n = std::make_shared<NumberArgs>();
  numberAdd->add_option("--data-dir", n->dataDir, "Data directory")->capture_default_str();
  numberAdd->add_option("e164", n->e164, "The number")->required();
  numberAdd->add_option("--user", n->userEmail, "Assign to the user with this email");
  numberAdd->add_option("--forwarding", n->forwarding, "Forwarding number (E.164)");
  numberAdd->add_option("--label", n->label, "A name for the number");
  numberAdd->callback([n, &exitCode] { exitCode = runNumberAdd(*n); });

  auto* calls = app.add_subcommand("calls", "List stored calls, newest first, as JSON");
  auto dataDir = std::make_shared<std::string>("./data");
  auto limit = std::make_shared<int>(100);
  calls->add_option("--data-dir", *dataDir, "Data directory")->capture_default_str();
  calls->add_option("--limit", *limit, "How many calls")->capture_default_str();
  auto json = std::make_shared<bool>(true);
  calls->add_flag("--json", *json, "Print JSON (the only format for now)");
  calls->callback([dataDir, limit, json, &exitCode] { exitCode = runCalls(*dataDir, *limit); });
}

} // namespace sb::server

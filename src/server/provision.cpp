#include "server/provision.hpp"

#include "common/e164.hpp"
#include "routing/filter.hpp"
#include "routing/model.hpp"

#include <map>

namespace sb::server {

namespace {

using Json = nlohmann::json;
using common::makeError;

// Reads the fields of one JSON object, remembering the first error with its path.
class Fields {
public:
  Fields(const Json& object, std::string path, std::string& error) : o_(object), path_(std::move(path)), error_(error) {
    if (!o_.is_object()) fail("", "expected an object");
  }
  std::string text(const char* key, bool required = false) {
    auto it = o_.is_object() ? o_.find(key) : o_.end();
    if (it == o_.end() || it->is_null()) {
      if (required) fail(key, "required");
      return {};
    }
    if (!it->is_string()) return fail(key, "expected a string"), std::string{};
    return it->get<std::string>();
  }
  std::string phone(const char* key, const std::string& country, bool required = false) {
    std::string raw = text(key, required);
    if (raw.empty()) return raw;
    auto e164 = common::toE164(raw, country);
    if (!e164) return fail(key, "'" + raw + "' is not a phone number"), std::string{};
    return *e164;
  }
  Json object(const char* key) {
    auto it = o_.is_object() ? o_.find(key) : o_.end();
    if (it == o_.end() || it->is_null()) return Json::object();
    if (!it->is_object()) return fail(key, "expected an object"), Json::object();
    return *it;
  }
  std::vector<std::string> strings(const char* key) {
    std::vector<std::string> out;
    auto it = o_.is_object() ? o_.find(key) : o_.end();
    if (it == o_.end() || it->is_null()) return out;
    if (!it->is_array()) return fail(key, "expected an array of strings"), out;
    for (const auto& v : *it) {
      if (!v.is_string()) return fail(key, "expected an array of strings"), out;
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  std::optional<int> integer(const char* key) {
    auto it = o_.is_object() ? o_.find(key) : o_.end();
    if (it == o_.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<long long>() < 0) return fail(key, "expected a whole number >= 0"), std::nullopt;
    return it->get<int>();
  }
  void fail(const std::string& key, const std::string& what) {
    if (error_.empty()) error_ = path_ + (key.empty() ? "" : "." + key) + ": " + what;
  }

private:
  const Json& o_;
  std::string path_;
  std::string& error_;
};

std::vector<Json> items(const Json& doc, const char* key, std::string& error) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return {};
  if (!it->is_array()) {
    if (error.empty()) error = std::string(key) + ": expected an array";
    return {};
  }
  return std::vector<Json>(it->begin(), it->end());
}

// Names in the document resolved to the ids the store gave.
struct Names {
  std::map<std::string, std::string> userByEmail, groupByName, flowByName;
  std::optional<std::string> user(const std::string& email) const {
    auto it = userByEmail.find(email);
    return it == userByEmail.end() ? std::nullopt : std::optional(it->second);
  }
};

struct Provisioner {
  explicit Provisioner(store::Store& store) : db(store) {}
  store::Store& db;
  std::string country = "1"; // the calling code national numbers get
  std::string error;
  Names names;
  ProvisionReport report;

  common::Result<store::Organization> organization(const Json& doc);
  void users(const Json& doc);
  void groups(const Json& doc);
  void callFlows(const Json& doc);
  void numbers(const Json& doc);
  void leads(const Json& doc);
  template <typename T> bool ok(const common::Result<T>& r, const std::string& where) {
    if (!r.ok() && error.empty()) error = where + ": " + r.error().message;
    return r.ok() && error.empty();
  }
};

common::Result<store::Organization> Provisioner::organization(const Json& doc) {
  auto current = db.organization();
  if (!current) return current.error();
  store::Organization org = current->value_or(store::Organization{"Switchboard", "", "US", Json::object()});
  auto it = doc.find("organization");
  if (it == doc.end()) return org;
  Fields f(*it, "organization", error);
  if (auto name = f.text("name"); !name.empty()) org.name = name;
  if (auto c = f.text("default_country"); !c.empty()) org.defaultCountry = c;
  auto code = common::callingCodeOf(org.defaultCountry);
  if (!code) f.fail("default_country", "unknown country '" + org.defaultCountry + "' (use its calling code, e.g. 44)");
  country = code.value_or("1");
  if (auto phone = f.phone("company_phone", country); !phone.empty()) org.companyPhone = phone;
  org.settings.merge_patch(f.object("settings"));
  if (!error.empty()) return makeError(error);
  return org;
}

void Provisioner::users(const Json& doc) {
  auto list = items(doc, "users", error);
  for (std::size_t i = 0; i < list.size() && error.empty(); ++i) {
    std::string path = "users[" + std::to_string(i) + "]";
    Fields f(list[i], path, error);
    store::User u;
    u.email = f.text("email", true);
    u.name = f.text("name");
    if (u.name.empty()) u.name = u.email;
    auto role = store::parseRole(f.text("role").empty() ? "agent" : f.text("role"));
    if (!role) f.fail("role", "expected agent or admin");
    u.role = role.value_or(store::Role::Agent);
    if (auto a = f.text("availability"); a == "unavailable") u.availability = store::Availability::Unavailable;
    u.attributes = f.object("attributes");
    u.coolDownSeconds = f.integer("cool_down_seconds");
    u.ringThroughNumber = f.phone("ring_through_number", country);
    Json sip = f.object("sip");
    Fields sf(sip, path + ".sip", error);
    std::string sipUser = sf.text("username"), sipPassword = sf.text("password");
    if (!sipUser.empty() && sipPassword.empty()) sf.fail("password", "required with a username");
    std::string number = f.phone("number", country);
    if (!error.empty()) return;
    auto created = db.createUser(u);
    if (!ok(created, path)) return;
    names.userByEmail[u.email] = created->id;
    ++report.users;
    if (!sipUser.empty() &&
        !ok(db.createDevice(store::Device{"", created->id, store::DeviceKind::Sip, sipUser, sipPassword, 0}), path + ".sip"))
      return;
    if (!number.empty()) {
      store::PhoneNumber n;
      n.e164 = number;
      n.label = u.name;
      n.assignedUserId = created->id;
      if (!ok(db.createNumber(n), path + ".number")) return;
      ++report.numbers;
    }
  }
}

void Provisioner::groups(const Json& doc) {
  auto list = items(doc, "groups", error);
  for (std::size_t i = 0; i < list.size() && error.empty(); ++i) {
    std::string path = "groups[" + std::to_string(i) + "]";
    Fields f(list[i], path, error);
    store::GroupRecord g;
    g.name = f.text("name", true);
    g.filter = f.text("filter");
    if (!g.filter.empty())
      if (auto parsed = routing::Filter::parse(g.filter); !parsed) f.fail("filter", parsed.error().message);
    for (const auto& email : f.strings("members")) {
      auto id = names.user(email);
      if (!id) f.fail("members", "no user with email " + email);
      else g.memberIds.push_back(*id);
    }
    if (!error.empty()) return;
    auto created = db.createGroup(g);
    if (!ok(created, path)) return;
    names.groupByName[g.name] = created->id;
    ++report.groups;
  }
}

void Provisioner::callFlows(const Json& doc) {
  auto list = items(doc, "call_flows", error);
  for (std::size_t i = 0; i < list.size() && error.empty(); ++i) {
    std::string path = "call_flows[" + std::to_string(i) + "]";
    Fields f(list[i], path, error);
    store::CallFlowRecord flow;
    flow.name = f.text("name", true);
    Json steps = list[i].is_object() ? list[i].value("steps", Json::array()) : Json::array();
    if (!steps.is_array()) f.fail("steps", "expected an array");
    for (std::size_t s = 0; s < steps.size() && error.empty(); ++s) {
      Json& step = steps[s];
      Fields sf(step, path + ".steps[" + std::to_string(s) + "]", error);
      if (auto group = sf.text("group"); !group.empty()) {
        auto it = names.groupByName.find(group);
        if (it == names.groupByName.end()) sf.fail("group", "no group named " + group);
        else step["group_id"] = it->second;
        step.erase("group");
      }
      if (auto email = sf.text("user"); !email.empty()) {
        auto id = names.user(email);
        if (!id) sf.fail("user", "no user with email " + email);
        else step["user_id"] = *id;
        step.erase("user");
      }
      if (auto number = sf.phone("number", country); !number.empty()) step["number"] = number;
    }
    if (!error.empty()) return;
    if (auto parsed = routing::parseSteps(steps); !parsed) return f.fail("", parsed.error().message);
    flow.steps = steps;
    auto created = db.createCallFlow(flow);
    if (!ok(created, path)) return;
    names.flowByName[flow.name] = created->id;
    ++report.callFlows;
  }
}

void Provisioner::numbers(const Json& doc) {
  auto list = items(doc, "numbers", error);
  for (std::size_t i = 0; i < list.size() && error.empty(); ++i) {
    std::string path = "numbers[" + std::to_string(i) + "]";
    Fields f(list[i], path, error);
    store::PhoneNumber n;
    n.e164 = f.phone("e164", country, true);
    n.label = f.text("label");
    n.forwardingNumber = f.phone("forwarding", country);
    if (auto email = f.text("user"); !email.empty()) {
      n.assignedUserId = names.user(email);
      if (!n.assignedUserId) f.fail("user", "no user with email " + email);
    }
    if (auto flow = f.text("call_flow"); !flow.empty()) {
      auto it = names.flowByName.find(flow);
      if (it == names.flowByName.end()) f.fail("call_flow", "no call flow named " + flow);
      else n.callFlowId = it->second;
    }
    if (!error.empty()) return;
    if (!ok(db.createNumber(n), path)) return;
    ++report.numbers;
  }
}

void Provisioner::leads(const Json& doc) {
  auto list = items(doc, "leads", error);
  for (std::size_t i = 0; i < list.size() && error.empty(); ++i) {
    std::string path = "leads[" + std::to_string(i) + "]";
    Fields f(list[i], path, error);
    store::Lead lead;
    lead.name = f.text("name");
    lead.company = f.text("company");
    lead.title = f.text("title");
    lead.email = f.text("email");
    lead.crmUrl = f.text("crm_url");
    if (auto status = f.text("status"); !status.empty()) lead.status = status;
    lead.attributes = f.object("attributes");
    for (const auto& raw : f.strings("phones")) {
      auto e164 = common::toE164(raw, country);
      if (!e164) f.fail("phones", "'" + raw + "' is not a phone number");
      else lead.phones.push_back(*e164);
    }
    if (auto email = f.text("owner"); !email.empty()) {
      lead.ownerUserId = names.user(email);
      if (!lead.ownerUserId) f.fail("owner", "no user with email " + email);
    }
    if (!error.empty()) return;
    if (!ok(db.createLead(lead), path)) return;
    ++report.leads;
  }
}

} // namespace

common::Result<ProvisionReport> provision(store::Store& db, const nlohmann::json& document) {
  if (!document.is_object()) return makeError("expected a JSON object at the top level");
  Provisioner p(db);
  auto users = db.listUsers();
  if (!users) return users.error();
  for (const auto& u : *users) p.names.userByEmail[u.email] = u.id;
  auto groups = db.listGroups();
  if (!groups) return groups.error();
  for (const auto& g : *groups) p.names.groupByName[g.name] = g.id;
  auto flows = db.listCallFlows();
  if (!flows) return flows.error();
  for (const auto& f : *flows) p.names.flowByName[f.name] = f.id;
  auto org = p.organization(document);
  if (!org) return org.error();
  if (auto updated = db.updateOrganization(*org); !updated) return makeError("organization: " + updated.error().message);
  p.users(document);
  p.groups(document);
  p.callFlows(document);
  p.numbers(document);
  p.leads(document);
  if (!p.error.empty()) return makeError(p.error);
  return p.report;
}

} // namespace sb::server

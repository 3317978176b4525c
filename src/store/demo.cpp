#include "store/demo.hpp"

#include <array>
#include <string_view>

namespace sb::store {
namespace {

struct AgentSpec {
  std::string_view login;
  std::string_view name;
  std::string_view number;
};

constexpr std::array<AgentSpec, 3> kAgents{{
    {"alice", "Alice Agent", "+15550100001"},
    {"bob", "Bob Agent", "+15550100002"},
    {"carol", "Carol Agent", "+15550100003"},
}};

constexpr std::string_view kOrganizationName = "Demo Sales";
constexpr std::string_view kCompanyPhone = "+15550100000";
constexpr std::string_view kAdminEmail = "admin@demo.switchboard.local";

Organization demoOrganization() {
  Organization org;
  org.name = kOrganizationName;
  org.companyPhone = kCompanyPhone;
  org.defaultCountry = "US";
  org.settings = {{"ring_user_assigned_to_number", true},
                  {"cool_down_seconds", 30},
                  {"missed_offers_before_unavailable", 3},
                  {"create_lead_for_unknown_caller", "on_answer"}};
  return org;
}

common::Result<DemoAgent> createAgent(Store& store, const AgentSpec& spec) {
  DemoAgent agent{"",
                  std::string(spec.name),
                  std::string(spec.login) + "@demo.switchboard.local",
                  std::string(spec.login),
                  std::string(spec.login) + "-demo-sip",
                  std::string(spec.number)};
  User user;
  user.email = agent.email;
  user.name = agent.name;
  user.role = Role::Agent;
  user.callerId = std::string(kCompanyPhone);
  user.attributes = {{"languages", {"en"}}, {"licensed_states", {"CA", "NY"}}};
  auto created = store.createUser(user);
  if (!created) return created.error();
  agent.userId = created->id;
  auto device = store.createDevice(
      Device{"", agent.userId, DeviceKind::Sip, agent.sipUsername, agent.sipPassword, 0});
  if (!device) return device.error();
  PhoneNumber number;
  number.e164 = agent.number;
  number.label = agent.name + " direct";
  number.assignedUserId = agent.userId;
  auto assigned = store.createNumber(number);
  if (!assigned) return assigned.error();
  return agent;
}

common::Result<std::string> createLead(Store& store, std::string name, std::string company,
                                       std::string phone, const std::string& ownerId) {
  Lead lead;
  lead.name = std::move(name);
  lead.company = std::move(company);
  lead.title = "Head of Purchasing";
  lead.ownerUserId = ownerId;
  lead.phones = {std::move(phone)};
  auto created = store.createLead(lead);
  if (!created) return created.error();
  return created->id;
}

} // namespace

common::Result<DemoSeed> seedDemo(Store& store) {
  auto empty = store.isEmpty();
  if (!empty) return empty.error();
  DemoSeed seed;
  if (!*empty) return seed;
  auto org = store.updateOrganization(demoOrganization());
  if (!org) return org.error();
  seed.organizationName = org->name;
  seed.companyPhone = org->companyPhone;
  User admin;
  admin.email = kAdminEmail;
  admin.name = "Demo Admin";
  admin.role = Role::Admin;
  auto createdAdmin = store.createUser(admin);
  if (!createdAdmin) return createdAdmin.error();
  seed.adminUserId = createdAdmin->id;
  seed.adminEmail = createdAdmin->email;
  for (const AgentSpec& spec : kAgents) {
    auto agent = createAgent(store, spec);
    if (!agent) return agent.error();
    seed.agents.push_back(std::move(*agent));
  }
  auto dana =
      createLead(store, "Dana Prospect", "Acme Corp", "+15550199001", seed.agents[0].userId);
  if (!dana) return dana.error();
  auto evan = createLead(store, "Evan Customer", "Globex", "+15550199002", seed.agents[1].userId);
  if (!evan) return evan.error();
  seed.leadIds = {*dana, *evan};
  seed.created = true;
  return seed;
}

} // namespace sb::store

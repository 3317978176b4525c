#include "store/demo.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

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

struct LeadSpec {
  std::string_view name;
  std::string_view company;
  std::string_view phone;
  std::string_view state; // matched by the "Licensed for the lead's state" filter
  int ownerAgent;         // index into kAgents, or -1 for no owner
};

constexpr std::array<LeadSpec, 5> kLeads{{
    {"Dana Prospect", "Acme Corp", "+15550199001", "CA", 0},
    {"Evan Customer", "Globex", "+15550199002", "NY", 1},
    {"Fiona Buyer", "Initech", "+15550199003", "TX", -1},
    {"Gus Lopez", "Umbrella Supply", "+15550199004", "CA", -1},
    {"Hana Ito", "Soylent Foods", "+15550199005", "NY", 2},
}};

constexpr std::string_view kOrganizationName = "Demo Sales";
constexpr std::string_view kSalesLine = "+15550100009";
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

common::Result<std::string> createLead(Store& store, const LeadSpec& spec,
                                       const std::vector<DemoAgent>& agents) {
  Lead lead;
  lead.name = spec.name;
  lead.company = spec.company;
  lead.title = "Head of Purchasing";
  if (spec.ownerAgent >= 0)
    lead.ownerUserId = agents.at(static_cast<std::size_t>(spec.ownerAgent)).userId;
  lead.attributes = {{"state", spec.state}};
  lead.phones = {std::string(spec.phone)};
  auto created = store.createLead(lead);
  if (!created) return created.error();
  return created->id;
}

common::Result<std::string> createGroup(Store& store, std::string name,
                                        std::vector<std::string> members, std::string filter) {
  GroupRecord group;
  group.name = std::move(name);
  group.memberIds = std::move(members);
  group.filter = std::move(filter);
  auto created = store.createGroup(group);
  if (!created) return created.error();
  return created->id;
}

// the sales line rings the whole team, then the company phone, then voicemail.
std::optional<common::Error> createSalesLine(Store& store, DemoSeed& seed) {
  std::vector<std::string> team;
  for (const DemoAgent& a : seed.agents)
    team.push_back(a.userId);
  auto salesTeam = createGroup(store, "Sales team", std::move(team), "");
  if (!salesTeam) return salesTeam.error();
  seed.salesTeamGroupId = *salesTeam;
  auto licensed = createGroup(store, "Licensed for the lead's state", {},
                              "user.licensed_states contains lead.state");
  if (!licensed) return licensed.error();
  seed.licensedGroupId = *licensed;
  CallFlowRecord flow;
  flow.name = "Sales line";
  flow.steps = nlohmann::json::array({{{"type", "group"},
                                       {"group_id", seed.salesTeamGroupId},
                                       {"strategy", "ring_all"},
                                       {"ring_timeout", 20}},
                                      {{"type", "company"}, {"ring_timeout", 20}},
                                      {{"type", "voicemail"}}});
  auto createdFlow = store.createCallFlow(flow);
  if (!createdFlow) return createdFlow.error();
  seed.salesFlowId = createdFlow->id;
  PhoneNumber number;
  number.e164 = kSalesLine;
  number.label = "Sales line";
  number.callFlowId = seed.salesFlowId;
  auto line = store.createNumber(number);
  if (!line) return line.error();
  seed.salesLineNumber = line->e164;
  return std::nullopt;
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
  for (const LeadSpec& spec : kLeads) {
    auto lead = createLead(store, spec, seed.agents);
    if (!lead) return lead.error();
    seed.leadIds.push_back(std::move(*lead));
  }
  if (auto failed = createSalesLine(store, seed)) return *failed;
  seed.created = true;
  return seed;
}

} // namespace sb::store

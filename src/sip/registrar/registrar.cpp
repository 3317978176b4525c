#include "sip/registrar/registrar.hpp"

#include "common/log.hpp"
#include "sip/auth/crypto.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <utility>

namespace sb::sip::registrar {
namespace {

using common::Error;

constexpr std::size_t kToTagBytes = 8;

// delta-seconds (RFC 3261 25.1): digits only; huge values saturate instead of failing.
std::optional<std::uint32_t> parseDeltaSeconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'),
                                    std::numeric_limits<std::uint32_t>::max());
  }
  return static_cast<std::uint32_t>(value);
}

std::string unquoted(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

std::string instanceOf(const NameAddr& contact) {
  std::optional<std::string> value = paramValue(contact.params, "+sip.instance");
  return value ? unquoted(*value) : std::string();
}

// reg-id only means something next to an instance (RFC 5626 section 4.2).
std::optional<std::uint32_t> regIdOf(const NameAddr& contact) {
  std::optional<std::string> value = paramValue(contact.params, "reg-id");
  if (!value || instanceOf(contact).empty()) return std::nullopt;
  return parseDeltaSeconds(*value);
}

} // namespace

struct Registrar::ContactChange {
  NameAddr contact;          // without its expires parameter
  std::uint32_t expires = 0; // granted; 0 removes
  BindingId existing = 0;    // 0 when the contact is new
};

struct Registrar::Plan {
  std::vector<ContactChange> changes;
  std::vector<BindingId> removeAll; // "Contact: *"
};

Registrar::Registrar(const common::Clock& clock, auth::DigestAuthenticator& auth,
                     RegistrarConfig config, Listener* listener)
    : clock_(clock), auth_(auth), config_(config),
      table_([listener](const std::string& userId, bool reachable) {
        SB_LOG_INFO("user {} is now {}", userId, reachable ? "reachable" : "unreachable");
        if (listener != nullptr) listener->onReachabilityChanged(userId, reachable);
      }) {}

Message Registrar::handleRegister(const Message& request, const net::Endpoint& source) {
  assert(request.method == "REGISTER");
  std::string toTag = auth::randomToken(kToTagBytes);
  auth::AuthOutcome outcome = auth_.authenticate(request, auth::ChallengeKind::Origin, toTag);
  if (!outcome.authenticated()) return std::move(*outcome.response);
  const auth::DeviceCredential& device = *outcome.credential;

  Result<NameAddr> to = request.to();
  if (!to) return makeResponse(request, 400, "Bad To Header", toTag);
  // A device may only register its own AOR (RFC 3261 10.3 step 5).
  if (!to->uri.isSip() || to->uri.userUnescaped() != device.username) {
    return makeResponse(request, 403, "Not Your Address Of Record", toTag);
  }
  common::TimePoint now = clock_.now();
  for (Binding* binding : table_.ofDevice(device.username)) {
    if (!binding->isLive(now)) table_.erase(binding->id);
  }
  Result<Plan> plan = planChanges(request, device.username);
  if (!plan) {
    Message refusal = makeResponse(request, plan.error().code, plan.error().message, toTag);
    if (plan.error().code == 423) {
      refusal.addHeader("Min-Expires", std::to_string(config_.minExpires.count()));
    }
    return refusal;
  }
  apply(*plan, device, request, source);
  return okResponse(request, device.username, toTag);
}

auth::AuthOutcome Registrar::authenticateDeviceRequest(const Message& request) {
  return auth_.authenticate(request, auth::ChallengeKind::Proxy, auth::randomToken(kToTagBytes));
}

// Checks every contact before changing anything: a REGISTER applies whole or not at all.
Result<Registrar::Plan> Registrar::planChanges(const Message& request,
                                               const std::string& username) {
  Result<std::vector<NameAddr>> contacts = request.contacts();
  if (!contacts) return common::makeError("Bad Contact Header", 400);
  Result<CSeq> cseq = request.cseq();
  if (!cseq) return common::makeError("Bad CSeq Header", 400);
  Plan plan;
  bool star =
      std::any_of(contacts->begin(), contacts->end(), [](const NameAddr& c) { return c.isStar; });
  if (star) {
    // RFC 3261 10.2.2: "*" only alone and only with Expires: 0.
    if (contacts->size() != 1 || request.expires() != std::optional<std::uint32_t>{0}) {
      return common::makeError("Invalid Wildcard Contact", 400);
    }
    for (Binding* binding : table_.ofDevice(username)) {
      if (binding->callId == request.callId() && cseq->number <= binding->cseq) {
        return common::makeError("Out Of Order Request", 500);
      }
      plan.removeAll.push_back(binding->id);
    }
    return plan;
  }
  for (const NameAddr& contact : *contacts) {
    Result<ContactChange> change =
        planContact(contact, requestedExpires(contact, request), request, username);
    if (!change) return change.error();
    bool repeated =
        std::any_of(plan.changes.begin(), plan.changes.end(),
                    [&](const ContactChange& c) { return c.contact == change->contact; });
    if (!repeated) plan.changes.push_back(std::move(change.value()));
  }
  return plan;
}

Result<Registrar::ContactChange> Registrar::planContact(const NameAddr& contact,
                                                        std::uint32_t expires,
                                                        const Message& request,
                                                        const std::string& username) {
  if (!contact.uri.isSip()) return common::makeError("Unsupported Contact URI", 400);
  auto minimum = static_cast<std::uint32_t>(config_.minExpires.count());
  auto maximum = static_cast<std::uint32_t>(config_.maxExpires.count());
  if (expires != 0 && expires < minimum) return common::makeError("Interval Too Brief", 423);
  ContactChange change;
  change.contact = contact;
  removeParam(change.contact.params, "expires");
  change.expires = std::min(expires, maximum);
  if (Binding* existing = matchBinding(username, contact)) {
    // RFC 3261 10.3 step 7: same Call-ID needs a higher CSeq, or the request fails.
    if (existing->callId == request.callId() && request.cseq()->number <= existing->cseq) {
      return common::makeError("Out Of Order Request", 500);
    }
    change.existing = existing->id;
  }
  return change;
}

std::uint32_t Registrar::requestedExpires(const NameAddr& contact, const Message& request) const {
  if (std::optional<std::string> param = paramValue(contact.params, "expires")) {
    if (std::optional<std::uint32_t> seconds = parseDeltaSeconds(*param)) return *seconds;
  }
  if (std::optional<std::uint32_t> header = request.expires()) return *header;
  return static_cast<std::uint32_t>(config_.defaultExpires.count());
}

// The same contact is the same instance and reg-id when the device gives them
// (RFC 5626), otherwise the same URI.
Binding* Registrar::matchBinding(const std::string& username, const NameAddr& contact) {
  std::string instance = instanceOf(contact);
  std::optional<std::uint32_t> regId = regIdOf(contact);
  for (Binding* binding : table_.ofDevice(username)) {
    if (!instance.empty()) {
      if (binding->instanceId == instance && binding->regId == regId) return binding;
    } else if (binding->instanceId.empty() && binding->contact.uri == contact.uri) {
      return binding;
    }
  }
  return nullptr;
}

void Registrar::apply(const Plan& plan, const auth::DeviceCredential& device,
                      const Message& request, const net::Endpoint& source) {
  for (BindingId id : plan.removeAll)
    table_.erase(id);
  if (!plan.removeAll.empty()) SB_LOG_INFO("device {} unregistered all contacts", device.username);
  for (const ContactChange& change : plan.changes) {
    if (change.expires == 0) {
      if (change.existing != 0) table_.erase(change.existing);
      SB_LOG_INFO("device {} unregistered {}", device.username, change.contact.uri.str());
      continue;
    }
    store(change, device, request, source);
  }
}

void Registrar::store(const ContactChange& change, const auth::DeviceCredential& device,
                      const Message& request, const net::Endpoint& source) {
  common::TimePoint now = clock_.now();
  Binding* binding = change.existing != 0 ? table_.find(change.existing) : nullptr;
  if (binding != nullptr && binding->userId != device.userId) {
    // The device now belongs to someone else: re-index it under its new owner.
    table_.erase(binding->id);
    binding = nullptr;
  }
  if (binding == nullptr) {
    makeRoom(device.username);
    Binding fresh;
    fresh.username = device.username;
    fresh.userId = device.userId;
    BindingId id = table_.insert(std::move(fresh));
    binding = table_.find(id);
    SB_LOG_INFO("device {} registered {} from {}", device.username, change.contact.uri.str(),
                source.str());
  }
  binding->deviceId = device.deviceId;
  binding->contact = change.contact;
  binding->source = source;
  binding->callId = request.callId();
  binding->cseq = request.cseq()->number;
  binding->expiresAt = now + std::chrono::seconds{change.expires};
  binding->instanceId = instanceOf(change.contact);
  binding->regId = regIdOf(change.contact);
  binding->lastPingAt = now; // a REGISTER proves the flow works as well as an OPTIONS
  binding->failedPings = 0;
}

// Phones behind NAT re-register from new ports and leave old contacts behind; a cap
// keeps them from piling up, evicting the binding closest to expiry.
void Registrar::makeRoom(const std::string& username) {
  std::vector<Binding*> bindings = table_.ofDevice(username);
  while (!bindings.empty() && bindings.size() >= config_.maxBindingsPerDevice) {
    auto oldest =
        std::min_element(bindings.begin(), bindings.end(), [](const Binding* a, const Binding* b) {
          return a->expiresAt < b->expiresAt;
        });
    table_.erase((*oldest)->id);
    bindings.erase(oldest);
  }
}

Message Registrar::okResponse(const Message& request, const std::string& username,
                              const std::string& toTag) const {
  Message ok = makeResponse(request, 200, {}, toTag);
  common::TimePoint now = clock_.now();
  for (const Binding& binding : table_.liveOfDevice(username, now)) {
    NameAddr contact = binding.contact;
    setParam(contact.params, "expires", std::to_string(binding.secondsLeft(now)));
    ok.addHeader("Contact", contact.str());
  }
  return ok;
}

bool Registrar::isReachable(const std::string& userId) const {
  return table_.hasLiveBinding(userId, clock_.now());
}

std::vector<Binding> Registrar::bindingsOfUser(const std::string& userId) const {
  return table_.liveOfUser(userId, clock_.now());
}

std::vector<Binding> Registrar::bindingsOfDevice(const std::string& username) const {
  return table_.liveOfDevice(username, clock_.now());
}

bool Registrar::hasBindingFrom(const net::Endpoint& source) const {
  return table_.hasLiveFrom(source, clock_.now());
}

std::optional<Binding> Registrar::binding(BindingId id) const {
  const Binding* found = table_.find(id);
  if (found == nullptr || !found->isLive(clock_.now())) return std::nullopt;
  return *found;
}

void Registrar::purge(common::TimePoint now) {
  table_.purgeExpired(now);
}

std::vector<PingTarget> Registrar::duePings(common::TimePoint now) {
  table_.purgeExpired(now);
  std::vector<PingTarget> due;
  for (BindingId id : table_.ids()) {
    Binding& binding = *table_.find(id);
    if (now - binding.lastPingAt < config_.pingInterval) continue;
    binding.lastPingAt = now;
    due.push_back(
        PingTarget{id, binding.userId, binding.username, binding.contact.uri, binding.source});
  }
  return due;
}

void Registrar::pingResult(BindingId bindingId, bool answered, common::TimePoint /*now*/) {
  Binding* binding = table_.find(bindingId);
  if (binding == nullptr) return; // expired or replaced while the OPTIONS was out
  if (answered) {
    binding->failedPings = 0;
    return;
  }
  if (++binding->failedPings >= config_.maxPingFailures) {
    SB_LOG_INFO("device {} contact {} stopped answering OPTIONS, dropped", binding->username,
                binding->contact.uri.str());
    table_.erase(bindingId);
  }
}

void Registrar::connectionClosed(net::ConnectionId connection) {
  if (connection == 0) return; // UDP: there is no connection to lose
  for (BindingId id : table_.ids()) {
    const Binding* binding = table_.find(id);
    if (binding != nullptr && binding->source.connection == connection) table_.erase(id);
  }
}

} // namespace sb::sip::registrar

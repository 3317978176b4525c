#pragma once
// Fakes for the B2BUA's ports: a recording network, a hand-fired scheduler, in-memory
// directories and a call log whose commits the test releases.
#include "calls/ports.hpp"
#include "common/scheduler.hpp"
#include "sip/transaction/transaction_layer.hpp"

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sb::calls::testing {

struct Sent {
  sip::Message message;
  net::Endpoint to;
};

class RecordingNetwork final : public sip::transaction::MessageSender {
public:
  bool send(const sip::Message& message, const net::Endpoint& destination) override {
    sent.push_back({message, destination});
    return true;
  }
  // Messages sent to `address:port` since the last take, oldest first.
  std::vector<sip::Message> take(const net::Endpoint& to);
  std::vector<Sent> sent;
};

class ManualScheduler final : public common::Scheduler {
public:
  common::TimerId schedule(common::Duration delay, std::function<void()> task) override {
    tasks[next] = {delay, std::move(task)};
    return next++;
  }
  void cancel(common::TimerId id) override { tasks.erase(id); }
  // Runs every task scheduled so far (as if its delay had passed).
  void fireAll();
  // Runs the tasks scheduled with this delay.
  void fire(common::Duration delay);
  std::map<common::TimerId, std::pair<common::Duration, std::function<void()>>> tasks;
  common::TimerId next = 1;
};

class FakeDevices final : public DeviceDirectory {
public:
  std::vector<DeviceContact> contactsOfUser(const std::string& userId) const override;
  std::optional<std::string> userOfSipUsername(const std::string& username) const override;
  bool isRegisteredSource(const net::Endpoint& source) const override;
  std::vector<DeviceContact> contacts;
};

// Routing that answers from a script: the numbers it admits and the routes it hands
// out in order (Hangup once the script runs out). It records what the B2BUA told it.
class ScriptedRouting final : public CallRouting {
public:
  std::optional<Admission> admit(const std::string&, const std::string& dialled, const std::string&) override {
    if (numbers.count(dialled) == 0) return std::nullopt;
    return Admission{dialled, std::nullopt, callerName};
  }
  Route next(const std::string&) override {
    events.push_back("next");
    if (routes.empty()) return Route{};
    Route r = routes.front();
    routes.pop_front();
    return r;
  }
  void offered(const std::string&, const std::string& userId) override { events.push_back("offered " + userId); }
  void offerEnded(const std::string&, const std::string& userId, OfferStatus status) override {
    events.push_back("offer-ended " + userId + " " + toString(status));
  }
  void connected(const std::string&, const std::string& userId, CallDirection) override {
    events.push_back("connected " + userId);
  }
  void ended(const std::string&, CallStatus status, bool answered) override {
    events.push_back(std::string("ended ") + toString(status) + (answered ? " answered" : ""));
  }
  void left(const std::string&, const std::string& userId) override { events.push_back("left " + userId); }
  // A transfer to a user rings them unless `unavailable` names them (with that refusal);
  // a group rings the users `groups` lists for it, and nobody when it lists none.
  std::optional<Route> transferRoute(const std::string&, const TransferTarget& target, std::string& refusal) override {
    events.push_back("transfer-route " + target.id);
    if (target.kind == TransferTarget::Kind::Group) {
      auto group = groups.find(target.id);
      if (group == groups.end() || group->second.empty()) {
        refusal = "nobody in the group is eligible now";
        return std::nullopt;
      }
      return offer(group->second);
    }
    if (auto why = unavailable.find(target.id); why != unavailable.end()) {
      refusal = why->second;
      return std::nullopt;
    }
    return offer({target.id});
  }
  // the number the lead sees for the agent who took it ("" when `callerIds` has none).
  std::string callerIdFor(const std::string& userId) override {
    events.push_back("caller-id " + userId);
    auto it = callerIds.find(userId);
    return it == callerIds.end() ? "" : it->second;
  }
  static Route offer(std::vector<std::string> users, int timeoutMs = 30'000) {
    Route r;
    r.kind = Route::Kind::Offer;
    r.users = std::move(users);
    r.ringTimeout = common::Duration{timeoutMs};
    return r;
  }
  std::set<std::string> numbers;
  std::string callerName; // what admit() says the caller's lead is called
  std::deque<Route> routes;
  std::map<std::string, std::vector<std::string>> groups;  // transfer targets by group id
  std::map<std::string, std::string> unavailable;          // user id -> why a transfer cannot ring them
  std::map<std::string, std::string> callerIds;            // user id -> their caller ID
  std::vector<std::string> events;
};

class AcceptAllDevices final : public DeviceAuthenticator {
public:
  std::variant<AuthenticatedDevice, sip::Message> authenticate(const sip::Message&) override {
    return AuthenticatedDevice{"u-alice", "d-alice", "alice"};
  }
};

class NoTrunkCredentials final : public ChallengeAnswerer {
public:
  std::optional<sip::Header> answer(const sip::Message&, const sip::Message&) override { return std::nullopt; }
};

// Commits when the test says so, to check that nothing moves before a commit.
class HeldCallLog final : public CallLog {
public:
  void callStarted(const CallStarted& call, std::function<void(bool)> committed) override {
    events.push_back("started " + call.callId);
    held.push_back(std::move(committed));
  }
  void offerCreated(const std::string&, const std::string&, const std::string& userId,
                    const std::string& transferredBy, std::int64_t) override {
    events.push_back("offer " + userId + (transferredBy.empty() ? "" : " transferred by " + transferredBy));
  }
  void offerEnded(const std::string&, OfferStatus status, const std::string&, std::int64_t) override {
    events.push_back(std::string("offer-ended ") + toString(status));
  }
  void claimAnswer(const std::string&, const std::string&, const std::string& userId, std::int64_t,
                   std::function<void(ClaimOutcome)> decided) override {
    events.push_back("claim " + userId);
    bool lose = loseClaims;
    held.push_back([decided = std::move(decided), lose](bool ok) {
      decided(!ok ? ClaimOutcome::Failed : lose ? ClaimOutcome::Lost : ClaimOutcome::Won);
    });
  }
  void callEnded(const std::string&, CallStatus status, const std::string&, std::int64_t) override {
    events.push_back(std::string("ended ") + toString(status));
  }
  void trace(const std::string&, const std::string&, const std::string& action, const std::string&,
             std::int64_t) override {
    traces.push_back(action);
  }
  void transfer(const TransferNotice& notice, std::int64_t) override {
    static const char* kinds[] = {"started", "accepted", "failed"};
    events.push_back(std::string("transfer ") + kinds[static_cast<int>(notice.kind)] + " " + notice.byUserId +
                     (notice.toUserId.empty() ? "" : " to " + notice.toUserId) +
                     (notice.outcome.empty() ? "" : " " + notice.outcome));
  }
  void voicemailLeft(const std::string&, const std::optional<std::string>&, const std::string& path,
                     std::int64_t durationMs, std::int64_t) override {
    events.push_back("voicemail " + path + " " + std::to_string(durationMs));
  }
  void failAll() {
    auto pending = std::move(held);
    held.clear();
    for (auto& c : pending) c(false);
  }
  void commitAll() {
    auto pending = std::move(held);
    held.clear();
    for (auto& c : pending) c(true);
  }
  std::vector<std::string> events;
  std::vector<std::string> traces; // the trace lines' actions
  std::deque<std::function<void(bool)>> held;
  bool loseClaims = false; // as if another node sharing the database claimed first
};

// Hands out legs on consecutive ports of 127.0.0.1 and keeps every command, as text.
class FakeMedia final : public CallMedia {
public:
  std::optional<MediaLeg> openLeg(const std::string&, MediaLegKind kind) override {
    if (portsLeft == 0) return std::nullopt;
    --portsLeft;
    MediaLeg leg{nextId++, "127.0.0.1", nextPort, std::nullopt};
    if (kind == MediaLegKind::WebRtc) {
      const std::string n = std::to_string(leg.id);
      leg.webrtc = sdp::WebRtcParameters{"ufrag" + n, "password-of-leg-number-" + n,
                                         {"sha-256", "AB:CD:EF:01"}, sdp::DtlsSetup::ActPass};
    }
    nextPort = static_cast<std::uint16_t>(nextPort + 2);
    open.insert(leg.id);
    return leg;
  }
  void configure(MediaLegId leg, const sdp::AudioStream& stream) override {
    configured[leg] = stream;
    commands.push_back("configure " + std::to_string(leg) + (stream.onHold ? " hold" : ""));
  }
  void playRingback(MediaLegId leg) override { commands.push_back("ringback " + std::to_string(leg)); }
  void startVoicemail(MediaLegId leg, const std::string&, common::Duration maxLength) override {
    commands.push_back("voicemail " + std::to_string(leg) + " " + std::to_string(maxLength.count()));
  }
  common::Duration playFarewell(MediaLegId leg, Farewell farewell) override {
    commands.push_back("farewell " + std::to_string(leg) + (farewell == Farewell::Declined ? " declined" : " no-key"));
    return farewellLength;
  }
  // "confirm <leg> <caller>" for a call, "confirm-lead <leg> <name>" for a new lead.
  void playConfirmation(MediaLegId leg, const std::string& name, Confirmation kind) override {
    commands.push_back((kind == Confirmation::NewLead ? "confirm-lead " : "confirm ") + std::to_string(leg) + " " +
                       name);
  }
  void connect(const std::string&, MediaLegId customer, MediaLegId agent) override {
    commands.push_back("connect " + std::to_string(customer) + " " + std::to_string(agent));
  }
  void hold(MediaLegId customer, MediaLegId agent, bool onHold) override {
    commands.push_back(std::string(onHold ? "hold " : "resume ") + std::to_string(customer) + " " +
                       std::to_string(agent));
  }
  void closeLeg(MediaLegId leg) override {
    open.erase(leg);
    commands.push_back("close " + std::to_string(leg));
  }
  MediaLegId nextId = 1;
  std::uint16_t nextPort = 20000;
  int portsLeft = 1000;
  common::Duration farewellLength{0};
  std::set<MediaLegId> open;
  std::map<MediaLegId, sdp::AudioStream> configured;
  std::vector<std::string> commands;
};

} // namespace sb::calls::testing

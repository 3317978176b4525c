#include "server/server.hpp"

#include "calls/b2bua.hpp"
#include "common/log.hpp"
#include "server/asio_scheduler.hpp"
#include "server/call_media.hpp"
#include "server/call_routing.hpp"
#include "server/data_dir.hpp"
#include "server/device_registry.hpp"
#include "server/directories.hpp"
#include "server/api_runtime.hpp"
#include "server/sip_dispatch.hpp"
#include "server/startup.hpp"
#include "server/store_call_log.hpp"
#include "server/trunk_credentials.hpp"
#include "sip/transaction/transaction_layer.hpp"
#include "sip/transport/transport_layer.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <iostream>

namespace sb::server {

namespace {
// Expired registrations are purged and due keep-alives sent on this beat.
constexpr common::Duration kPingSweep{1'000};
constexpr common::Duration kDrainPoll{200};
constexpr common::Duration kFinalFlush{2'000};
} // namespace

class Server::Impl final : public sip::transport::TransportListener {
public:
  explicit Impl(Config config) : config_(std::move(config)), scheduler_(io_), txTimer_(io_), signals_(io_) {}
  ~Impl() override {
    // The call path must not publish to a feed that is gone.
    if (callLog_) callLog_->publishTo(nullptr);
    if (routing_) routing_->publishTo(nullptr);
    api_.reset();
  }

  int run();

  void onMessage(sip::Message message, const net::Endpoint& source) override {
    transactions_->receive(message, source);
    afterEvent();
  }
  // a request that frames but does not parse whole (RFC 4475 clerr, ncl) still
  // gets its 400 when its headers can be read; anything else is dropped and logged.
  void onBadMessage(const common::Error& error, std::string_view bytes, const net::Endpoint& source) override {
    SB_LOG_DEBUG("malformed message from {}: {}", source.str(), error.message);
    if (error.code < 400 || bytes.empty() || !transactions_) return;
    auto partial = sip::parseHeadersOnly(bytes);
    if (!partial.ok() || !partial->isRequest()) return;
    transactions_->rejectStateless(*partial, error.code, source);
    afterEvent();
  }
  void onConnectionClosed(net::ConnectionId connection) override {
    if (registry_) registry_->connectionClosed(connection);
  }

private:
  std::optional<common::Error> open();
  std::optional<common::Error> startSip();
  void afterEvent();
  void registerMetrics();
  void armTransactionTimer();
  void sweepPings();
  void onSignal();
  void pollDrain(common::TimePoint deadline);
  void stopLoop();

  Config config_;
  boost::asio::io_context io_;
  common::SystemClock clock_;
  AsioScheduler scheduler_;
  boost::asio::steady_timer txTimer_;
  std::optional<common::TimePoint> txTimerAt_;
  boost::asio::signal_set signals_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<CallRoutingService> routing_;
  CredentialSnapshot credentials_;
  std::unique_ptr<sip::transport::TransportLayer> transport_;
  std::unique_ptr<SipDispatch> dispatch_;
  std::unique_ptr<sip::transaction::TransactionLayer> transactions_;
  std::unique_ptr<DeviceRegistry> registry_;
  std::unique_ptr<TrunkCredentials> trunkCredentials_;
  std::unique_ptr<StoreCallLog> callLog_;
  std::unique_ptr<CallMediaService> media_;
  std::unique_ptr<calls::B2bua> b2bua_;
  std::unique_ptr<ApiRuntime> api_;
  // The B2BUA is created after the transaction layer, which needs its user first.
  struct LateUser;
  std::unique_ptr<LateUser> lateUser_;
  std::atomic<bool> stopping_{false}; // read by /readyz on an API thread
};

// Forwards to the B2BUA once it exists (the transaction layer is built before it).
struct Server::Impl::LateUser final : sip::transaction::TransactionUser {
  calls::B2bua* target = nullptr;
  void onRequest(sip::transaction::ServerTransactionId tx, const sip::Message& r, const net::Endpoint& s) override {
    target->onRequest(tx, r, s);
  }
  void onAck(const sip::Message& a, const net::Endpoint& s) override { target->onAck(a, s); }
  void onCancel(sip::transaction::ServerTransactionId tx, const sip::Message& c) override { target->onCancel(tx, c); }
  void onResponse(sip::transaction::ClientTransactionId tx, const sip::Message& r) override {
    target->onResponse(tx, r);
  }
  void onClientFailure(sip::transaction::ClientTransactionId tx, const sip::Message& t) override {
    target->onClientFailure(tx, t);
  }
  void onServerAckTimeout(sip::transaction::ServerTransactionId tx) override { target->onServerAckTimeout(tx); }
};

std::optional<common::Error> Server::Impl::open() {
  // Completions of durable writes come back onto the signalling loop.
  auto executor = [this](std::function<void()> fn) {
    boost::asio::post(io_, [this, fn = std::move(fn)] {
      fn();
      afterEvent();
    });
  };
  auto db = openStore(StoreLocation{config_.dataDir, config_.database}, executor);
  if (!db.ok()) return db.error();
  store_ = std::move(db.value());
  auto recovered = recoverAndSeed(*store_, config_, clock_);
  if (!recovered.ok()) return recovered.error();
  routing_ = std::make_unique<CallRoutingService>(*store_, clock_, config_.ringTimeoutSeconds);
  auto loaded = routing_->load();
  if (!loaded.ok()) return loaded.error();
  auto loadedDevices = credentials_.load(*store_);
  if (!loadedDevices.ok()) return loadedDevices.error();
  SB_LOG_INFO("loaded {} users, {} numbers, {} call flows, {} groups, {} leads and {} SIP devices", loaded->users,
              loaded->numbers, loaded->flows, loaded->groups, loaded->leads, *loadedDevices);
  return std::nullopt;
}

std::optional<common::Error> Server::Impl::startSip() {
  auto transportConfig = transportConfigOf(config_);
  if (!transportConfig.ok()) return transportConfig.error();
  transport_ = std::make_unique<sip::transport::TransportLayer>(io_, *this, transportConfig.value());
  if (auto e = transport_->start()) return e;

  lateUser_ = std::make_unique<LateUser>();
  registry_ = std::make_unique<DeviceRegistry>(
      clock_, credentials_, authConfigOf(config_), registrarConfigOf(config_),
      [this](const std::string& userId, int devices) {
        routing_->setReachableDevices(userId, devices);
        if (devices == 0 && b2bua_ && !routing_->hasRingThrough(userId))
          b2bua_->withdrawOffers(userId, "unreachable: no device");
      });
  dispatch_ = std::make_unique<SipDispatch>(*lateUser_, [this](auto tx, const sip::Message& r, const net::Endpoint& s) {
    transactions_->respond(tx, registry_->handleRegister(r, s));
  });
  sip::transaction::TimerConfig timers{common::Duration{config_.t1Ms}, common::Duration{config_.t2Ms},
                                       common::Duration{config_.t4Ms}};
  transactions_ = std::make_unique<sip::transaction::TransactionLayer>(clock_, *transport_, *dispatch_, timers);
  trunkCredentials_ = std::make_unique<TrunkCredentials>(config_.trunkUsername, config_.trunkPassword);
  callLog_ = std::make_unique<StoreCallLog>(*store_);
  auto b2buaConfig = b2buaConfigOf(config_);
  if (!b2buaConfig.ok()) return b2buaConfig.error();
  auto mediaOptions = mediaOptionsOf(config_, transport_->localEndpoint(net::TransportKind::Udp).address);
  if (!mediaOptions.ok()) return mediaOptions.error();
  CallMediaService::repairRecordings(mediaOptions->recordingsDir);
  media_ = std::make_unique<CallMediaService>(io_, mediaOptions.value());
  media_->setRecordCalls(routing_->settings().recordCalls);
  b2bua_ = std::make_unique<calls::B2bua>(
      calls::B2buaDeps{clock_, scheduler_, *transactions_,
                       [this](net::TransportKind kind) { return transport_->localEndpoint(kind); }, *registry_,
                       *routing_, *registry_, *trunkCredentials_, *callLog_, *media_},
      b2buaConfig.value());
  lateUser_->target = b2bua_.get();
  media_->deliverTo(b2bua_.get(), [this] { afterEvent(); });
  api_ = std::make_unique<ApiRuntime>(ApiRuntimeDeps{
      config_, *store_, clock_, io_, *routing_, *b2bua_, [this] { afterEvent(); },
      [this]() -> std::optional<common::Error> {
        auto loaded = credentials_.load(*store_);
        if (!loaded.ok()) return loaded.error();
        return std::nullopt;
      },
      [this] { return !stopping_.load(); }, &media_->prompts()});
  callLog_->publishTo(&api_->events());
  routing_->publishTo(&api_->events());
  registerMetrics();
  if (auto e = api_->start()) return e;
  return std::nullopt;
}

// What /metrics shows of the call path. Values that live on the signalling loop are read
// there; the media engine's counters are atomics.
void Server::Impl::registerMetrics() {
  auto& m = api_->metrics();
  auto onLoop = [this](auto read) {
    return [this, read] { return api_->readOnLoop([read] { return static_cast<double>(read()); }); };
  };
  m.counterFunction("switchboard_calls_total", "Calls by what happened to them",
                    onLoop([this] { return b2bua_->stats().started; }), {{"event", "started"}});
  m.counterFunction("switchboard_calls_total", "Calls by what happened to them",
                    onLoop([this] { return b2bua_->stats().connected; }), {{"event", "connected"}});
  m.counterFunction("switchboard_calls_total", "Calls by what happened to them",
                    onLoop([this] { return b2bua_->stats().refused; }), {{"event", "refused"}});
  m.gaugeFunction("switchboard_calls_active", "Calls in progress", onLoop([this] { return b2bua_->activeCalls(); }));
  m.counterFunction("switchboard_sip_transactions_total", "SIP transactions created",
                    onLoop([this] { return transactions_->counters().serverCreated; }), {{"side", "server"}});
  m.counterFunction("switchboard_sip_transactions_total", "SIP transactions created",
                    onLoop([this] { return transactions_->counters().clientCreated; }), {{"side", "client"}});
  m.counterFunction("switchboard_sip_retransmissions_total", "SIP retransmissions sent",
                    onLoop([this] { return transactions_->counters().retransmissions; }));
  m.counterFunction("switchboard_sip_transaction_timeouts_total", "SIP transactions that timed out",
                    onLoop([this] { return transactions_->counters().timeouts; }));
  m.counterFunction("switchboard_store_write_failures_total", "Call-path writes that failed or were refused",
                    onLoop([this] { return callLog_->failedWrites(); }));
  for (auto [direction, field] : {std::pair{"received", &media::EngineStats::packetsReceived},
                                  std::pair{"sent", &media::EngineStats::packetsSent},
                                  std::pair{"ignored", &media::EngineStats::packetsIgnored}})
    m.counterFunction("switchboard_rtp_packets_total", "RTP packets through the media engine",
                      [this, field] { return static_cast<double>(media_->stats().*field); }, {{"direction", direction}});
  m.gaugeFunction("switchboard_media_legs", "Media legs open", [this] { return static_cast<double>(media_->stats().legsOpen); });
  callLog_->measureCommits(&m.histogram("switchboard_store_commit_seconds",
                                        "From a call's arrival to its record being durable (R-29)",
                                        {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1}));
}

void Server::Impl::afterEvent() {
  if (transactions_) armTransactionTimer();
}

// Keeps one Asio timer at the transaction layer's next deadline.
void Server::Impl::armTransactionTimer() {
  auto next = transactions_->nextDeadline();
  if (!next) return;
  if (txTimerAt_ && *txTimerAt_ <= *next) return;
  txTimerAt_ = *next;
  txTimer_.expires_at(std::chrono::steady_clock::time_point(next->time_since_epoch()));
  txTimer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    txTimerAt_.reset();
    transactions_->tick();
    afterEvent();
  });
}

void Server::Impl::sweepPings() {
  registry_->purgeExpired();
  for (const auto& ping : registry_->duePings()) {
    sip::Message options = registry_->makePing(ping, transport_->localEndpoint(ping.destination.transport));
    auto tx = transactions_->sendRequest(options, ping.destination);
    auto id = ping.bindingId;
    dispatch_->claim(tx, [this, id](const sip::Message& response) {
      // Any answer, even an error, shows the device is there (RFC 3261 11).
      registry_->pingResult(id, response.statusCode != 408 && response.statusCode != 503);
    });
  }
  afterEvent();
  scheduler_.schedule(kPingSweep, [this] { sweepPings(); });
}

void Server::Impl::onSignal() {
  if (stopping_) return;
  stopping_ = true;
  SB_LOG_INFO("stopping: new calls are refused; {} call(s) may go on for up to {} s", b2bua_->activeCalls(),
              config_.shutdownGraceSeconds);
  b2bua_->drain();
  pollDrain(clock_.now() + common::Duration{config_.shutdownGraceSeconds * 1000});
}

void Server::Impl::pollDrain(common::TimePoint deadline) {
  if (b2bua_->activeCalls() == 0) {
    stopLoop();
    return;
  }
  if (clock_.now() >= deadline) {
    SB_LOG_WARN("grace period over: hanging up {} call(s)", b2bua_->activeCalls());
    b2bua_->hangUpAll("server shutting down");
    afterEvent();
    // Give the BYEs and CANCELs a moment to be answered, then stop regardless.
    scheduler_.schedule(kFinalFlush, [this] { stopLoop(); });
    return;
  }
  scheduler_.schedule(kDrainPoll, [this, deadline] { pollDrain(deadline); });
}

void Server::Impl::stopLoop() {
  api_->stop();
  transport_->stop();
  io_.stop();
}

int Server::Impl::run() {
  if (!common::setLogLevel(config_.logLevel)) {
    std::cerr << "error: --log-level: unknown level '" << config_.logLevel << "'\n";
    return 2;
  }
  if (auto e = open()) {
    std::cerr << "error: " << e->message << "\n";
    return 1;
  }
  if (auto e = startSip()) {
    std::cerr << "error: " << e->message << "\n";
    return 1;
  }
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) onSignal();
  });
  scheduler_.schedule(kPingSweep, [this] { sweepPings(); });
  printReady(std::cout, config_, *transport_, api_->boundPort(), api_->tls());
  io_.run();
  store_->flush();
  SB_LOG_INFO("stopped");
  return 0;
}

Server::Server(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Server::~Server() = default;
int Server::run() { return impl_->run(); }

} // namespace sb::server

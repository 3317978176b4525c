// ws_fanout: N WebSocket clients on Switchboard's /api/v1/events, all in one thread on one
// io_context, timing when each receives the `call.accepted` event of each call.
//
// Each frame is stamped with std::chrono::steady_clock (CLOCK_MONOTONIC on Linux, the clock
// of python's time.monotonic()) as soon as its read completes, before anything else is done
// with it; the only work per frame is two substring searches for the event type and call
// id, so that the clients read earlier do not delay the stamps of those read later. Once
// every client has a call's event (or --settle-ms after the first did), one JSON line:
//   {"call_id":"...","clients":N,"received":K,"first_ns":..,"last_ns":..,"arrivals_ns":[..]}
// arrivals_ns per client in client order (-1: never received). Before that, once all
// clients are connected: {"ready":N}. On SIGTERM/SIGINT or stdin EOF: {"summary":{...}}.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string path; // target including the query, e.g. /api/v1/events?access_token=...
  int clients = 1000;
  int connectAtOnce = 50; // handshakes under way at the same time
  int settleMs = 5000;
  std::string eventType = "call.accepted";
};

std::int64_t monotonicNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The call id of an event frame of `type`, or nullopt. The server writes
// {"id":N,"type":"...","at":"...","data":{...}}: the first "type" key is the event's.
std::optional<std::string_view> callIdOf(std::string_view frame, std::string_view type) {
  constexpr std::string_view typeKey = "\"type\":\"";
  const auto t = frame.find(typeKey);
  if (t == std::string_view::npos) return std::nullopt;
  const auto typeValue = frame.substr(t + typeKey.size());
  if (typeValue.substr(0, type.size()) != type || typeValue.substr(type.size(), 1) != "\"") return std::nullopt;
  constexpr std::string_view idKey = "\"call_id\":\"";
  const auto c = frame.find(idKey);
  if (c == std::string_view::npos) return std::nullopt;
  const auto rest = frame.substr(c + idKey.size());
  const auto end = rest.find('"');
  if (end == std::string_view::npos) return std::nullopt;
  return rest.substr(0, end);
}

struct CallArrivals {
  std::vector<std::int64_t> arrivalNs; // per client; -1 until it arrives
  int received = 0;
  std::int64_t firstNs = 0;
  bool reported = false;
};

class Fanout;

class Client : public std::enable_shared_from_this<Client> {
public:
  Client(Fanout& owner, asio::io_context& io, int index) : owner_(owner), ws_(io), index_(index) {}
  void start(const tcp::resolver::results_type& endpoints);
  void close();
  bool open() const { return open_; }

private:
  void read();
  Fanout& owner_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  int index_;
  bool open_ = false;
};

class Fanout {
public:
  Fanout(asio::io_context& io, Options options)
      : io_(io), options_(std::move(options)), signals_(io, SIGINT, SIGTERM), input_(io, ::dup(0)),
        sweep_(io) {}

  void run() {
    tcp::resolver resolver(io_);
    endpoints_ = resolver.resolve(options_.host, options_.port);
    for (int i = 0; i < options_.clients; ++i) clients_.push_back(std::make_shared<Client>(*this, io_, i));
    for (int i = 0; i < options_.clients && i < options_.connectAtOnce; ++i) connectNext();
    signals_.async_wait([this](const boost::system::error_code&, int) { finish(); });
    watchInput();
    scheduleSweep();
    io_.run();
  }

  // A client finished its handshake (ok) or failed to connect.
  void connected(int index, const boost::system::error_code& ec) {
    if (ec) {
      ++connectFailures_;
      std::cerr << "client " << index << ": " << ec.message() << '\n';
    } else {
      ++connected_;
    }
    if (connected_ + connectFailures_ == options_.clients) {
      if (connectFailures_ == 0) {
        std::cout << "{\"ready\":" << connected_ << "}" << std::endl;
      } else {
        std::cout << "{\"error\":\"" << connectFailures_ << " of " << options_.clients
                  << " clients could not connect\"}" << std::endl;
        finish();
      }
      return;
    }
    connectNext();
  }

  void frame(int index, std::int64_t atNs, std::string_view text) {
    ++frames_;
    auto callId = callIdOf(text, options_.eventType);
    if (!callId) return;
    auto [it, inserted] = calls_.try_emplace(std::string(*callId));
    CallArrivals& call = it->second;
    if (inserted) {
      call.arrivalNs.assign(static_cast<std::size_t>(options_.clients), -1);
      call.firstNs = atNs;
      order_.push_back(it->first);
    }
    auto& slot = call.arrivalNs[static_cast<std::size_t>(index)];
    if (slot >= 0 || call.reported) return; // a repeat, or too late to count
    slot = atNs;
    if (++call.received == options_.clients) report(it->first, call);
  }

  void disconnected(int index, const boost::system::error_code& ec) {
    if (finishing_) return;
    ++disconnects_;
    std::cerr << "client " << index << " lost its stream: " << ec.message() << '\n';
  }

  const tcp::resolver::results_type& endpoints() const { return endpoints_; }
  const Options& options() const { return options_; }

private:
  void connectNext() {
    if (next_ < options_.clients) clients_[static_cast<std::size_t>(next_++)]->start(endpoints_);
  }

  void report(const std::string& callId, CallArrivals& call) {
    call.reported = true;
    std::int64_t last = call.firstNs;
    for (auto ns : call.arrivalNs) last = std::max(last, ns);
    std::string line = "{\"call_id\":\"" + callId + "\",\"clients\":" + std::to_string(options_.clients) +
                       ",\"received\":" + std::to_string(call.received) + ",\"first_ns\":" +
                       std::to_string(call.firstNs) + ",\"last_ns\":" + std::to_string(last) + ",\"arrivals_ns\":[";
    for (std::size_t i = 0; i < call.arrivalNs.size(); ++i) {
      if (i) line += ',';
      line += std::to_string(call.arrivalNs[i]);
    }
    line += "]}";
    std::cout << line << std::endl;
  }

  // Calls some clients never got: reported --settle-ms after the first arrival.
  void scheduleSweep() {
    sweep_.expires_after(std::chrono::milliseconds(200));
    sweep_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || finishing_) return;
      const std::int64_t now = monotonicNs();
      for (const auto& id : order_) {
        auto& call = calls_.at(id);
        if (!call.reported && now - call.firstNs > std::int64_t{options_.settleMs} * 1'000'000) report(id, call);
      }
      scheduleSweep();
    });
  }

  void watchInput() {
    input_.async_read_some(asio::buffer(inputBuffer_), [this](const boost::system::error_code& ec, std::size_t) {
      if (ec) {
        finish(); // EOF: run.py is done with us
        return;
      }
      watchInput();
    });
  }

  void finish() {
    if (finishing_) return;
    finishing_ = true;
    for (const auto& id : order_) {
      auto& call = calls_.at(id);
      if (!call.reported) report(id, call);
    }
    int open = 0;
    for (const auto& c : clients_) open += c->open() ? 1 : 0;
    std::cout << "{\"summary\":{\"clients\":" << options_.clients << ",\"connected\":" << connected_
              << ",\"connect_failures\":" << connectFailures_ << ",\"open_at_end\":" << open
              << ",\"disconnects\":" << disconnects_ << ",\"frames\":" << frames_
              << ",\"calls\":" << order_.size() << "}}" << std::endl;
    sweep_.cancel();
    signals_.cancel();
    boost::system::error_code ignored;
    input_.close(ignored);
    for (const auto& c : clients_) c->close();
  }

  asio::io_context& io_;
  Options options_;
  asio::signal_set signals_;
  asio::posix::stream_descriptor input_;
  std::array<char, 256> inputBuffer_{};
  asio::steady_timer sweep_;
  tcp::resolver::results_type endpoints_;
  std::vector<std::shared_ptr<Client>> clients_;
  int next_ = 0;
  int connected_ = 0;
  int connectFailures_ = 0;
  int disconnects_ = 0;
  std::int64_t frames_ = 0;
  bool finishing_ = false;
  std::map<std::string, CallArrivals> calls_;
  std::deque<std::string> order_;
};

void Client::start(const tcp::resolver::results_type& endpoints) {
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(
      endpoints, [self = shared_from_this()](const boost::system::error_code& ec, const tcp::endpoint&) {
        if (ec) {
          self->owner_.connected(self->index_, ec);
          return;
        }
        const auto& o = self->owner_.options();
        self->ws_.async_handshake(o.host + ":" + o.port, o.path, [self](const boost::system::error_code& hec) {
          if (!hec) {
            beast::get_lowest_layer(self->ws_).expires_never();
            self->open_ = true;
            self->read();
          }
          self->owner_.connected(self->index_, hec);
        });
      });
}

void Client::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
    const std::int64_t at = monotonicNs(); // first: the stamp is the arrival
    if (ec) {
      self->open_ = false;
      self->owner_.disconnected(self->index_, ec);
      return;
    }
    const auto data = self->buffer_.cdata();
    self->owner_.frame(self->index_, at, std::string_view(static_cast<const char*>(data.data()), data.size()));
    self->buffer_.consume(self->buffer_.size());
    self->read();
  });
}

void Client::close() {
  if (!open_) {
    beast::get_lowest_layer(ws_).cancel();
    return;
  }
  open_ = false;
  beast::get_lowest_layer(ws_).close();
}

std::optional<Options> parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--host") o.host = value;
    else if (flag == "--port") o.port = value;
    else if (flag == "--path") o.path = value;
    else if (flag == "--clients") o.clients = std::atoi(value.c_str());
    else if (flag == "--connect-at-once") o.connectAtOnce = std::atoi(value.c_str());
    else if (flag == "--settle-ms") o.settleMs = std::atoi(value.c_str());
    else if (flag == "--event") o.eventType = value;
    else return std::nullopt;
  }
  if (argc % 2 == 0 || o.port.empty() || o.path.empty() || o.clients < 1 || o.connectAtOnce < 1 || o.settleMs < 1)
    return std::nullopt;
  return o;
}

} // namespace

int main(int argc, char** argv) {
  auto options = parseOptions(argc, argv);
  if (!options) {
    std::cerr << "usage: ws_fanout --port PORT --path /api/v1/events?access_token=T [--host 127.0.0.1]"
                 " [--clients 1000] [--connect-at-once 50] [--settle-ms 5000] [--event call.accepted]\n";
    return 2;
  }
  try {
    asio::io_context io(1);
    Fanout fanout(io, *options);
    fanout.run();
  } catch (const std::exception& e) {
    std::cerr << "ws_fanout: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

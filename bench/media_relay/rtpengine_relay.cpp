#include "rtpengine_relay.hpp"

#include "cpu_time.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace sb::bench::media_relay {

namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// A UDP socket on 127.0.0.1 with a port the kernel chose; returns the fd and sets `port`.
int boundSocket(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback(0);
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("rtpengine: no control socket");
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

std::string pcmuOffer(std::uint64_t serial, std::uint16_t port) {
  return "v=0\r\no=- " + std::to_string(serial) + " 1 IN IP4 127.0.0.1\r\ns=bench\r\n"
         "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + std::to_string(port) +
         " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
}

std::uint16_t mediaPort(const std::string& sdp) {
  const auto at = sdp.find("m=audio ");
  if (at == std::string::npos) throw std::runtime_error("rtpengine: no m=audio in its SDP");
  return static_cast<std::uint16_t>(std::stoul(sdp.substr(at + 8)));
}

} // namespace

RtpengineRelay::RtpengineRelay(RtpengineOptions options) : options_(std::move(options)) {
  try {
    start();
  } catch (...) {
    stop();
    throw;
  }
}

RtpengineRelay::~RtpengineRelay() { stop(); }

void RtpengineRelay::start() {
  // The port rtpengine listens on: one the kernel just had free.
  const int probe = boundSocket(ngPort_);
  ::close(probe);
  std::uint16_t ours = 0;
  control_ = boundSocket(ours);
  const sockaddr_in ng = loopback(ngPort_);
  ::connect(control_, reinterpret_cast<const sockaddr*>(&ng), sizeof ng);

  std::vector<std::string> args = {
      options_.binary, "--config-file=none", "--table=-1", "--foreground",
      "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + std::to_string(ngPort_),
      "--port-min=" + std::to_string(options_.firstPort),
      "--port-max=" + std::to_string(options_.lastPort), "--log-stderr", "--log-level=4",
      "--timeout=60", "--delete-delay=0"};
  if (options_.threads > 0) args.push_back("--num-threads=" + std::to_string(options_.threads));
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("rtpengine: fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlives the bench
    const int log = ::open(options_.logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }

  const auto giveUp = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < giveUp) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("rtpengine exited at start; see " + options_.logFile);
    }
    try {
      const Bencode reply = request(Bencode::dict().set("command", Bencode::string("ping")));
      const Bencode* result = reply.find("result");
      if (result != nullptr && result->text == "pong") return;
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100)); // not listening yet
    }
  }
  throw std::runtime_error("rtpengine did not answer ping; see " + options_.logFile);
}

void RtpengineRelay::stop() {
  if (control_ >= 0) ::close(control_);
  control_ = -1;
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto giveUp = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= giveUp) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

Bencode RtpengineRelay::request(Bencode message) {
  const std::string cookie = std::to_string(++cookie_);
  const std::string datagram = cookie + " " + encode(message);
  if (::send(control_, datagram.data(), datagram.size(), 0) < 0)
    throw std::runtime_error("rtpengine: send failed");
  const auto giveUp = Clock::now() + std::chrono::milliseconds(2000);
  std::string buffer(65536, '\0');
  while (Clock::now() < giveUp) {
    pollfd ready{control_, POLLIN, 0};
    if (::poll(&ready, 1, 100) <= 0) continue;
    const auto got = ::recv(control_, buffer.data(), buffer.size(), 0);
    if (got < 0) throw std::runtime_error("rtpengine: not listening"); // ICMP refusal
    const std::string_view reply(buffer.data(), static_cast<std::size_t>(got));
    if (reply.substr(0, cookie.size() + 1) != cookie + " ") continue; // a late reply
    auto decoded = decode(reply.substr(cookie.size() + 1));
    if (!decoded) throw std::runtime_error("rtpengine: reply is not bencode");
    return std::move(*decoded);
  }
  throw std::runtime_error("rtpengine: no reply");
}

std::uint16_t RtpengineRelay::offerOrAnswer(const std::string& command, const std::string& callId,
                                            std::uint16_t sidePort) {
  Bencode message = Bencode::dict();
  message.set("command", Bencode::string(command))
      .set("call-id", Bencode::string(callId))
      .set("from-tag", Bencode::string("caller-" + callId))
      .set("sdp", Bencode::string(pcmuOffer(callSerial_, sidePort)));
  if (command == "answer") message.set("to-tag", Bencode::string("agent-" + callId));
  const Bencode reply = request(std::move(message));
  const Bencode* result = reply.find("result");
  const Bencode* sdp = reply.find("sdp");
  if (result == nullptr || result->text != "ok" || sdp == nullptr) {
    const Bencode* reason = reply.find("error-reason");
    throw std::runtime_error("rtpengine " + command + " failed: " +
                             (reason != nullptr ? reason->text : std::string("no sdp")));
  }
  return mediaPort(sdp->text);
}

std::vector<CallRoute> RtpengineRelay::connect(const std::vector<CallSides>& calls) {
  std::vector<CallRoute> routes;
  for (const CallSides& call : calls) {
    const std::string callId = "bench-" + std::to_string(++callSerial_);
    callIds_.push_back(callId);
    CallRoute route;
    route.agentSendsTo = offerOrAnswer("offer", callId, call.callerPort);
    route.callerSendsTo = offerOrAnswer("answer", callId, call.agentPort);
    routes.push_back(route);
  }
  return routes;
}

void RtpengineRelay::disconnect() {
  for (const std::string& callId : callIds_) {
    request(Bencode::dict()
                .set("command", Bencode::string("delete"))
                .set("call-id", Bencode::string(callId))
                .set("from-tag", Bencode::string("caller-" + callId)));
  }
  callIds_.clear();
}

std::uint64_t RtpengineRelay::cpuNanos() const { return pid_ > 0 ? processCpuNanos(pid_) : 0; }

} // namespace sb::bench::media_relay

#pragma once
// Metrics for Prometheus, served in its text exposition format 0.0.4. Instruments are
// registered once (a lock) and then updated on the hot path with atomics only; the
// registry reads them all when scraped. Names and label names are checked when
// registered: a bad one is a programming error (std::invalid_argument).
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sb::api::auth {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0.0};
};

class Histogram {
public:
  // Upper bounds of the buckets, finite and strictly increasing; a +Inf bucket is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations <= each bound, then the total (the +Inf bucket): bounds().size() + 1 values.
  std::vector<std::uint64_t> cumulativeCounts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_; // not cumulative; last is +Inf
  std::atomic<double> sum_{0.0};
};

class MetricsRegistry { // thread-safe
public:
  // The same name and labels give the same object, which lives as long as the registry.
  // A name already registered with another type, or labels already used by a function
  // series, throw std::invalid_argument. Label order does not matter.
  Counter& counter(std::string name, std::string help, Labels labels = {});
  Gauge& gauge(std::string name, std::string help, Labels labels = {});
  // Registering the same name and labels with other bounds throws std::invalid_argument.
  Histogram& histogram(std::string name, std::string help, std::vector<double> bounds,
                       Labels labels = {});

  // Values read when scraped (e.g. queue sizes owned elsewhere). `read` runs under the
  // registry's lock: it must not register metrics. Registering again replaces it.
  void gaugeFunction(std::string name, std::string help, std::function<double()> read,
                     Labels labels = {});
  void counterFunction(std::string name, std::string help, std::function<double()> read,
                       Labels labels = {});

  // Every family in registration order: "# HELP" and "# TYPE" once, then its series.
  std::string render() const;

private:
  enum class Type { Counter, Gauge, Histogram };
  // monostate only while a new series is being registered.
  using Instrument = std::variant<std::monostate, std::unique_ptr<Counter>, std::unique_ptr<Gauge>,
                                  std::unique_ptr<Histogram>, std::function<double()>>;
  struct Series {
    Labels labels; // sorted by name
    Instrument instrument;
  };
  struct Family {
    std::string name;
    std::string help;
    Type type = Type::Counter;
    std::vector<Series> series; // in registration order
  };

  // The series of `name` with `labels` (checked), added with no instrument if new.
  Series& series(std::string name, std::string help, Type type, Labels labels);

  mutable std::mutex mutex_;
  std::vector<Family> families_;
  std::map<std::string, std::size_t, std::less<>> familyIndex_;
};

} // namespace sb::api::auth

#include "api/auth/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sb::api::auth {
namespace {

bool isNameStart(char c, bool colonAllowed) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':');
}

bool isValidName(const std::string& name, bool colonAllowed) {
  if (name.empty() || !isNameStart(name[0], colonAllowed)) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char c) {
    return isNameStart(c, colonAllowed) || (c >= '0' && c <= '9');
  });
}

void checkMetricName(const std::string& name) {
  if (!isValidName(name, true)) throw std::invalid_argument("bad metric name '" + name + "'");
}

// Sorted by name, so that the same labels in another order are the same series.
Labels checkedLabels(Labels labels, bool histogram) {
  std::sort(labels.begin(), labels.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& name = labels[i].first;
    if (!isValidName(name, false) || name.rfind("__", 0) == 0)
      throw std::invalid_argument("bad label name '" + name + "'");
    if (histogram && name == "le")
      throw std::invalid_argument("label 'le' is reserved for histogram buckets");
    if (i > 0 && labels[i - 1].first == name)
      throw std::invalid_argument("label '" + name + "' given twice");
  }
  return labels;
}

// The T a series holds; a series read by a function cannot also be updated directly.
template <typename T, typename Instrument>
T& instrumentOf(Instrument& instrument, const std::string& name) {
  if (auto* existing = std::get_if<std::unique_ptr<T>>(&instrument)) return **existing;
  throw std::invalid_argument("metric '" + name + "' with these labels is read by a function");
}

} // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i])) throw std::invalid_argument("histogram bounds must be finite");
    if (i > 0 && bounds_[i] <= bounds_[i - 1])
      throw std::invalid_argument("histogram bounds must increase");
  }
}

void Histogram::observe(double v) {
  // An observation equal to a bound belongs to that bucket ("le"); NaN only to +Inf.
  auto bucket = std::isnan(v) ? bounds_.end() : std::lower_bound(bounds_.begin(), bounds_.end(), v);
  buckets_[static_cast<std::size_t>(bucket - bounds_.begin())].fetch_add(1,
                                                                         std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulativeCounts() const {
  std::vector<std::uint64_t> counts(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    counts[i] = total;
  }
  return counts;
}

MetricsRegistry::Series& MetricsRegistry::series(std::string name, std::string help, Type type,
                                                 Labels labels) {
  checkMetricName(name);
  labels = checkedLabels(std::move(labels), type == Type::Histogram);
  auto found = familyIndex_.find(name);
  if (found == familyIndex_.end()) {
    found = familyIndex_.emplace(name, families_.size()).first;
    families_.push_back(
        Family{.name = std::move(name), .help = std::move(help), .type = type, .series = {}});
  }
  Family& family = families_[found->second];
  if (family.type != type)
    throw std::invalid_argument("metric '" + family.name + "' is registered with another type");
  for (Series& existing : family.series)
    if (existing.labels == labels) return existing;
  family.series.push_back(Series{.labels = std::move(labels), .instrument = std::monostate{}});
  return family.series.back();
}

Counter& MetricsRegistry::counter(std::string name, std::string help, Labels labels) {
  std::lock_guard lock(mutex_);
  Series& s = series(name, std::move(help), Type::Counter, std::move(labels));
  if (std::holds_alternative<std::monostate>(s.instrument))
    s.instrument = std::make_unique<Counter>();
  return instrumentOf<Counter>(s.instrument, name);
}

Gauge& MetricsRegistry::gauge(std::string name, std::string help, Labels labels) {
  std::lock_guard lock(mutex_);
  Series& s = series(name, std::move(help), Type::Gauge, std::move(labels));
  if (std::holds_alternative<std::monostate>(s.instrument))
    s.instrument = std::make_unique<Gauge>();
  return instrumentOf<Gauge>(s.instrument, name);
}

Histogram& MetricsRegistry::histogram(std::string name, std::string help,
                                      std::vector<double> bounds, Labels labels) {
  auto made = std::make_unique<Histogram>(bounds); // checks the bounds before registering
  std::lock_guard lock(mutex_);
  Series& s = series(name, std::move(help), Type::Histogram, std::move(labels));
  if (std::holds_alternative<std::monostate>(s.instrument)) {
    s.instrument = std::move(made);
    return *std::get<std::unique_ptr<Histogram>>(s.instrument);
  }
  Histogram& existing = instrumentOf<Histogram>(s.instrument, name);
  if (existing.bounds() != bounds)
    throw std::invalid_argument("histogram '" + name + "' is registered with other bounds");
  return existing;
}

void MetricsRegistry::gaugeFunction(std::string name, std::string help,
                                    std::function<double()> read, Labels labels) {
  if (!read) throw std::invalid_argument("gauge function '" + name + "' is empty");
  std::lock_guard lock(mutex_);
  Series& s = series(name, std::move(help), Type::Gauge, std::move(labels));
  if (std::holds_alternative<std::unique_ptr<Gauge>>(s.instrument))
    throw std::invalid_argument("gauge '" + name + "' with these labels is already a Gauge");
  s.instrument = std::move(read);
}

void MetricsRegistry::counterFunction(std::string name, std::string help,
                                      std::function<double()> read, Labels labels) {
  if (!read) throw std::invalid_argument("counter function '" + name + "' is empty");
  std::lock_guard lock(mutex_);
  Series& s = series(name, std::move(help), Type::Counter, std::move(labels));
  if (std::holds_alternative<std::unique_ptr<Counter>>(s.instrument))
    throw std::invalid_argument("counter '" + name + "' with these labels is already a Counter");
  s.instrument = std::move(read);
}

} // namespace sb::api::auth

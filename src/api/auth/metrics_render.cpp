// MetricsRegistry::render: the Prometheus text exposition format 0.0.4.
#include "api/auth/metrics.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace sb::api::auth {
namespace {

// Shortest text that reads back as the same double; Prometheus spells the specials.
std::string formatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
  (void)error; // 64 characters hold any double
  return std::string(buffer, end);
}

// HELP text escapes backslash and newline; label values also the double quote.
void appendEscaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quote)
      out += "\\\"";
    else
      out.push_back(c);
  }
}

// One sample line: name{labels[,le="bound"]} value
void appendSample(std::string& out, std::string_view name, const Labels& labels,
                  const std::string* le, const std::string& value) {
  out += name;
  if (!labels.empty() || le != nullptr) {
    out.push_back('{');
    bool first = true;
    for (const auto& [labelName, labelValue] : labels) {
      if (!first) out.push_back(',');
      first = false;
      out += labelName;
      out += "=\"";
      appendEscaped(out, labelValue, true);
      out.push_back('"');
    }
    if (le != nullptr) {
      if (!first) out.push_back(',');
      out += "le=\"" + *le + "\"";
    }
    out.push_back('}');
  }
  out.push_back(' ');
  out += value;
  out.push_back('\n');
}

void appendHistogram(std::string& out, const std::string& name, const Labels& labels,
                     const Histogram& histogram) {
  // Counts first, so that the sum is never older than the buckets it goes with.
  std::vector<std::uint64_t> counts = histogram.cumulativeCounts();
  double sum = histogram.sum();
  const std::string bucketName = name + "_bucket";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::string le = i < histogram.bounds().size() ? formatValue(histogram.bounds()[i]) : "+Inf";
    appendSample(out, bucketName, labels, &le, std::to_string(counts[i]));
  }
  appendSample(out, name + "_sum", labels, nullptr, formatValue(sum));
  appendSample(out, name + "_count", labels, nullptr, std::to_string(counts.back()));
}

} // namespace

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const Family& family : families_) {
    out += "# HELP " + family.name + ' ';
    appendEscaped(out, family.help, false);
    out += "\n# TYPE " + family.name + ' ';
    out += family.type == Type::Counter ? "counter"
           : family.type == Type::Gauge ? "gauge"
                                        : "histogram";
    out.push_back('\n');
    for (const Series& s : family.series) {
      const Labels& labels = s.labels;
      if (const auto* c = std::get_if<std::unique_ptr<Counter>>(&s.instrument))
        appendSample(out, family.name, labels, nullptr, std::to_string((*c)->value()));
      else if (const auto* g = std::get_if<std::unique_ptr<Gauge>>(&s.instrument))
        appendSample(out, family.name, labels, nullptr, formatValue((*g)->value()));
      else if (const auto* h = std::get_if<std::unique_ptr<Histogram>>(&s.instrument))
        appendHistogram(out, family.name, labels, **h);
      else if (const auto* read = std::get_if<std::function<double()>>(&s.instrument))
        appendSample(out, family.name, labels, nullptr, formatValue((*read)()));
    }
  }
  return out;
}

} // namespace sb::api::auth

#include "api/auth/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sb::api::auth {
namespace {

TEST(MetricsTest, RendersASmallRegistryExactly) {
  MetricsRegistry registry;
  Counter& inviteOk = registry.counter("sb_sip_requests_total", "SIP requests received.",
                                       {{"method", "INVITE"}, {"result", "ok"}});
  Counter& register401 = registry.counter("sb_sip_requests_total", "SIP requests received.",
                                          {{"result", "rejected"}, {"method", "REGISTER"}});
  registry.gauge("sb_calls_active", "Calls in progress.").set(3);
  Histogram& setup =
      registry.histogram("sb_call_setup_seconds", "Time from INVITE to answer.", {0.5, 1, 2.5});
  registry.gaugeFunction("sb_write_queue_depth", "Writes waiting for the database.",
                         [] { return 7.0; });
  registry.counterFunction("sb_rtp_packets_total", "RTP packets relayed.", [] { return 1e12; },
                           {{"path", "C:\\media \"a\"\nb"}});
  inviteOk.inc();
  inviteOk.inc(4);
  register401.inc();
  setup.observe(0.25);
  setup.observe(1); // a bound belongs to its own bucket
  setup.observe(1.5);
  setup.observe(30);

  EXPECT_EQ(registry.render(), "# HELP sb_sip_requests_total SIP requests received.\n"
                               "# TYPE sb_sip_requests_total counter\n"
                               "sb_sip_requests_total{method=\"INVITE\",result=\"ok\"} 5\n"
                               "sb_sip_requests_total{method=\"REGISTER\",result=\"rejected\"} 1\n"
                               "# HELP sb_calls_active Calls in progress.\n"
                               "# TYPE sb_calls_active gauge\n"
                               "sb_calls_active 3\n"
                               "# HELP sb_call_setup_seconds Time from INVITE to answer.\n"
                               "# TYPE sb_call_setup_seconds histogram\n"
                               "sb_call_setup_seconds_bucket{le=\"0.5\"} 1\n"
                               "sb_call_setup_seconds_bucket{le=\"1\"} 2\n"
                               "sb_call_setup_seconds_bucket{le=\"2.5\"} 3\n"
                               "sb_call_setup_seconds_bucket{le=\"+Inf\"} 4\n"
                               "sb_call_setup_seconds_sum 32.75\n"
                               "sb_call_setup_seconds_count 4\n"
                               "# HELP sb_write_queue_depth Writes waiting for the database.\n"
                               "# TYPE sb_write_queue_depth gauge\n"
                               "sb_write_queue_depth 7\n"
                               "# HELP sb_rtp_packets_total RTP packets relayed.\n"
                               "# TYPE sb_rtp_packets_total counter\n"
                               "sb_rtp_packets_total{path=\"C:\\\\media \\\"a\\\"\\nb\"} 1e+12\n");
}

TEST(MetricsTest, HistogramWithLabelsPutsLeLastAndEscapesHelp) {
  MetricsRegistry registry;
  Histogram& h = registry.histogram("sb_api_request_seconds", "API latency\\by route\nsecond line",
                                    {0.1}, {{"route", "/calls"}});
  h.observe(0.05);
  EXPECT_EQ(registry.render(),
            "# HELP sb_api_request_seconds API latency\\\\by route\\nsecond line\n"
            "# TYPE sb_api_request_seconds histogram\n"
            "sb_api_request_seconds_bucket{route=\"/calls\",le=\"0.1\"} 1\n"
            "sb_api_request_seconds_bucket{route=\"/calls\",le=\"+Inf\"} 1\n"
            "sb_api_request_seconds_sum{route=\"/calls\"} 0.05\n"
            "sb_api_request_seconds_count{route=\"/calls\"} 1\n");
}

TEST(MetricsTest, SameNameAndLabelsGiveTheSameObject) {
  MetricsRegistry registry;
  Counter& a = registry.counter("sb_x_total", "X.", {{"a", "1"}, {"b", "2"}});
  Counter& b = registry.counter("sb_x_total", "X.", {{"b", "2"}, {"a", "1"}});
  Counter& other = registry.counter("sb_x_total", "X.", {{"a", "1"}, {"b", "3"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  EXPECT_EQ(&registry.gauge("sb_g", "G."), &registry.gauge("sb_g", "G."));
  EXPECT_EQ(&registry.histogram("sb_h", "H.", {1, 2}), &registry.histogram("sb_h", "H.", {1, 2}));
}

TEST(MetricsTest, ProgrammingErrorsThrow) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.counter("", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("9lives", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("has-dash", "x"), std::invalid_argument);
  EXPECT_NO_THROW(registry.counter("sb:recorded_rule_total", "x"));
  EXPECT_THROW(registry.counter("sb_ok", "x", {{"bad-label", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("sb_ok", "x", {{"a:b", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("sb_ok", "x", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("sb_ok", "x", {{"a", "1"}, {"a", "2"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("sb_h", "x", {1}, {{"le", "1"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("sb_h2", "x", {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("sb_h3", "x", {1, std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
  registry.counter("sb_typed", "x");
  EXPECT_THROW(registry.gauge("sb_typed", "x"), std::invalid_argument);
  registry.histogram("sb_bounds", "x", {1, 2});
  EXPECT_THROW(registry.histogram("sb_bounds", "x", {1, 3}), std::invalid_argument);
  registry.gaugeFunction("sb_read", "x", [] { return 1.0; });
  EXPECT_THROW(registry.gauge("sb_read", "x"), std::invalid_argument);
  EXPECT_THROW(registry.gaugeFunction("sb_read2", "x", nullptr), std::invalid_argument);
  // A failed registration leaves nothing behind to render.
  EXPECT_EQ(registry.render().find("sb_h2"), std::string::npos);
  EXPECT_EQ(registry.render().find("sb_ok"), std::string::npos);
}

TEST(MetricsTest, RegisteringAFunctionAgainReplacesIt) {
  MetricsRegistry registry;
  registry.gaugeFunction("sb_queue", "Q.", [] { return 1.0; });
  registry.gaugeFunction("sb_queue", "Q.", [] { return 2.0; });
  EXPECT_EQ(registry.render(), "# HELP sb_queue Q.\n# TYPE sb_queue gauge\nsb_queue 2\n");
}

TEST(MetricsTest, GaugeAndSpecialValues) {
  MetricsRegistry registry;
  Gauge& g = registry.gauge("sb_g", "G.");
  g.add(1.5);
  g.add(-0.25);
  EXPECT_DOUBLE_EQ(g.value(), 1.25);
  registry.gaugeFunction("sb_nan", "N.", [] { return std::nan(""); });
  registry.gaugeFunction("sb_inf", "I.", [] { return -std::numeric_limits<double>::infinity(); });
  std::string text = registry.render();
  EXPECT_NE(text.find("sb_g 1.25\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sb_nan NaN\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sb_inf -Inf\n"), std::string::npos) << text;
}

TEST(MetricsTest, ConcurrentIncrementsAreAllCounted) {
  MetricsRegistry registry;
  Counter& c = registry.counter("sb_c_total", "C.");
  Gauge& g = registry.gauge("sb_g", "G.");
  Histogram& h = registry.histogram("sb_h", "H.", {10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10'000; ++i) {
        c.inc();
        g.add(1);
        h.observe(i % 20);
      }
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(c.value(), 40'000u);
  EXPECT_DOUBLE_EQ(g.value(), 40'000);
  EXPECT_EQ(h.cumulativeCounts(), (std::vector<std::uint64_t>{22'000, 40'000}));
}

} // namespace
} // namespace sb::api::auth

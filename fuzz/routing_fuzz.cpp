// libFuzzer target for what admins type into routing: group filters (Filter::parse, then
// matching against attributes built from the same bytes) and call-flow steps
// (parseSteps over the input read as JSON, then toJson and parse again must agree).
#include "routing/filter.hpp"
#include "routing/model.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto filter = sb::routing::Filter::parse(text); filter.ok()) {
    auto again = sb::routing::Filter::parse(filter->text());
    if (!again.ok()) std::abort();
    nlohmann::json attributes = {{"state", std::string(text.substr(0, 8))}, {"score", static_cast<int>(size)},
                                 {"states", {"CA", "NY"}}, {"nested", {{"x", 1}}}};
    (void)filter->matches(attributes, attributes);
    (void)filter->matches(nlohmann::json::object(), nullptr);
  }
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_discarded()) {
    if (auto steps = sb::routing::parseSteps(json); steps.ok()) {
      auto again = sb::routing::parseSteps(sb::routing::toJson(*steps));
      if (!again.ok() || again->size() != steps->size()) std::abort();
    }
    (void)sb::routing::parseSettings(json, "+15550100000");
  }
  return 0;
}

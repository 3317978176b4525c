#include "api/http/router.hpp"

#include <algorithm>
#include <cassert>
#include <optional>

namespace sb::api::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. `path` starts with '/'.
std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool servesMethod(Verb routeMethod, Verb requested) {
  return routeMethod == requested || (requested == Verb::head && routeMethod == Verb::get);
}

} // namespace

void Router::add(Verb method, std::string pattern, Access access, Handler handler,
                 std::string summary) {
  assert(!pattern.empty() && pattern.front() == '/' && "a route pattern starts with '/'");
  std::vector<Segment> segments;
  for (std::string_view part : splitPath(pattern)) {
    const bool parameter = part.size() > 2 && part.front() == '{' && part.back() == '}';
    if (parameter) part = part.substr(1, part.size() - 2);
    segments.push_back(Segment{std::string(part), parameter});
  }
  routes_.push_back(
      Route{method, std::move(pattern), access, std::move(handler), std::move(summary), 0});
  segments_.push_back(std::move(segments));
}

bool Router::matches(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path,
                     std::map<std::string, std::string, std::less<>>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const Segment& segment = pattern[i];
    if (segment.parameter ? path[i].empty() : segment.text != path[i]) return false;
  }
  if (params) {
    params->clear();
    for (std::size_t i = 0; i < pattern.size(); ++i)
      if (pattern[i].parameter) (*params)[pattern[i].text] = std::string(path[i]);
  }
  return true;
}

bool Router::moreSpecific(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (a[i].parameter != b[i].parameter) return !a[i].parameter;
  return false;
}

common::Result<Router::Match> Router::match(Verb method, std::string_view path) const {
  if (path.empty() || path.front() != '/') return common::makeError("no such path", 404);
  const auto parts = splitPath(path);
  std::optional<std::size_t> best;
  bool pathKnown = false;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(segments_[i], parts, nullptr)) continue;
    pathKnown = true;
    if (!servesMethod(routes_[i].method, method)) continue;
    // An explicit HEAD route is preferred to the GET route that also answers HEAD.
    const bool better = !best || moreSpecific(segments_[i], segments_[*best]) ||
                        (!moreSpecific(segments_[*best], segments_[i]) &&
                         routes_[i].method == method && routes_[*best].method != method);
    if (better) best = i;
  }
  if (!best) {
    if (!pathKnown) return common::makeError("no such path: " + std::string(path), 404);
    std::string allowed;
    for (const auto& name : allowedMethods(path))
      allowed += (allowed.empty() ? "" : ", ") + name;
    return common::makeError("method not allowed here; allowed: " + allowed, 405);
  }
  Match found;
  found.route = &routes_[*best];
  matches(segments_[*best], parts, &found.params);
  return found;
}

void Router::limitBody(Verb method, std::string_view pattern, std::size_t bytes) {
  const auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& route) {
    return route.method == method && route.pattern == pattern;
  });
  assert(it != routes_.end() && "limitBody names a route that was added");
  if (it != routes_.end()) it->maxBodyBytes = bytes;
}

std::optional<std::size_t> Router::bodyLimit(Verb method, std::string_view path) const {
  auto found = match(method, path);
  if (!found || found->route->maxBodyBytes == 0) return std::nullopt;
  return found->route->maxBodyBytes;
}

std::vector<std::string> Router::allowedMethods(std::string_view path) const {
  std::vector<std::string> methods;
  if (path.empty() || path.front() != '/') return methods;
  const auto parts = splitPath(path);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(segments_[i], parts, nullptr)) continue;
    methods.emplace_back(boost::beast::http::to_string(routes_[i].method));
    if (routes_[i].method == Verb::get) methods.emplace_back("HEAD");
  }
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  return methods;
}

} // namespace sb::api::http

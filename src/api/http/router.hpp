#pragma once
// Maps a method and a decoded path to the route that serves it, with the {name} segments
// of its pattern as parameters. The router only carries each route's access level; the
// API layer enforces it.
#include "api/http/message.hpp"
#include "common/result.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::api::http {

enum class Access { Public, User, Admin };

using Handler = std::function<ApiResponse(ApiRequest&)>;

struct Route {
  Verb method = Verb::get;
  std::string pattern;
  Access access = Access::User;
  Handler handler;
  std::string summary;
  std::size_t maxBodyBytes = 0; // 0: the server's limit (HttpServerOptions::maxBodyBytes)
};

class Router {
public:
  // `pattern` like "/api/v1/calls/{id}/recording": literal segments and {name} segments.
  // Add every route before matching: a Match points into the route list.
  void add(Verb method, std::string pattern, Access access, Handler handler,
           std::string summary = "");

  struct Match {
    const Route* route = nullptr; // into routes(); valid while no route is added
    std::map<std::string, std::string, std::less<>> params;
  };

  // 404 (not_found) when no pattern matches; 405 when a pattern matches but not for this
  // method, the message listing the allowed ones (allowedMethods() gives them for an Allow
  // header). HEAD matches GET routes. A literal segment wins over a {param} segment where
  // both match; "/x/" does not match "/x"; a {param} never matches an empty segment.
  common::Result<Match> match(Verb method, std::string_view path) const;

  // The methods some route serves at `path` ("GET", "HEAD", "POST"), sorted; HEAD is
  // listed wherever GET is.
  std::vector<std::string> allowedMethods(std::string_view path) const;

  // Lets the route added as `method` `pattern` take bodies up to `bytes` (an upload), in
  // place of the server's limit. The route must have been added.
  void limitBody(Verb method, std::string_view pattern, std::size_t bytes);
  // The body limit of the route that serves `method` `path`, when it has its own.
  std::optional<std::size_t> bodyLimit(Verb method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

private:
  struct Segment {
    std::string text; // the literal, or the parameter's name
    bool parameter = false;
  };

  // Whether `pattern` matches `path`, filling `params` when it does.
  static bool matches(const std::vector<Segment>& pattern,
                      const std::vector<std::string_view>& path,
                      std::map<std::string, std::string, std::less<>>* params);
  // True when `a` is more specific than `b`: a literal where `b` has a parameter, at the
  // first segment where they differ in kind.
  static bool moreSpecific(const std::vector<Segment>& a, const std::vector<Segment>& b);

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_; // parallel to routes_
};

} // namespace sb::api::http

// The prompts calls play (issue 6), for admins: listed, listened to, replaced by an
// uploaded WAV file (the raw request body) and restored to the built-in one, all live: the
// next call plays the change.
#include "api/prompt_store.hpp"
#include "api/route_support.hpp"
#include "api/routes.hpp"

#include <algorithm>
#include <cctype>

namespace sb::api {

namespace {

using http::Access;
using http::Verb;

json promptJson(const PromptInfo& prompt) {
  return {{"name", prompt.name},
          {"description", prompt.description},
          {"origin", prompt.uploaded ? "uploaded" : "built-in"},
          {"duration_ms", prompt.durationMs},
          {"problem", prompt.problem.empty() ? json(nullptr) : json(prompt.problem)}};
}

common::Result<PromptStore*> storeOf(const ApiContext& context) {
  if (!context.prompts) return common::makeError("this server has no prompts to change", 503);
  return context.prompts;
}

// audio/wav, or one of the older names browsers and recorders still send; parameters after
// ';' do not matter.
bool isWavType(std::string type) {
  type = type.substr(0, type.find(';'));
  std::erase_if(type, [](unsigned char c) { return std::isspace(c) != 0; });
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "audio/wav" || type == "audio/x-wav" || type == "audio/wave";
}

ApiResponse listPrompts(ApiContext& context, ApiRequest& request) {
  SB_API_CHECK(request.query.onlyKnown({}));
  SB_API_TRY(store, storeOf(context));
  json items = json::array();
  for (const auto& prompt : store->list()) items.push_back(promptJson(prompt));
  return ok({{"items", std::move(items)}});
}

ApiResponse promptAudio(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(store, storeOf(context));
  const auto& name = request.param("name");
  SB_API_TRY(wav, store->audioWav(name));
  ApiResponse response;
  response.contentType = "audio/wav";
  response.body = std::move(wav);
  response.headers.emplace_back("Content-Disposition", "inline; filename=\"" + name + ".wav\"");
  return response;
}

ApiResponse uploadPrompt(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(store, storeOf(context));
  const auto& name = request.param("name");
  SB_API_TRY(known, store->find(name));
  if (!isWavType(request.header(boost::beast::http::field::content_type)))
    return http::errorResponse(
        common::makeError("send the WAV file itself as the body, with Content-Type audio/wav", 415));
  auto replaced = store->replace(known.name, request.body);
  if (!replaced.ok() && replaced.error().code == 422) {
    // A file that cannot be played: "invalid", as a transfer's or a distribution's body is.
    const auto& error = replaced.error();
    return http::jsonResponse(422, {{"error", {{"code", "invalid"}, {"message", error.message}, {"field", error.field}}}});
  }
  if (!replaced.ok()) return http::errorResponse(replaced.error());
  return ok(promptJson(*replaced));
}

ApiResponse restorePrompt(ApiContext& context, ApiRequest& request) {
  SB_API_TRY(store, storeOf(context));
  SB_API_TRY(restored, store->restore(request.param("name")));
  (void)restored;
  return noContent();
}

} // namespace

void addPromptRoutes(http::Router& router, ApiContext& context) {
  auto bind = [&context](RouteFn fn) { return bound(context, fn); };
  router.add(Verb::get, "/api/v1/prompts", Access::Admin, bind(listPrompts), "The prompts calls play");
  router.add(Verb::get, "/api/v1/prompts/{name}/audio", Access::Admin, bind(promptAudio),
             "A prompt as calls hear it (8 kHz WAV)");
  router.add(Verb::put, "/api/v1/prompts/{name}", Access::Admin, bind(uploadPrompt),
             "Replace a prompt with an uploaded WAV");
  router.limitBody(Verb::put, "/api/v1/prompts/{name}", kMaxPromptUploadBytes);
  router.add(Verb::delete_, "/api/v1/prompts/{name}", Access::Admin, bind(restorePrompt),
             "Play the built-in prompt again");
}

} // namespace sb::api

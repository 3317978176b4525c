// /api/v1/prompts: listing, listening, uploading and restoring, over the real prompt library
// and the server's PromptUploads writing real files in a temporary directory.
#include "unit/api/api_fixture.hpp"

#include "api/http/http_server.hpp"
#include "audio/wav_file.hpp"
#include "prompts/prompt_library.hpp"
#include "server/prompt_uploads.hpp"
#include "unit/api/http/test_client.hpp"
#include "unit/audio/signal.hpp"
#include "unit/audio/temp_dir.hpp"
#include "unit/prompts/test_audio.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace sb::api::testing {
namespace {

using http::Verb;
namespace pt = prompts::test;

constexpr const char* kGreeting = "/api/v1/prompts/voicemail_greeting";

// A 16-bit stereo WAV at 16 kHz, `seconds` long: `hz` on both channels.
std::string stereoWav(double hz, double seconds) {
  const auto mono = pt::toPcm16(pt::sine(hz, 8000, 16000, seconds));
  std::vector<std::int16_t> interleaved;
  for (auto sample : mono) interleaved.insert(interleaved.end(), {sample, sample});
  const auto bytes = pt::wavBytes(pt::WavSpec{1, 2, 16000, 16}, pt::pcm16Bytes(interleaved));
  return {bytes.begin(), bytes.end()};
}

std::vector<std::string> filesIn(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::string readAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PromptRoutesTest : public ::testing::Test {
protected:
  http::ApiResponse put(const std::string& target, const std::string& body, const std::string& type = "audio/wav",
                        const std::string& token = kAdminToken) {
    http::ApiRequest request;
    request.method = Verb::put;
    request.target = request.path = target;
    request.headers.set(boost::beast::http::field::authorization, "Bearer " + token);
    if (!type.empty()) request.headers.set(boost::beast::http::field::content_type, type);
    request.body = body;
    return api.service->handle(request);
  }

  // The 8 kHz samples of a WAV the API served, after checking its format.
  std::vector<std::int16_t> samplesOf(const http::ApiResponse& response) {
    EXPECT_EQ(response.contentType, "audio/wav");
    const auto file = dir.path() / "served.wav.check";
    std::ofstream(file, std::ios::binary) << response.body;
    auto info = audio::readWavInfo(file);
    std::filesystem::remove(file);
    if (!info) {
      ADD_FAILURE() << info.error().message;
      return {};
    }
    EXPECT_EQ(info->format, 1);
    EXPECT_EQ(info->channels, 1);
    EXPECT_EQ(info->sampleRate, 8000u);
    EXPECT_EQ(info->bitsPerSample, 16);
    EXPECT_EQ(info->dataOffset + info->declaredDataBytes, response.body.size());
    std::vector<std::int16_t> samples(info->declaredDataBytes / 2);
    std::memcpy(samples.data(), response.body.data() + info->dataOffset, samples.size() * 2);
    return samples;
  }

  audio::test::TempDir dir;
  prompts::PromptLibrary library{dir.path() / "prompts"};
  server::PromptUploads uploads{library};
  ApiFixture api{&uploads};
  const std::filesystem::path uploaded = dir.path() / "prompts" / "voicemail_greeting.wav";
};

TEST_F(PromptRoutesTest, ListsEveryPromptTheLibraryHasAsBuiltIn) {
  auto response = api.call(Verb::get, "/api/v1/prompts");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto items = api.json(response)["items"];
  ASSERT_EQ(items.size(), library.names().size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    SCOPED_TRACE(library.names()[i]);
    EXPECT_EQ(items[i]["name"], library.names()[i]);
    EXPECT_EQ(items[i]["origin"], "built-in");
    EXPECT_EQ(items[i]["duration_ms"], library.get(library.names()[i])->size() / 8);
    EXPECT_GT(items[i]["duration_ms"].get<int>(), 300);
    EXPECT_TRUE(items[i]["problem"].is_null());
    EXPECT_FALSE(items[i]["description"].get<std::string>().empty());
  }
}

TEST_F(PromptRoutesTest, AudioIsThePromptAsAn8kHzWav) {
  auto response = api.call(Verb::get, std::string(kGreeting) + "/audio");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(samplesOf(response), *library.get("voicemail_greeting"));
}

TEST_F(PromptRoutesTest, AnUploadIsWrittenPlayedAndServed) {
  const std::string wav = stereoWav(440, 1.5);
  auto response = put(kGreeting, wav, "audio/x-wav; name=greeting.wav");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = api.json(response);
  EXPECT_EQ(body["name"], "voicemail_greeting");
  EXPECT_EQ(body["origin"], "uploaded");
  EXPECT_NEAR(body["duration_ms"].get<int>(), 1500, 5);
  EXPECT_TRUE(body["problem"].is_null());

  EXPECT_EQ(readAll(uploaded), wav);
  EXPECT_EQ(filesIn(uploaded.parent_path()), std::vector<std::string>{"voicemail_greeting.wav"});
  EXPECT_EQ(library.origin("voicemail_greeting"), prompts::PromptOrigin::Override);

  const auto samples = samplesOf(api.call(Verb::get, std::string(kGreeting) + "/audio"));
  EXPECT_NEAR(static_cast<double>(samples.size()), 12000, 10);
  EXPECT_GT(audio::test::toneAmplitude(samples, 440), 4000);
  auto listed = api.json(api.call(Verb::get, "/api/v1/prompts"))["items"];
  for (const auto& item : listed)
    EXPECT_EQ(item["origin"], item["name"] == "voicemail_greeting" ? "uploaded" : "built-in") << item["name"];
}

TEST_F(PromptRoutesTest, AFileTheReaderRefusesIs422AndChangesNothing) {
  ASSERT_EQ(put(kGreeting, stereoWav(300, 1)).status, 200);
  const std::string before = readAll(uploaded);
  const auto floats = pt::wavBytes(pt::WavSpec{3, 1, 8000, 32}, std::vector<std::uint8_t>(4000, 0));
  const std::string good = stereoWav(440, 1);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"float", std::string(floats.begin(), floats.end())},
      {"truncated", good.substr(0, 30)},
      {"no samples", good.substr(0, good.size() - 64000)},
      {"empty", ""}};
  for (const auto& [what, bytes] : refused) {
    SCOPED_TRACE(what);
    auto response = put(kGreeting, bytes);
    ASSERT_EQ(response.status, 422) << response.body;
    auto error = api.json(response)["error"];
    EXPECT_EQ(error["code"], "invalid");
    EXPECT_EQ(error["field"], "audio");
    EXPECT_FALSE(error["message"].get<std::string>().empty());
    EXPECT_EQ(error["message"].get<std::string>().find(dir.path().string()), std::string::npos);
    EXPECT_EQ(filesIn(uploaded.parent_path()), std::vector<std::string>{"voicemail_greeting.wav"});
    EXPECT_EQ(readAll(uploaded), before);
  }
  auto floatError = api.json(put(kGreeting, refused[0].second))["error"]["message"].get<std::string>();
  EXPECT_NE(floatError.find("32-bit float"), std::string::npos) << floatError;
}

TEST_F(PromptRoutesTest, OnlyWavContentTypesAreTaken) {
  for (const char* type : {"application/octet-stream", "audio/mpeg", ""}) {
    SCOPED_TRACE(type);
    auto response = put(kGreeting, stereoWav(440, 0.5), type);
    EXPECT_EQ(response.status, 415);
    EXPECT_EQ(api.json(response)["error"]["code"], "unsupported_media_type");
  }
  EXPECT_TRUE(filesIn(dir.path() / "prompts").empty());
  EXPECT_EQ(put(kGreeting, stereoWav(440, 0.5), "Audio/WAVE").status, 200);
}

TEST_F(PromptRoutesTest, DeleteRestoresTheBuiltInPrompt) {
  ASSERT_EQ(put(kGreeting, stereoWav(440, 1)).status, 200);
  auto removed = api.call(Verb::delete_, kGreeting);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_FALSE(std::filesystem::exists(uploaded));
  EXPECT_EQ(library.origin("voicemail_greeting"), prompts::PromptOrigin::BuiltIn);
  EXPECT_EQ(samplesOf(api.call(Verb::get, std::string(kGreeting) + "/audio")), *library.get("voicemail_greeting"));
  auto again = api.call(Verb::delete_, kGreeting);
  EXPECT_EQ(again.status, 404);
}

TEST_F(PromptRoutesTest, AnUnusableFileOnDiskIsListedWithWhy) {
  std::filesystem::create_directories(uploaded.parent_path());
  std::ofstream(uploaded, std::ios::binary) << "ID3 not a wav";
  (void)library.reload();
  auto items = api.json(api.call(Verb::get, "/api/v1/prompts"))["items"];
  const auto greeting = std::find_if(items.begin(), items.end(), [](const auto& i) { return i["name"] == "voicemail_greeting"; });
  ASSERT_NE(greeting, items.end());
  EXPECT_EQ((*greeting)["origin"], "built-in");
  EXPECT_EQ((*greeting)["problem"], "not a WAV file");
  EXPECT_EQ(api.call(Verb::delete_, kGreeting).status, 204); // the unusable file goes
  EXPECT_FALSE(std::filesystem::exists(uploaded));
}

TEST_F(PromptRoutesTest, UnknownNamesAre404) {
  EXPECT_EQ(api.call(Verb::get, "/api/v1/prompts/press_nine/audio").status, 404);
  EXPECT_EQ(put("/api/v1/prompts/press_nine", stereoWav(440, 0.5)).status, 404);
  EXPECT_EQ(put("/api/v1/prompts/..%2Fevil", stereoWav(440, 0.5)).status, 404);
  EXPECT_EQ(api.call(Verb::delete_, "/api/v1/prompts/press_nine").status, 404);
  EXPECT_TRUE(filesIn(dir.path() / "prompts").empty());
}

TEST_F(PromptRoutesTest, AgentsMayNotListenOrChange) {
  const auto agent = api.userWithSession("agent@example.com", store::Role::Agent);
  EXPECT_EQ(api.call(Verb::get, "/api/v1/prompts", "", agent).status, 403);
  EXPECT_EQ(api.call(Verb::get, std::string(kGreeting) + "/audio", "", agent).status, 403);
  EXPECT_EQ(put(kGreeting, stereoWav(440, 0.5), "audio/wav", agent).status, 403);
  EXPECT_EQ(api.call(Verb::delete_, kGreeting, "", agent).status, 403);
  EXPECT_FALSE(std::filesystem::exists(uploaded));
}

// Over HTTP: the upload route takes more than the server's 1 MiB, up to its own limit.
TEST_F(PromptRoutesTest, TheUploadRouteHasItsOwnBodyLimit) {
  using namespace http::testing;
  http::HttpServerOptions options;
  options.port = 0;
  options.bodyLimitFor = [this](Verb method, std::string_view path) { return api.service->bodyLimit(method, path); };
  http::HttpServer server(options, [this](http::ApiRequest& request) { return api.service->handle(request); }, {});
  ASSERT_FALSE(server.start().has_value());

  const std::string big = stereoWav(440, 20); // 1.28 MB
  ASSERT_GT(big.size(), options.maxBodyBytes);
  auto send = [&](Verb method, const std::string& target, const std::string& body) {
    Client client(server.boundPort());
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::authorization, std::string("Bearer ") + kAdminToken);
    request.set(bhttp::field::content_type, "audio/wav");
    request.body() = body;
    EXPECT_TRUE(client.write(std::move(request)));
    auto response = client.read();
    return response ? response->result_int() : 0;
  };
  EXPECT_EQ(send(Verb::put, kGreeting, big), 200);
  EXPECT_EQ(send(Verb::post, "/api/v1/leads", big), 413);

  Client client(server.boundPort());
  ASSERT_TRUE(client.writeRaw(std::string("PUT ") + kGreeting + " HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n" +
                              "Content-Length: " + std::to_string(kMaxPromptUploadBytes + 1) + "\r\n\r\n"));
  auto tooLarge = client.read();
  ASSERT_TRUE(tooLarge.has_value()) << client.error.message();
  EXPECT_EQ(tooLarge->result_int(), 413);
  EXPECT_EQ(jsonBody(*tooLarge)["error"]["code"], "too_large");
  server.stop();
}

} // namespace
} // namespace sb::api::testing

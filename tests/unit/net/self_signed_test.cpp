#include "net/self_signed.hpp"
#include "net/tls_context.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::net {
namespace {

class SelfSignedTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "sb_net_XXXXXX";
    dir_ = ::mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

TEST_F(SelfSignedTest, WritesPemFilesAServerContextAccepts) {
  ASSERT_FALSE(writeSelfSignedCertificate(path("cert.pem"), path("key.pem")).has_value());
  std::ifstream cert(path("cert.pem"));
  std::stringstream text;
  text << cert.rdbuf();
  EXPECT_EQ(text.str().rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  auto context = makeServerTlsContext(path("cert.pem"), path("key.pem"));
  EXPECT_TRUE(context.ok()) << (context.ok() ? "" : context.error().message);
}

TEST_F(SelfSignedTest, PrivateKeyIsReadableByOwnerOnly) {
  ASSERT_FALSE(writeSelfSignedCertificate(path("cert.pem"), path("key.pem")).has_value());
  const auto perms = std::filesystem::status(path("key.pem")).permissions();
  using std::filesystem::perms;
  EXPECT_EQ(perms & (perms::group_all | perms::others_all), perms::none);
}

TEST_F(SelfSignedTest, MismatchedKeyIsRefused) {
  ASSERT_FALSE(writeSelfSignedCertificate(path("a.pem"), path("a.key")).has_value());
  ASSERT_FALSE(writeSelfSignedCertificate(path("b.pem"), path("b.key")).has_value());
  auto context = makeServerTlsContext(path("a.pem"), path("b.key"));
  ASSERT_FALSE(context.ok());
  EXPECT_NE(context.error().message.find("b.key"), std::string::npos) << context.error().message;
}

TEST_F(SelfSignedTest, UnwritableDirectoryIsAnError) {
  auto error = writeSelfSignedCertificate(path("missing/cert.pem"), path("missing/key.pem"));
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("missing"), std::string::npos);
}

TEST_F(SelfSignedTest, MissingFilesNameTheFile) {
  auto context = makeServerTlsContext(path("none.pem"), path("none.key"));
  ASSERT_FALSE(context.ok());
  EXPECT_NE(context.error().message.find("none.pem"), std::string::npos);
}

} // namespace
} // namespace sb::net

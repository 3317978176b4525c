#pragma once
// Logging goes through spdlog; modules log with these macros so the level check is cheap.
#include <spdlog/spdlog.h>
#include <string_view>

namespace sb::common {
// Sets the process-wide level from "trace|debug|info|warn|error|off"; returns false if unknown.
bool setLogLevel(std::string_view level);
} // namespace sb::common

#define SB_LOG_TRACE(...) SPDLOG_TRACE(__VA_ARGS__)
#define SB_LOG_DEBUG(...) ::spdlog::debug(__VA_ARGS__)
#define SB_LOG_INFO(...) ::spdlog::info(__VA_ARGS__)
#define SB_LOG_WARN(...) ::spdlog::warn(__VA_ARGS__)
#define SB_LOG_ERROR(...) ::spdlog::error(__VA_ARGS__)

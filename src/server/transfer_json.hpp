#pragma once
// a transfer's target as the API and the events show it (the same object in the
// 202, call.transfer_started and call.transfer_failed).
#include "calls/ports.hpp"

#include <nlohmann/json.hpp>

namespace sb::server {

inline nlohmann::json transferTargetJson(const calls::TransferTarget& target) {
  const bool number = target.kind == calls::TransferTarget::Kind::Number;
  return {{"kind", calls::toString(target.kind)},
          {"id", number ? nlohmann::json(nullptr) : nlohmann::json(target.id)},
          {"number", number ? nlohmann::json(target.number) : nlohmann::json(nullptr)},
          {"name", target.name}};
}

} // namespace sb::server

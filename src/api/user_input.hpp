#pragma once
// Reading users and devices from API bodies: every field checked and named when wrong.
#include "api/http/json_input.hpp"
#include "store/records.hpp"

#include <optional>
#include <string>

namespace sb::api {

// Applies the fields present in `body` to `user` (create and PATCH alike). `password`
// receives a new password when one is given (hashing is the caller's). Fields an agent may
// not change on themselves (role, email, cool-down, attributes) are a 403 when `asAdmin`
// is false.
std::optional<common::Error> applyUserFields(const nlohmann::json& body, store::User& user,
                                             std::optional<std::string>& password, bool asAdmin,
                                             std::string_view defaultCountry);

// An E.164 number from what a person typed ("(555) 010-0001" with the default country),
// 400 naming `field` when it is not one; empty stays empty.
common::Result<std::string> phoneField(std::string_view field, const std::string& typed,
                                       std::string_view defaultCountry);

} // namespace sb::api

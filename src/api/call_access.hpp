#pragma once
// Who may see and act on a call, shared by the call routes (routes_calls.cpp) and the
// transfer routes (routes_transfer.cpp).
#include "api/api_context.hpp"
#include "api/http/message.hpp"
#include "api/http/router.hpp"

namespace sb::api {

// The call named by the {id} parameter if the caller may see it: admins every call, agents
// the calls answered by them or offered to them (others are "not found", so that ids
// reveal nothing).
common::Result<store::CallDetail> visibleCall(ApiContext& context, const http::ApiRequest& request);

// The transfer routes (POST and DELETE /calls/{id}/transfer), added by addCallRoutes.
void addTransferRoutes(http::Router& router, ApiContext& context);

} // namespace sb::api

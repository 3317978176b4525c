#pragma once
// The API's routes, one function per resource family; api_service.cpp calls them all.
#include "api/api_context.hpp"
#include "api/http/router.hpp"

namespace sb::api {

void addCallRoutes(http::Router& router, ApiContext& context);       // calls, recordings, call control
void addPeopleRoutes(http::Router& router, ApiContext& context);     // users, devices, availability
void addSessionRoutes(http::Router& router, ApiContext& context);    // login, logout, me, tokens
void addSoftphoneRoutes(http::Router& router, ApiContext& context);  // the browser softphone's SIP account
void addLeadRoutes(http::Router& router, ApiContext& context);       // leads
void addLeadExceptionRoutes(http::Router& router, ApiContext& context); // lead exceptions
void addSetupRoutes(http::Router& router, ApiContext& context);      // numbers, call flows, groups, settings
void addFollowUpRoutes(http::Router& router, ApiContext& context);   // follow-ups, voicemails
void addWebhookRoutes(http::Router& router, ApiContext& context);    // webhooks and deliveries
void addPromptRoutes(http::Router& router, ApiContext& context);     // prompts: list, listen, upload, restore
void addOperationsRoutes(http::Router& router, ApiContext& context, std::string openapi); // health, metrics, spec

} // namespace sb::api

#pragma once
// docs/openapi.yaml, embedded at build time and served at /api/v1/openapi.yaml.

namespace sb::api {

const char* openapiDocument();

} // namespace sb::api

#pragma once
// The header row of a lead import file: which column holds which field of a lead.
// Names compare case-insensitively with spaces and underscores equal ("Owner Email" is
// owner_email). Any number of phone columns (phone, phone2, mobile, work_phone, ...);
// every other named column becomes a lead attribute; a column with no name is ignored.
#include "common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sb::api::auth {

enum class LeadField {
  Name,
  Company,
  Title,
  Email,
  Phone,
  OwnerEmail,
  Status,
  CrmUrl,
  Attribute,
  Ignored
};

struct LeadColumn {
  LeadField field = LeadField::Ignored;
  std::string header; // as written (trimmed), for error messages
  std::string key;    // normalized: the attribute name for LeadField::Attribute
};

// Trimmed, lowercase ASCII, spaces as underscores.
std::string normalizeColumnName(std::string_view header);

// One LeadColumn per header field. Errors (400): the same column twice (phone columns
// excepted), or neither a name nor a phone column.
common::Result<std::vector<LeadColumn>> readLeadColumns(const std::vector<std::string>& header);

// `text` without leading and trailing spaces and tabs.
std::string_view trimBlanks(std::string_view text);

} // namespace sb::api::auth

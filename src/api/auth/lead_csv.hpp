#pragma once
// Reading a CSV file of leads (`switchboard lead import FILE.csv`): the first row names
// the columns (lead_columns.hpp), each further row is a lead. Rows that cannot be a lead
// are rejected with the reason and the rest kept; a problem with the file as a whole is
// an error for all of it.
#include "common/result.hpp"
#include "store/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::api::auth {

struct ImportedLead {
  store::Lead lead; // phones in E.164, each once; id and createdAt left for the store
  std::optional<std::string> ownerEmail; // the owner_email column, for the caller to resolve
  int line = 0;                          // where the row starts in the file
};

struct RejectedRow {
  int line = 0;
  std::string reason; // names the column: "phone: '12' is not a phone number"
};

struct LeadImport {
  std::vector<ImportedLead> leads;
  std::vector<RejectedRow> rejected;
};

inline constexpr int kMaxLeadImportRows = 100'000;

// `defaultCountry` (a calling code or ISO code, as the organization's default_country)
// completes national phone numbers. A row needs a name or a phone; an email or owner
// email must look like one; a crm_url must be http(s); a phone already on an earlier row
// of the file rejects the later row. Errors (400): an unknown default country, text that
// is not UTF-8, an empty file, a bad header (lead_columns.hpp), a quoted field left open,
// text after a closing quote, more than kMaxLeadImportRows rows.
common::Result<LeadImport> parseLeadCsv(std::string_view text, std::string_view defaultCountry);

// True for "someone@example.com": one '@', a local part, a dotted domain, no spaces.
bool looksLikeEmail(std::string_view text);

} // namespace sb::api::auth

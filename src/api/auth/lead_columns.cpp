#include "api/auth/lead_columns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

namespace sb::api::auth {
namespace {

constexpr std::array<std::pair<std::string_view, LeadField>, 9> kKnownColumns{{
    {"name", LeadField::Name},
    {"company", LeadField::Company},
    {"title", LeadField::Title},
    {"email", LeadField::Email},
    {"owner_email", LeadField::OwnerEmail},
    {"owner", LeadField::OwnerEmail},
    {"status", LeadField::Status},
    {"crm_url", LeadField::CrmUrl},
    {"crm_link", LeadField::CrmUrl},
}};

// Phone columns, each also with a number after it ("phone2", "mobile_2").
constexpr std::array<std::string_view, 16> kPhoneColumns{
    "phone",      "phones",       "phone_number",  "phone_numbers", "telephone",  "tel",
    "mobile",     "mobile_phone", "mobile_number", "cell",          "cell_phone", "work_phone",
    "home_phone", "office_phone", "direct_phone",  "other_phone",
};

bool isPhoneColumn(std::string_view key) {
  while (!key.empty() && std::isdigit(static_cast<unsigned char>(key.back())))
    key.remove_suffix(1);
  if (!key.empty() && key.back() == '_') key.remove_suffix(1);
  return std::find(kPhoneColumns.begin(), kPhoneColumns.end(), key) != kPhoneColumns.end();
}

LeadField fieldOf(const std::string& key) {
  if (key.empty()) return LeadField::Ignored;
  for (const auto& [name, field] : kKnownColumns)
    if (key == name) return field;
  if (isPhoneColumn(key)) return LeadField::Phone;
  return LeadField::Attribute;
}

} // namespace

std::string_view trimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::string normalizeColumnName(std::string_view header) {
  std::string key;
  for (char c : trimBlanks(header))
    key.push_back(c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return key;
}

common::Result<std::vector<LeadColumn>> readLeadColumns(const std::vector<std::string>& header) {
  std::vector<LeadColumn> columns;
  std::set<std::string> seen;
  bool hasName = false;
  bool hasPhone = false;
  for (const std::string& text : header) {
    LeadColumn column{.field = LeadField::Ignored,
                      .header = std::string(trimBlanks(text)),
                      .key = normalizeColumnName(text)};
    column.field = fieldOf(column.key);
    hasName = hasName || column.field == LeadField::Name;
    hasPhone = hasPhone || column.field == LeadField::Phone;
    bool repeatable = column.field == LeadField::Phone || column.field == LeadField::Ignored;
    // "owner" and "owner_email" are one field: the key that counts is the field's.
    std::string identity = column.field == LeadField::Attribute
                               ? "attribute " + column.key
                               : "field " + std::to_string(static_cast<int>(column.field));
    if (!repeatable && !seen.insert(identity).second)
      return common::makeError("line 1: column '" + column.header + "' appears twice", 400);
    columns.push_back(std::move(column));
  }
  if (!hasName && !hasPhone)
    return common::makeError("line 1: the header has neither a 'name' nor a 'phone' column", 400);
  return columns;
}

} // namespace sb::api::auth

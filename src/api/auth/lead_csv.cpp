#include "api/auth/lead_csv.hpp"

#include "api/auth/csv.hpp"
#include "api/auth/lead_columns.hpp"
#include "api/auth/utf8.hpp"
#include "common/e164.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace sb::api::auth {
namespace {

constexpr std::size_t kMaxQuotedBytes = 80;

// `raw` in quotes for a reason, cut (on a character boundary) if long.
std::string quoted(std::string_view raw) {
  if (raw.size() > kMaxQuotedBytes) {
    std::size_t cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80)
      --cut;
    return "'" + std::string(raw.substr(0, cut)) + "...'";
  }
  return "'" + std::string(raw) + "'";
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

bool looksLikeWebUrl(std::string_view text) {
  bool scheme = startsWithIgnoreCase(text, "https://") || startsWithIgnoreCase(text, "http://");
  return scheme && text.find("://") + 3 < text.size() &&
         std::none_of(text.begin(), text.end(), [](char c) {
           return std::isspace(static_cast<unsigned char>(c)) ||
                  std::iscntrl(static_cast<unsigned char>(c));
         });
}

// Adds the phones of one cell ("555-0100; 555-0101"); the reason if one is not a phone.
std::optional<std::string> addPhones(std::string_view cell, const LeadColumn& column,
                                     const std::string& callingCode,
                                     std::vector<std::string>& phones) {
  while (!cell.empty()) {
    std::size_t end = std::min(cell.find(';'), cell.size());
    std::string_view raw = trimBlanks(cell.substr(0, end));
    cell.remove_prefix(std::min(end + 1, cell.size()));
    if (raw.empty()) continue;
    auto e164 = common::toE164(raw, callingCode);
    if (!e164) return column.header + ": " + quoted(raw) + " is not a phone number";
    phones.push_back(std::move(*e164));
  }
  return std::nullopt;
}

// Sets the lead's field for one non-empty cell; the reason if the value cannot be used.
std::optional<std::string> setField(ImportedLead& out, const LeadColumn& column,
                                    std::string_view value, const std::string& callingCode) {
  store::Lead& lead = out.lead;
  switch (column.field) {
  case LeadField::Name:
    lead.name = value;
    break;
  case LeadField::Company:
    lead.company = value;
    break;
  case LeadField::Title:
    lead.title = value;
    break;
  case LeadField::Status:
    lead.status = value;
    break;
  case LeadField::Attribute:
    lead.attributes[column.key] = std::string(value);
    break;
  case LeadField::Ignored:
    break;
  case LeadField::Phone:
    return addPhones(value, column, callingCode, lead.phones);
  case LeadField::Email:
  case LeadField::OwnerEmail:
    if (!looksLikeEmail(value))
      return column.header + ": " + quoted(value) + " is not an email address";
    if (column.field == LeadField::Email)
      lead.email = value;
    else
      out.ownerEmail = std::string(value);
    break;
  case LeadField::CrmUrl:
    // It opens in the agent's browser: only web links, never javascript: or data:.
    if (!looksLikeWebUrl(value))
      return column.header + ": " + quoted(value) + " is not an http(s) URL";
    lead.crmUrl = value;
    break;
  }
  return std::nullopt;
}

// The lead of one row; nullopt for a row of empty cells; the reason when rejected.
common::Result<std::optional<ImportedLead>> readRow(const CsvRecord& record,
                                                    const std::vector<LeadColumn>& columns,
                                                    const std::string& callingCode) {
  auto blank = [](const std::string& cell) { return trimBlanks(cell).empty(); };
  if (std::all_of(record.fields.begin(), record.fields.end(), blank))
    return std::optional<ImportedLead>();
  if (record.fields.size() > columns.size() &&
      !std::all_of(record.fields.begin() + static_cast<std::ptrdiff_t>(columns.size()),
                   record.fields.end(), blank)) {
    return common::makeError("the row has " + std::to_string(record.fields.size()) +
                             " fields; the header has " + std::to_string(columns.size()));
  }
  ImportedLead out{.lead = {}, .ownerEmail = std::nullopt, .line = record.line};
  std::size_t count = std::min(record.fields.size(), columns.size());
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view value = trimBlanks(record.fields[i]);
    if (value.empty()) continue;
    if (auto reason = setField(out, columns[i], value, callingCode))
      return common::makeError(*reason);
  }
  out.lead.phones = store::distinctPhones(out.lead.phones);
  if (out.lead.name.empty() && out.lead.phones.empty())
    return common::makeError("a row needs a name or a phone");
  return std::optional<ImportedLead>(std::move(out));
}

// The line holding byte `offset`, with line breaks counted as the CSV reader counts them.
int lineOfOffset(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    bool crBeforeLf = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if ((text[i] == '\n' || text[i] == '\r') && !crBeforeLf) ++line;
  }
  return line;
}

} // namespace

bool looksLikeEmail(std::string_view text) {
  std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos)
    return false;
  if (text.size() > 254) return false;
  std::string_view domain = text.substr(at + 1);
  bool dotted = domain.find('.') != std::string_view::npos && domain.front() != '.' &&
                domain.back() != '.' && domain.find("..") == std::string_view::npos;
  bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isspace(u) || std::iscntrl(u) ||
           std::string_view("<>()[],;:\\\"").find(c) != std::string_view::npos;
  });
  return dotted && plain;
}

common::Result<LeadImport> parseLeadCsv(std::string_view text, std::string_view defaultCountry) {
  auto callingCode = common::callingCodeOf(defaultCountry);
  if (!callingCode)
    return common::fieldError("default_country",
                              "unknown country '" + std::string(defaultCountry) + "'");
  if (std::size_t bad = firstInvalidUtf8(text); bad != std::string_view::npos)
    return common::makeError(
        "line " + std::to_string(lineOfOffset(text, bad)) + ": the file is not UTF-8 text", 400);
  CsvReader reader(text);
  auto header = reader.next();
  if (!header) return header.error();
  if (!*header)
    return common::makeError("the file is empty: its first row must name the columns", 400);
  auto columns = readLeadColumns((*header)->fields);
  if (!columns) return columns.error();

  LeadImport result;
  std::unordered_map<std::string, int> phoneLines; // each phone of a kept row, and its line
  for (int rows = 0;;) {
    auto record = reader.next();
    if (!record) return record.error();
    if (!*record) break;
    if (++rows > kMaxLeadImportRows)
      return common::makeError("more than " + std::to_string(kMaxLeadImportRows) + " rows", 400);
    auto row = readRow(**record, *columns, *callingCode);
    if (!row) {
      result.rejected.push_back(
          RejectedRow{.line = (*record)->line, .reason = row.error().message});
      continue;
    }
    if (!*row) continue;
    ImportedLead& lead = **row;
    auto taken =
        std::find_if(lead.lead.phones.begin(), lead.lead.phones.end(),
                     [&](const std::string& phone) { return phoneLines.count(phone) > 0; });
    if (taken != lead.lead.phones.end()) {
      result.rejected.push_back(RejectedRow{.line = lead.line,
                                            .reason = "phone " + *taken + ": already on line " +
                                                      std::to_string(phoneLines[*taken])});
      continue;
    }
    for (const std::string& phone : lead.lead.phones)
      phoneLines.emplace(phone, lead.line);
    result.leads.push_back(std::move(lead));
  }
  return result;
}

} // namespace sb::api::auth

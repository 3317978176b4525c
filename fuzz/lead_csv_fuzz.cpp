// libFuzzer target for the CSV lead import: whatever the bytes, parsing must not crash;
// the CSV reader's records must print (every field quoted) to text that reads back to the
// same fields; and an import that succeeds must keep its promises: every lead has a name
// or a phone, its phones are E.164 and in no other lead, and rows come in file order.
#include "api/auth/csv.hpp"
#include "api/auth/lead_csv.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace sb::api::auth;

std::vector<std::vector<std::string>> records(std::string_view text, bool& ok) {
  std::vector<std::vector<std::string>> out;
  CsvReader reader(text);
  for (;;) {
    auto next = reader.next();
    if (!next) {
      ok = false;
      return out;
    }
    if (!*next) break;
    out.push_back(std::move((*next)->fields));
  }
  ok = true;
  return out;
}

std::string printQuoted(const std::vector<std::vector<std::string>>& rows) {
  std::string text;
  for (const auto& fields : rows) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) text.push_back(',');
      text.push_back('"');
      for (char c : fields[i]) {
        if (c == '"') text.push_back('"');
        text.push_back(c);
      }
      text.push_back('"');
    }
    text += "\r\n";
  }
  return text;
}

void checkCsvRoundTrip(std::string_view text) {
  bool ok = false;
  auto first = records(text, ok);
  if (!ok) return;
  bool againOk = false;
  auto again = records(printQuoted(first), againOk);
  if (!againOk || again != first) std::abort();
}

bool isE164(const std::string& phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+') return false;
  for (std::size_t i = 1; i < phone.size(); ++i)
    if (phone[i] < '0' || phone[i] > '9') return false;
  return true;
}

void checkImport(const LeadImport& result) {
  std::set<std::string> phones;
  int lastLine = 1; // the header
  for (const ImportedLead& row : result.leads) {
    if (row.line <= lastLine) std::abort();
    lastLine = row.line;
    if (row.lead.name.empty() && row.lead.phones.empty()) std::abort();
    for (const std::string& phone : row.lead.phones)
      if (!isE164(phone) || !phones.insert(phone).second) std::abort();
  }
  lastLine = 1;
  for (const RejectedRow& row : result.rejected) {
    if (row.line <= lastLine || row.reason.empty()) std::abort();
    lastLine = row.line;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  checkCsvRoundTrip(text);
  for (std::string_view country : {"US", "44"}) {
    auto result = parseLeadCsv(text, country);
    if (result.ok())
      checkImport(*result);
    else if (result.error().message.empty() || result.error().code != 400)
      std::abort();
  }
  return 0;
}

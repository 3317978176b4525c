#include "api/auth/csv.hpp"

namespace sb::api::auth {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool isLineBreak(char c) {
  return c == '\n' || c == '\r';
}
bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

common::Error csvError(int line, const std::string& what) {
  return common::makeError("line " + std::to_string(line) + ": " + what, 400);
}

} // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
}

common::Result<std::optional<CsvRecord>> CsvReader::next() {
  while (pos_ < text_.size()) {
    CsvRecord record{.line = line_, .fields = {}};
    bool quotedSeen = false;
    for (;;) {
      std::size_t fieldStart = pos_;
      skipBlanks();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        auto field = quotedField();
        if (!field) return field.error();
        record.fields.push_back(std::move(field).value());
        quotedSeen = true;
      } else {
        pos_ = fieldStart; // the blanks belong to an unquoted field
        record.fields.push_back(plainField());
      }
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      break;
    }
    skipLineBreak();
    bool blankLine = !quotedSeen && record.fields.size() == 1 && record.fields[0].empty();
    if (!blankLine) return std::optional<CsvRecord>(std::move(record));
  }
  return std::optional<CsvRecord>();
}

common::Result<std::string> CsvReader::quotedField() {
  int startLine = line_;
  ++pos_; // the opening quote
  std::string field;
  for (;;) {
    if (pos_ >= text_.size()) return csvError(startLine, "a quoted field is not closed");
    char c = text_[pos_];
    if (c == '"') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        field.push_back('"');
        pos_ += 2;
        continue;
      }
      ++pos_;
      break;
    }
    // A line break inside the field is kept, and still counts as a line of the file.
    bool crBeforeLf = c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n';
    if (isLineBreak(c) && !crBeforeLf) ++line_;
    field.push_back(c);
    ++pos_;
  }
  skipBlanks();
  if (!atFieldEnd()) return csvError(line_, "text after the closing quote of a field");
  return field;
}

std::string CsvReader::plainField() {
  std::size_t start = pos_;
  while (!atFieldEnd())
    ++pos_;
  return std::string(text_.substr(start, pos_ - start));
}

bool CsvReader::atFieldEnd() const {
  return pos_ >= text_.size() || text_[pos_] == ',' || isLineBreak(text_[pos_]);
}

void CsvReader::skipBlanks() {
  while (pos_ < text_.size() && isBlank(text_[pos_]))
    ++pos_;
}

void CsvReader::skipLineBreak() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

} // namespace sb::api::auth

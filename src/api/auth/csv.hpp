#pragma once
// An RFC 4180 CSV reader, one record at a time: fields separated by commas, quoted fields
// with doubled quotes and line breaks inside, records ended by CRLF, LF or a lone CR.
// Lenient where spreadsheets are: a UTF-8 byte order mark is skipped, blank lines are
// skipped, spaces around a quoted field are ignored and a quote inside an unquoted field
// is kept as text. Strict where the meaning would be a guess: an unterminated quoted
// field, or text after a closing quote, is an error (code 400).
#include "common/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::api::auth {

struct CsvRecord {
  int line = 0; // where the record starts, from 1 (a record may span several lines)
  std::vector<std::string> fields;
};

class CsvReader {
public:
  // `text` must outlive the reader.
  explicit CsvReader(std::string_view text);

  // The next record; nullopt at the end of the text.
  common::Result<std::optional<CsvRecord>> next();

private:
  common::Result<std::string> quotedField();
  std::string plainField();
  bool atFieldEnd() const;
  void skipBlanks();
  void skipLineBreak();

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

} // namespace sb::api::auth

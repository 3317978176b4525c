#include "store/sql_builder.hpp"

#include <utility>

namespace sb::store {

std::string SqlBuilder::param(SqlValue value) {
  sql_.params.push_back(std::move(value));
  if (dialect_ == SqlDialect::Sqlite) return "?";
  return "$" + std::to_string(sql_.params.size());
}

std::string SqlBuilder::list(const std::vector<std::string>& values) {
  std::string out = "(";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ", ";
    out += param(v);
  }
  return out + ")";
}

void SqlBuilder::where(const std::string& condition) {
  conditions_ += conditions_.empty() ? "WHERE " : " AND ";
  conditions_ += condition;
}

SqlTail SqlBuilder::finish(const std::string& rest) {
  sql_.tail = conditions_.empty() ? rest : conditions_ + ' ' + rest;
  return std::move(sql_);
}

} // namespace sb::store

#pragma once
// A distribution group's filter over user and lead attributes, e.g.
//   user.states contains lead.state
//   user.languages contains "es" and lead.score >= 50
//   user.team == "west" or not (lead.source == "web")
//   lead.state in ["CA", "NV"]
// Grammar (keywords are case-insensitive):
//   filter     := or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" unary | "(" or ")" | comparison
//   comparison := operand [op operand]      -- a lone operand is true when truthy
//   op         := == | != | < | <= | > | >= | contains | in
//   operand    := user.<path> | lead.<path> | "string" | 'string' | number | true | false
//               | "[" literal ("," literal)* "]"
// A path is dotted names into the attributes JSON (a numeric part indexes an array).
// Evaluation never fails: a missing or null attribute, or operands of types that do not
// compare, make that comparison false (so `user.x != "a"` is false when x is missing).
// Strings compare exactly (case-sensitive); numbers compare by value.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace sb::routing {

class Filter {
public:
  // An error names the column (1-based) and what was expected there, e.g.
  // "filter: column 13: expected an operand (...), found end of filter".
  static common::Result<Filter> parse(std::string_view text);

  bool matches(const nlohmann::json& userAttributes, const nlohmann::json& leadAttributes) const;
  const std::string& text() const { return text_; }
  // True if the filter reads lead.*: then the caller's lead is needed to evaluate it.
  bool usesLead() const { return usesLead_; }

private:
  friend class FilterParser;
  friend class BoundFilter; // evaluates nodes_ over the board's interned attributes

  enum class Source : std::uint8_t { User, Lead, Literal };
  struct Operand {
    Source source = Source::Literal;
    std::vector<std::string> path; // User / Lead
    nlohmann::json literal;        // Literal
  };
  enum class Op : std::uint8_t { Truthy, Eq, Ne, Lt, Le, Gt, Ge, Contains, In };
  enum class Kind : std::uint8_t { Or, And, Not, Compare };
  // The expression is a flat tree: children are indexes into nodes_, so a Filter is a
  // plain copyable value.
  struct Node {
    Kind kind = Kind::Compare;
    Op op = Op::Truthy;
    std::int32_t left = -1;  // Or, And, Not
    std::int32_t right = -1; // Or, And
    Operand lhs;             // Compare
    Operand rhs;             // Compare (unused for Truthy)
  };

  bool eval(std::int32_t node, const nlohmann::json& user, const nlohmann::json& lead) const;
  static const nlohmann::json* resolve(const Operand& operand, const nlohmann::json& user,
                                       const nlohmann::json& lead);
  static bool compare(Op op, const nlohmann::json* lhs, const nlohmann::json* rhs);

  std::string text_;
  std::vector<Node> nodes_;
  std::int32_t root_ = -1;
  bool usesLead_ = false;
};

} // namespace sb::routing

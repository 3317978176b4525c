// Filter::parse: a recursive-descent parser over a small lexer. The text comes from an
// admin through the API, so every fault is an error with a column, never an exception.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "routing/filter.hpp"

namespace sb::routing {

namespace {

using common::makeError;
using nlohmann::json;

// Deep nesting would otherwise recurse without bound in parse and in eval.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxLength = 4096;

enum class TokenKind {
  End,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Compare,
  Word,
  String,
  Number
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::size_t column = 1; // 1-based
  std::string_view raw;   // as written
  std::string text;       // String: unescaped; Word: lower-cased if a keyword
};

bool isWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool isDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string describe(const Token& t) {
  if (t.kind == TokenKind::End) return "end of filter";
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "'" + std::string(...).
  std::string quoted(1, '\'');
  quoted.append(t.raw);
  quoted.push_back('\'');
  return quoted;
}

} // namespace

class FilterParser {
public:
  explicit FilterParser(std::string_view text) : text_(text) {}

  common::Result<Filter> run() {
    if (text_.size() > kMaxLength) {
      return makeError("filter: longer than " + std::to_string(kMaxLength) + " characters");
    }
    if (!advance()) return *error_;
    auto root = parseOr(0);
    if (!root) return *error_;
    if (current_.kind != TokenKind::End) {
      return fail("'and', 'or' or end of filter");
    }
    filter_.text_ = std::string(text_);
    filter_.root_ = *root;
    return std::move(filter_);
  }

private:
  using Op = Filter::Op;
  using Kind = Filter::Kind;
  using Operand = Filter::Operand;
  using Index = std::optional<std::int32_t>;

  common::Error fail(std::string_view expected) {
    error_ = makeError("filter: column " + std::to_string(current_.column) + ": expected " +
                       std::string(expected) + ", found " + describe(current_));
    return *error_;
  }

  bool isKeyword(std::string_view keyword) const {
    return current_.kind == TokenKind::Word && current_.text == keyword;
  }

  // Reads the next token into current_; false (with error_ set) on a bad character.
  bool advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
    current_ = Token{};
    current_.column = pos_ + 1;
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_];
    if (c == '"' || c == '\'') return lexString(c);
    if (isDigit(c) || (c == '-' && pos_ + 1 < text_.size() && isDigit(text_[pos_ + 1]))) {
      return lexNumber();
    }
    if (isWordStart(c)) return lexWord();
    return lexPunctuation(c);
  }

  bool lexString(char quote) {
    std::size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      current_.text.push_back(text_[pos_++]);
    }
    if (pos_ >= text_.size()) {
      error_ = makeError("filter: column " + std::to_string(start + 1) + ": expected a closing " +
                         std::string(1, quote) + ", found end of filter");
      return false;
    }
    ++pos_;
    current_.kind = TokenKind::String;
    current_.raw = text_.substr(start, pos_ - start);
    return true;
  }

  bool lexNumber() {
    std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && isDigit(text_[pos_]))
      ++pos_;
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && isDigit(text_[pos_ + 1])) {
      ++pos_;
      while (pos_ < text_.size() && isDigit(text_[pos_]))
        ++pos_;
    }
    current_.kind = TokenKind::Number;
    current_.raw = text_.substr(start, pos_ - start);
    return true;
  }

  bool lexWord() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && isWordChar(text_[pos_]))
      ++pos_;
    current_.kind = TokenKind::Word;
    current_.raw = text_.substr(start, pos_ - start);
    std::string low = lower(current_.raw);
    static constexpr std::string_view kKeywords[] = {"and", "or",   "not",  "contains",
                                                     "in",  "true", "false"};
    bool keyword =
        std::find(std::begin(kKeywords), std::end(kKeywords), low) != std::end(kKeywords);
    current_.text = keyword ? low : std::string(current_.raw);
    return true;
  }

  bool lexPunctuation(char c) {
    std::size_t start = pos_;
    char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    TokenKind kind = TokenKind::Compare;
    std::size_t length = 1;
    if (c == '(')
      kind = TokenKind::LParen;
    else if (c == ')')
      kind = TokenKind::RParen;
    else if (c == '[')
      kind = TokenKind::LBracket;
    else if (c == ']')
      kind = TokenKind::RBracket;
    else if (c == ',')
      kind = TokenKind::Comma;
    else if ((c == '=' || c == '!') && n == '=')
      length = 2;
    else if ((c == '<' || c == '>') && n == '=')
      length = 2;
    else if (c != '<' && c != '>') {
      error_ = makeError("filter: column " + std::to_string(start + 1) + ": unexpected '" +
                         std::string(1, c) + "'" + (c == '=' ? " (did you mean '=='?)" : ""));
      return false;
    }
    pos_ += length;
    current_.kind = kind;
    current_.raw = text_.substr(start, length);
    return true;
  }

  std::int32_t add(Filter::Node node) {
    filter_.nodes_.push_back(std::move(node));
    return static_cast<std::int32_t>(filter_.nodes_.size() - 1);
  }

  Index parseOr(int depth) { return parseChain(depth, "or", Kind::Or); }

  Index parseAnd(int depth) { return parseChain(depth, "and", Kind::And); }

  // A left-associative chain of `keyword`: or over ands, and over unaries.
  Index parseChain(int depth, std::string_view keyword, Kind kind) {
    auto next = [&]() { return kind == Kind::Or ? parseAnd(depth) : parseUnary(depth); };
    auto left = next();
    while (left && isKeyword(keyword)) {
      if (!advance()) return std::nullopt;
      auto right = next();
      if (!right) return std::nullopt;
      Filter::Node node;
      node.kind = kind;
      node.left = *left;
      node.right = *right;
      left = add(std::move(node));
    }
    return left;
  }

  Index parseUnary(int depth) {
    if (depth >= kMaxDepth) {
      fail("a shallower expression (at most " + std::to_string(kMaxDepth) + " levels)");
      return std::nullopt;
    }
    if (isKeyword("not")) {
      if (!advance()) return std::nullopt;
      auto inner = parseUnary(depth + 1);
      if (!inner) return std::nullopt;
      Filter::Node node;
      node.kind = Kind::Not;
      node.left = *inner;
      return add(std::move(node));
    }
    if (current_.kind == TokenKind::LParen) {
      if (!advance()) return std::nullopt;
      auto inner = parseOr(depth + 1);
      if (!inner) return std::nullopt;
      if (current_.kind != TokenKind::RParen) {
        fail("'and', 'or' or ')'");
        return std::nullopt;
      }
      if (!advance()) return std::nullopt;
      return inner;
    }
    return parseComparison();
  }

  std::optional<Op> comparisonOp() const {
    if (current_.kind == TokenKind::Compare) {
      static constexpr std::pair<std::string_view, Op> kOps[] = {{"==", Op::Eq}, {"!=", Op::Ne},
                                                                 {"<", Op::Lt},  {"<=", Op::Le},
                                                                 {">", Op::Gt},  {">=", Op::Ge}};
      for (const auto& [raw, op] : kOps) {
        if (current_.raw == raw) return op;
      }
    }
    if (isKeyword("contains")) return Op::Contains;
    if (isKeyword("in")) return Op::In;
    return std::nullopt;
  }

  Index parseComparison() {
    Filter::Node node;
    node.kind = Kind::Compare;
    auto lhs = parseOperand();
    if (!lhs) return std::nullopt;
    node.lhs = std::move(*lhs);
    if (auto op = comparisonOp()) {
      if (!advance()) return std::nullopt;
      auto rhs = parseOperand();
      if (!rhs) return std::nullopt;
      node.op = *op;
      node.rhs = std::move(*rhs);
    }
    return add(std::move(node));
  }

  static constexpr std::string_view kOperandExpected =
      "an operand (user.<attr>, lead.<attr>, a string, a number, true, false or a [list])";

  std::optional<Operand> parseOperand() {
    Operand operand;
    if (current_.kind == TokenKind::LBracket) return parseList();
    if (atLiteral()) {
      auto literal = parseLiteral();
      if (!literal) return std::nullopt;
      operand.literal = std::move(*literal);
      return operand;
    }
    if (current_.kind != TokenKind::Word || isKeyword("and") || isKeyword("or") ||
        isKeyword("not") || isKeyword("contains") || isKeyword("in")) {
      fail(kOperandExpected);
      return std::nullopt;
    }
    return parsePath();
  }

  bool atLiteral() const {
    return current_.kind == TokenKind::String || current_.kind == TokenKind::Number ||
           isKeyword("true") || isKeyword("false");
  }

  // The string, number or boolean literal at the current token (atLiteral() holds).
  std::optional<json> parseLiteral() {
    json value;
    if (current_.kind == TokenKind::String) {
      value = current_.text;
    } else if (current_.kind == TokenKind::Number) {
      value = numberValue(current_.raw);
    } else {
      value = current_.text == "true";
    }
    if (!advance()) return std::nullopt;
    return value;
  }

  static json numberValue(std::string_view raw) {
    std::int64_t integer = 0;
    auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), integer);
    if (ec == std::errc{} && end == raw.data() + raw.size()) return integer;
    double real = 0;
    std::from_chars(raw.data(), raw.data() + raw.size(), real);
    return real;
  }

  std::optional<Operand> parseList() {
    Operand operand;
    operand.literal = json::array();
    if (!advance()) return std::nullopt;
    while (true) {
      if (current_.kind == TokenKind::RBracket && operand.literal.empty()) break;
      if (!atLiteral()) {
        fail("a string, a number, true or false in the list");
        return std::nullopt;
      }
      auto item = parseLiteral();
      if (!item) return std::nullopt;
      operand.literal.push_back(std::move(*item));
      if (current_.kind == TokenKind::RBracket) break;
      if (current_.kind != TokenKind::Comma) {
        fail("',' or ']'");
        return std::nullopt;
      }
      if (!advance()) return std::nullopt;
    }
    if (!advance()) return std::nullopt;
    return operand;
  }

  std::optional<Operand> parsePath() {
    std::string_view word = current_.raw;
    Operand operand;
    std::string head = lower(word.substr(0, word.find('.')));
    if (head != "user" && head != "lead") {
      fail("user.<attr> or lead.<attr>");
      return std::nullopt;
    }
    operand.source = head == "user" ? Filter::Source::User : Filter::Source::Lead;
    std::size_t start = head.size();
    while (start < word.size()) { // word[start] is a '.'
      std::size_t end = word.find('.', start + 1);
      if (end == std::string_view::npos) end = word.size();
      if (end == start + 1) break;
      operand.path.emplace_back(word.substr(start + 1, end - start - 1));
      start = end;
    }
    if (start != word.size() || operand.path.empty()) {
      fail("an attribute name after '" + head + ".'");
      return std::nullopt;
    }
    if (operand.source == Filter::Source::Lead) filter_.usesLead_ = true;
    if (!advance()) return std::nullopt;
    return operand;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token current_;
  std::optional<common::Error> error_;
  Filter filter_;
};

common::Result<Filter> Filter::parse(std::string_view text) {
  return FilterParser(text).run();
}

} // namespace sb::routing

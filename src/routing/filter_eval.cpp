// Filter::matches: evaluation never fails; whatever does not compare is simply false.
#include "routing/filter.hpp"

namespace sb::routing {

namespace {

using nlohmann::json;

bool isIndex(const std::string& s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool equalValues(const json& a, const json& b) {
  // Strings first: the common case (states, languages, teams), and json's == is slower.
  if (a.is_string() && b.is_string()) {
    return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
  }
  // json's == compares integers and floats by value.
  return a == b;
}

// Absent, null, false, zero and empty are false; everything else is true.
bool truthy(const json* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) return v->get<double>() != 0.0;
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();
  if (v->is_array() || v->is_object()) return !v->empty();
  return false;
}

// `haystack contains needle`: an array holds the value (or, for a list, any of its
// values); a string holds the substring.
bool contains(const json& haystack, const json& needle) {
  if (haystack.is_array()) {
    for (const auto& element : haystack) {
      if (needle.is_array()) {
        for (const auto& wanted : needle) {
          if (equalValues(element, wanted)) return true;
        }
      } else if (equalValues(element, needle)) {
        return true;
      }
    }
    return false;
  }
  if (haystack.is_string() && needle.is_string()) {
    return haystack.get_ref<const std::string&>().find(needle.get_ref<const std::string&>()) !=
           std::string::npos;
  }
  return false;
}

// Ordering only between two numbers or two strings; -2 means "does not compare".
int order(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>();
    double y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return -2;
}

} // namespace

bool Filter::matches(const json& userAttributes, const json& leadAttributes) const {
  if (root_ < 0) return false;
  return eval(root_, userAttributes, leadAttributes);
}

bool Filter::eval(std::int32_t index, const json& user, const json& lead) const {
  const Node& node = nodes_[static_cast<std::size_t>(index)];
  switch (node.kind) {
  case Kind::Or:
    return eval(node.left, user, lead) || eval(node.right, user, lead);
  case Kind::And:
    return eval(node.left, user, lead) && eval(node.right, user, lead);
  case Kind::Not:
    return !eval(node.left, user, lead);
  case Kind::Compare:
    return compare(node.op, resolve(node.lhs, user, lead),
                   node.op == Op::Truthy ? nullptr : resolve(node.rhs, user, lead));
  }
  return false;
}

const json* Filter::resolve(const Operand& operand, const json& user, const json& lead) {
  if (operand.source == Source::Literal) return &operand.literal;
  const json* current = operand.source == Source::User ? &user : &lead;
  for (const auto& part : operand.path) {
    if (current->is_object()) {
      auto it = current->find(part);
      if (it == current->end()) return nullptr;
      current = &*it;
    } else if (current->is_array() && isIndex(part)) {
      auto i = std::stoul(part);
      if (i >= current->size()) return nullptr;
      current = &(*current)[i];
    } else {
      return nullptr;
    }
  }
  return current->is_null() ? nullptr : current;
}

bool Filter::compare(Op op, const json* lhs, const json* rhs) {
  if (op == Op::Truthy) return truthy(lhs);
  if (lhs == nullptr || rhs == nullptr) return false; // a missing attribute compares false
  switch (op) {
  case Op::Eq:
    return equalValues(*lhs, *rhs);
  case Op::Ne:
    return !equalValues(*lhs, *rhs);
  case Op::Contains:
    return contains(*lhs, *rhs);
  case Op::In:
    return contains(*rhs, *lhs);
  case Op::Lt:
    return order(*lhs, *rhs) == -1;
  case Op::Le: {
    int o = order(*lhs, *rhs);
    return o == -1 || o == 0;
  }
  case Op::Gt:
    return order(*lhs, *rhs) == 1;
  case Op::Ge: {
    int o = order(*lhs, *rhs);
    return o == 1 || o == 0;
  }
  case Op::Truthy:
    break;
  }
  return false;
}

} // namespace sb::routing
